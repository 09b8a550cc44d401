import {
  BOLD,
  finishWithFooters,
  INK,
  MARGIN,
  MUTED,
  openHousePdf,
  REGULAR,
  TINT,
  type Struct,
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
 * A student's progress report as an A4 PDF (P8), in the embedded Noto Sans: the school, the
 * student and the cycle at the top; a table of subjects whose comments wrap and run on to new
 * pages with the table's headings repeated; the tutor's comment; what the effort grades mean; and
 * on every page when it was published and printed, with page numbers. The PDF is tagged, so a
 * screen reader follows it: the school is the H1, each part an H2, the facts and subjects tables
 * (TH and TD), the effort key a list, and the rules, shading and footers are artifacts.
 */
export function renderReportPdf(input: ReportPdfInput): Promise<Buffer> {
  const published = dateFormat(input.timeZone).format(input.publishedAt);
  const printed = `${dateFormat(input.timeZone).format(input.printedAt)} at ${timeFormat(input.timeZone).format(input.printedAt)}`;

  const pdf = openHousePdf({
    // pdfkit writes these as Unicode, so they keep every letter of the names.
    Title: `${input.cycleName} progress report: ${input.student.name}`,
    Author: input.schoolName,
    Subject: 'Progress report',
    Creator: `${input.schoolName} Parent Portal`,
    CreationDate: input.printedAt,
  });
  const { doc, left, width, ensureSpace, root, tag, group, artifact, rule } = pdf;
  const t = pdf.printable;
  const studentName = t(input.student.name);
  const cycleName = t(input.cycleName);
  const schoolName = t(input.schoolName);

  // Heading: who, what and when.
  tag('H1', root, () =>
    doc.fillColor(INK).font(BOLD).fontSize(18).text(schoolName, left, MARGIN, { width }),
  );
  tag('P', root, () => doc.font(REGULAR).fontSize(14).text('Progress report', { width }));
  doc.moveDown(0.2);
  tag('P', root, () => doc.font(BOLD).fontSize(13).text(cycleName, { width }));
  doc.moveDown(0.6);
  const facts: [string, string][] = [
    ['Student', studentName],
    ['Year and form', `Year ${input.student.yearGroup}, form ${t(input.student.form)}`],
    ['Published', published],
  ];
  const factsTable = group('Table', root);
  for (const [label, value] of facts) {
    const y = doc.y;
    const row = group('TR', factsTable);
    tag(
      'TH',
      row,
      () => doc.font(REGULAR).fontSize(10).fillColor(MUTED).text(label, left, y, { width: 100 }),
      { O: 'Table', Scope: 'Row' },
    );
    tag('TD', row, () =>
      doc
        .font(BOLD)
        .fontSize(11)
        .fillColor(INK)
        .text(value, left + 100, y, { width: width - 100 }),
    );
    row.end();
    doc.moveDown(0.2);
  }
  factsTable.end();
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
  /** One row; `table` is where its cells go, or none for a repeat of the headings (an artifact). */
  const drawRow = (cells: string[], font: string, size: number, table: Struct | null) => {
    const header = font === BOLD;
    const height = Math.max(...cells.map((c, i) => cellHeight(c, columns[i]!.width, font, size)));
    const y = doc.y;
    if (header) artifact(() => doc.rect(left, y, width, height).fill(TINT));
    const drawCells = (row: Struct | null) => {
      let x = left;
      cells.forEach((cell, i) => {
        const cellX = x;
        const draw = () =>
          doc
            .fillColor(INK)
            .font(font)
            .fontSize(size)
            .text(cell, cellX + PAD, y + PAD, { width: columns[i]!.width - PAD * 2 });
        if (row) {
          tag(
            header ? 'TH' : 'TD',
            row,
            draw,
            header ? { O: 'Table', Scope: 'Column' } : undefined,
          );
        } else draw();
        x += columns[i]!.width;
      });
    };
    if (table) {
      const row = group('TR', table);
      drawCells(row);
      row.end();
    } else artifact(() => drawCells(null));
    rule(y + height);
    doc.x = left;
    doc.y = y + height;
  };
  const headerCells = columns.map((c) => c.title);

  tag('H2', root, () =>
    doc.font(BOLD).fontSize(14).fillColor(INK).text('Subjects', left, doc.y, { width }),
  );
  doc.moveDown(0.3);
  if (input.subjects.length === 0) {
    tag('P', root, () =>
      doc.font(REGULAR).fontSize(11).text('No subject grades are recorded in this report.'),
    );
  } else {
    const table = group('Table', root);
    drawRow(headerCells, BOLD, 10, table);
    for (const s of input.subjects) {
      const cells = [
        t(s.subject),
        t(s.teacher) || '-',
        t(s.attainment) || '-',
        t(s.target) || '-',
        s.effort ? (s.effortMeaning ? `${t(s.effort)} – ${t(s.effortMeaning)}` : t(s.effort)) : '-',
      ];
      const rowHeight = Math.max(
        ...cells.map((c, i) => cellHeight(c, columns[i]!.width, REGULAR, 10)),
      );
      const comment = t(s.comment);
      const commentHeight = comment ? cellHeight(comment, width, REGULAR, 10) + 12 : 0;
      // Keep a subject's grades with the start of its comment; repeat the headings on a new page.
      if (ensureSpace(rowHeight + Math.min(commentHeight, 60))) {
        drawRow(headerCells, BOLD, 10, null);
      }
      drawRow(cells, REGULAR, 10, table);
      if (comment) {
        const y = doc.y;
        const row = group('TR', table);
        tag(
          'TD',
          row,
          () => {
            doc
              .font(BOLD)
              .fontSize(9)
              .fillColor(MUTED)
              .text(`${t(s.subject)} comment`, left + PAD, y + PAD, { width: width - PAD * 2 });
            doc
              .font(REGULAR)
              .fontSize(10)
              .fillColor(INK)
              .text(comment, left + PAD, doc.y + 1, { width: width - PAD * 2 });
          },
          { O: 'Table', ColSpan: columns.length },
        );
        row.end();
        const end = doc.y + PAD;
        rule(end);
        doc.x = left;
        doc.y = end;
      }
    }
    table.end();
  }

  // The tutor's comment.
  doc.moveDown(1);
  ensureSpace(60);
  tag('H2', root, () =>
    doc.font(BOLD).fontSize(14).fillColor(INK).text('Tutor comment', left, doc.y, { width }),
  );
  if (input.tutor.name) {
    const from = `From ${t(input.tutor.name)}, form tutor`;
    tag('P', root, () => doc.font(REGULAR).fontSize(10).fillColor(MUTED).text(from, { width }));
  }
  doc.moveDown(0.3);
  tag('P', root, () =>
    doc
      .font(REGULAR)
      .fontSize(11)
      .fillColor(INK)
      .text(t(input.tutor.comment) || 'No tutor comment this time.', { width }),
  );

  // What the effort grades mean.
  doc.moveDown(1);
  ensureSpace(30 + input.effortKey.length * 15);
  tag('H2', root, () =>
    doc.font(BOLD).fontSize(14).fillColor(INK).text('Effort key', left, doc.y, { width }),
  );
  const key = group('L', root, { O: 'List', ListNumbering: 'None' });
  for (const { grade, meaning } of input.effortKey) {
    const item = group('LI', key);
    tag('LBody', item, () =>
      doc
        .font(REGULAR)
        .fontSize(11)
        .fillColor(INK)
        .text(`${t(grade)} – ${t(meaning)}`, { width }),
    );
    item.end();
  }
  key.end();
  doc.moveDown(1);
  ensureSpace(20);
  tag('P', root, () =>
    doc
      .font(REGULAR)
      .fontSize(10)
      .fillColor(MUTED)
      .text(`Published by ${schoolName} on ${published}. This copy was printed on ${printed}.`, {
        width,
      }),
  );

  return finishWithFooters(pdf, `${studentName} – ${cycleName} – printed ${printed}`);
}
