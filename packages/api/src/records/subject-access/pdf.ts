import {
  finishWithFooters,
  INK,
  LINE,
  MARGIN,
  MUTED,
  openHousePdf,
  TINT,
  toWinAnsi,
} from '../../documents';

/** One section of the export as printed: a heading, what it holds, then facts or a table. */
export interface PdfSection {
  title: string;
  description: string;
  /** Label and value pairs, for a single record. */
  facts?: [string, string][];
  /** Rows of a table; column widths are relative and shared out across the page. */
  table?: { columns: { title: string; width: number }[]; rows: string[][] };
  /** What to say when there are no facts or rows. */
  empty?: string;
  /** How many records the section holds, for the contents ("3 reports"); rows by default. */
  count?: number;
}

export interface SubjectAccessPdfInput {
  schoolName: string;
  subjectName: string;
  subjectKind: 'student' | 'contact';
  generatedAt: Date;
  generatedBy: string;
  timeZone: string;
  notes: readonly string[];
  sections: readonly PdfSection[];
}

// Table cells in points; the page itself is the house style (pdf-house-style.ts).
const PAD = 3;
const TABLE_FONT_SIZE = 8;
/** Longer cells are cut short in print; the JSON file has every word. */
const MAX_CELL_CHARACTERS = 700;

const clip = (text: string) =>
  text.length > MAX_CELL_CHARACTERS
    ? `${text.slice(0, MAX_CELL_CHARACTERS)}… (the JSON file has the full text)`
    : text;

/**
 * Everything held about a person as an A4 PDF for them to read (P10, P15), in the built-in
 * Helvetica: a cover with who it is about, when it was made and what is left out and why, a list
 * of contents, then each section with its heading and a table whose rows run on over as many
 * pages as they need (headings repeated), and on every page the school, the person, the date and
 * the page number.
 */
export function renderSubjectAccessPdf(input: SubjectAccessPdfInput): Promise<Buffer> {
  const t = (value: string | null | undefined) => toWinAnsi(value ?? '');
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: input.timeZone,
  }).format(input.generatedAt);
  const schoolName = t(input.schoolName);
  const subjectName = t(input.subjectName);

  const pdf = openHousePdf({
    Title: `Information held about ${input.subjectName}`,
    Author: input.schoolName,
    Subject: 'Subject access export',
    Creator: `${input.schoolName} Parent Portal`,
    CreationDate: input.generatedAt,
  });
  const { doc, left, width, ensureSpace } = pdf;

  // The cover: who, when, by whom, and what is left out.
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(18).text(schoolName, left, MARGIN, { width });
  doc.font('Helvetica').fontSize(14).text('Information held about a person', { width });
  doc.moveDown(0.2).font('Helvetica-Bold').fontSize(16).text(subjectName, { width });
  doc.moveDown(0.6);
  const facts: [string, string][] = [
    ['About', input.subjectKind === 'student' ? 'A student' : 'A parent or carer'],
    ['Made on', when],
    ['Made by', t(input.generatedBy)],
  ];
  const drawFacts = (pairs: readonly [string, string][]) => {
    for (const [label, value] of pairs) {
      const valueText = t(value) || '-';
      const height =
        doc
          .font('Helvetica')
          .fontSize(10)
          .heightOfString(valueText, { width: width - 150 }) + 4;
      ensureSpace(height);
      const y = doc.y;
      doc.font('Helvetica').fontSize(10).fillColor(MUTED).text(t(label), left, y, { width: 145 });
      doc
        .font('Helvetica')
        .fontSize(10)
        .fillColor(INK)
        .text(valueText, left + 150, y, { width: width - 150 });
      doc.x = left;
      doc.y = Math.max(doc.y, y + height);
    }
  };
  drawFacts(facts);
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(13).fillColor(INK).text('About this export', left, doc.y, {
    width,
  });
  doc.moveDown(0.2);
  for (const note of input.notes) {
    ensureSpace(30);
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(INK)
      .text(`•  ${t(note)}`, left, doc.y, { width, paragraphGap: 4 });
  }
  doc.moveDown(0.6);
  ensureSpace(40);
  doc.font('Helvetica-Bold').fontSize(13).text('Contents', left, doc.y, { width });
  doc.moveDown(0.2);
  input.sections.forEach((section, i) => {
    const entries = section.count ?? section.table?.rows.length;
    const count =
      section.facts !== undefined
        ? section.facts.length > 0
          ? 'details'
          : 'none'
        : `${entries ?? 0} ${entries === 1 ? 'entry' : 'entries'}`;
    ensureSpace(14);
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(`${i + 1}. ${t(section.title)} – ${count}`, left, doc.y, { width });
  });

  // Each section.
  for (const [i, section] of input.sections.entries()) {
    doc.moveDown(1.2);
    ensureSpace(70);
    doc
      .font('Helvetica-Bold')
      .fontSize(14)
      .fillColor(INK)
      .text(`${i + 1}. ${t(section.title)}`, left, doc.y, { width });
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor(MUTED)
      .text(t(section.description), left, doc.y, { width });
    doc.moveDown(0.4).fillColor(INK);
    if (section.facts && section.facts.length > 0) {
      drawFacts(section.facts);
    } else if (section.table && section.table.rows.length > 0) {
      drawTable(section.table);
    } else {
      doc
        .font('Helvetica')
        .fontSize(10)
        .fillColor(INK)
        .text(t(section.empty ?? 'Nothing is recorded.'), left, doc.y, { width });
    }
  }

  function drawTable(table: NonNullable<PdfSection['table']>) {
    const total = table.columns.reduce((sum, c) => sum + c.width, 0);
    const widths = table.columns.map((c) => (c.width / total) * width);
    const cellHeight = (text: string, cellWidth: number, font: string) =>
      doc
        .font(font)
        .fontSize(TABLE_FONT_SIZE)
        .heightOfString(text || ' ', { width: cellWidth - PAD * 2 }) +
      PAD * 2;
    const drawRow = (cells: string[], font: string, shaded: boolean) => {
      const height = Math.max(...cells.map((c, i) => cellHeight(c, widths[i]!, font)));
      if (ensureSpace(height) && !shaded) headerRow();
      const y = doc.y;
      if (shaded) doc.rect(left, y, width, height).fill(TINT);
      let x = left;
      doc.fillColor(INK).font(font).fontSize(TABLE_FONT_SIZE);
      cells.forEach((cell, i) => {
        doc.text(cell, x + PAD, y + PAD, { width: widths[i]! - PAD * 2 });
        x += widths[i]!;
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
    const headerCells = table.columns.map((c) => t(c.title));
    const headerRow = () => drawRow(headerCells, 'Helvetica-Bold', true);
    // Keep the headings with at least the first row.
    ensureSpace(40);
    headerRow();
    for (const row of table.rows) {
      drawRow(
        row.map((cell) => t(clip(cell))),
        'Helvetica',
        false,
      );
    }
  }

  doc.moveDown(1);
  ensureSpace(30);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      `Made by ${schoolName} on ${when}. Questions about this export: contact the school's data protection officer.`,
      left,
      doc.y,
      { width },
    );

  return finishWithFooters(pdf, `${schoolName} – ${subjectName} – made ${when}`);
}
