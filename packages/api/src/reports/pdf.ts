import {
  finishWithFooters,
  INK,
  LINE,
  MARGIN,
  MUTED,
  openHousePdf,
  TINT,
  toWinAnsi,
} from '../documents';

/** One subject's line of a progress report, as printed. */
export interface ReportPdfSubject {
  subject: string;
  teacher: string | null;
  attainment: string | null;
  target: string | null;
  effort: string | null;
  /** What the effort grade means ("Good"), when it is one of the school's grades. */
  effortMeaning: string | null;
  comment: string | null;
}

export interface ReportPdfInput {
  schoolName: string;
  student: { name: string; yearGroup: number; form: string };
  cycleName: string;
  /** When the school published the report cycle. */
  publishedAt: Date;
  /** When this copy was made: printed on every page. */
  printedAt: Date;
  /** The school's time zone, for the dates above. */
  timeZone: string;
  subjects: readonly ReportPdfSubject[];
  tutor: { name: string | null; comment: string | null };
  effortKey: readonly { grade: string; meaning: string }[];
}

// Cell padding in points; the page itself is the house style (pdf-house-style.ts).
const PAD = 4;

const dateFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone });
const timeFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });

/**
 * A student's progress report as an A4 PDF (P8), in the built-in Helvetica (no font files): the
 * school, the student and the cycle at the top; a table of subjects whose comments wrap and run on
 * to new pages with the table's headings repeated; the tutor's comment; what the effort grades
 * mean; and on every page when it was published and printed, with page numbers.
 */
export function renderReportPdf(input: ReportPdfInput): Promise<Buffer> {
  const t = (value: string | null | undefined) => toWinAnsi(value ?? '');
  const published = dateFormat(input.timeZone).format(input.publishedAt);
  const printed = `${dateFormat(input.timeZone).format(input.printedAt)} at ${timeFormat(input.timeZone).format(input.printedAt)}`;
  const studentName = t(input.student.name);
  const cycleName = t(input.cycleName);
  const schoolName = t(input.schoolName);

  const pdf = openHousePdf({
    // pdfkit writes these as Unicode, so they keep every letter of the names.
    Title: `${input.cycleName} progress report: ${input.student.name}`,
    Author: input.schoolName,
    Subject: 'Progress report',
    Creator: `${input.schoolName} Parent Portal`,
    CreationDate: input.printedAt,
  });
  const { doc, left, width, ensureSpace } = pdf;

  // Heading: who, what and when.
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(18).text(schoolName, left, MARGIN, { width });
  doc.font('Helvetica').fontSize(14).text('Progress report', { width });
  doc.moveDown(0.2).font('Helvetica-Bold').fontSize(13).text(cycleName, { width });
  doc.moveDown(0.6);
  const facts: [string, string][] = [
    ['Student', studentName],
    ['Year and form', `Year ${input.student.yearGroup}, form ${t(input.student.form)}`],
    ['Published', published],
  ];
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font('Helvetica').fontSize(10).fillColor(MUTED).text(label, left, y, { width: 100 });
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .fillColor(INK)
      .text(value, left + 100, y, { width: width - 100 });
    doc.moveDown(0.2);
  }
  doc.moveDown(0.8);

  // The subjects table: a row of grades for each subject, with its comment across the full width.
  const columns = [
    { title: 'Subject', width: 120 },
    { title: 'Teacher', width: 130 },
    { title: 'Attainment', width: 72 },
    { title: 'Target', width: 62 },
    { title: 'Effort', width: width - 120 - 130 - 72 - 62 },
  ];
  const cellHeight = (text: string, cellWidth: number, font: string, size: number) =>
    doc
      .font(font)
      .fontSize(size)
      .heightOfString(text || ' ', { width: cellWidth - PAD * 2 }) +
    PAD * 2;
  const drawRow = (cells: string[], font: string, size: number, shaded: boolean) => {
    const height = Math.max(...cells.map((c, i) => cellHeight(c, columns[i]!.width, font, size)));
    const y = doc.y;
    if (shaded) doc.rect(left, y, width, height).fill(TINT);
    let x = left;
    doc.fillColor(INK).font(font).fontSize(size);
    cells.forEach((cell, i) => {
      doc.text(cell, x + PAD, y + PAD, { width: columns[i]!.width - PAD * 2 });
      x += columns[i]!.width;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(left + width, y + height)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke();
    doc.x = left;
    doc.y = y + height;
  };
  const headerRow = () =>
    drawRow(
      columns.map((c) => c.title),
      'Helvetica-Bold',
      10,
      true,
    );

  doc.font('Helvetica-Bold').fontSize(14).fillColor(INK).text('Subjects', left, doc.y, { width });
  doc.moveDown(0.3);
  if (input.subjects.length === 0) {
    doc.font('Helvetica').fontSize(11).text('No subject grades are recorded in this report.');
  } else {
    headerRow();
    for (const s of input.subjects) {
      const cells = [
        t(s.subject),
        t(s.teacher) || '-',
        t(s.attainment) || '-',
        t(s.target) || '-',
        s.effort ? (s.effortMeaning ? `${t(s.effort)} – ${s.effortMeaning}` : t(s.effort)) : '-',
      ];
      const rowHeight = Math.max(
        ...cells.map((c, i) => cellHeight(c, columns[i]!.width, 'Helvetica', 10)),
      );
      const comment = t(s.comment);
      const commentHeight = comment ? cellHeight(comment, width, 'Helvetica', 10) + 12 : 0;
      // Keep a subject's grades with the start of its comment; repeat the headings on a new page.
      if (ensureSpace(rowHeight + Math.min(commentHeight, 60))) headerRow();
      drawRow(cells, 'Helvetica', 10, false);
      if (comment) {
        const y = doc.y;
        doc
          .font('Helvetica-Bold')
          .fontSize(9)
          .fillColor(MUTED)
          .text(`${t(s.subject)} comment`, left + PAD, y + PAD, { width: width - PAD * 2 });
        doc
          .font('Helvetica')
          .fontSize(10)
          .fillColor(INK)
          .text(comment, left + PAD, doc.y + 1, { width: width - PAD * 2 });
        const end = doc.y + PAD;
        doc
          .moveTo(left, end)
          .lineTo(left + width, end)
          .lineWidth(0.5)
          .strokeColor(LINE)
          .stroke();
        doc.x = left;
        doc.y = end;
      }
    }
  }

  // The tutor's comment.
  doc.moveDown(1);
  ensureSpace(60);
  doc.font('Helvetica-Bold').fontSize(14).fillColor(INK).text('Tutor comment', left, doc.y, {
    width,
  });
  if (input.tutor.name) {
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(MUTED)
      .text(`From ${t(input.tutor.name)}, form tutor`, { width });
  }
  doc
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(11)
    .fillColor(INK)
    .text(t(input.tutor.comment) || 'No tutor comment this time.', { width });

  // What the effort grades mean.
  doc.moveDown(1);
  ensureSpace(30 + input.effortKey.length * 15);
  doc.font('Helvetica-Bold').fontSize(14).text('Effort key', left, doc.y, { width });
  doc.font('Helvetica').fontSize(11);
  for (const { grade, meaning } of input.effortKey) {
    doc.text(`${t(grade)} – ${t(meaning)}`, { width });
  }
  doc.moveDown(1);
  ensureSpace(20);
  doc
    .fontSize(10)
    .fillColor(MUTED)
    .text(`Published by ${schoolName} on ${published}. This copy was printed on ${printed}.`, {
      width,
    });

  return finishWithFooters(pdf, `${studentName} – ${cycleName} – printed ${printed}`);
}
