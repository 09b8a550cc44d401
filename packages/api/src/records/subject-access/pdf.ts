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
 * Everything held about a person as an A4 PDF for them to read (P10, P15), in the embedded Noto
 * Sans: a cover with who it is about, when it was made and what is left out and why, a list of
 * contents, then each section with its heading and a table whose rows run on over as many pages as
 * they need (headings repeated), and on every page the school, the person, the date and the page
 * number. The PDF is tagged for screen readers: the school is the H1, each part an H2, the notes
 * and contents lists, the facts and records tables (TH and TD); rules, shading, repeated headings
 * and footers are artifacts.
 */
export function renderSubjectAccessPdf(input: SubjectAccessPdfInput): Promise<Buffer> {
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: input.timeZone,
  }).format(input.generatedAt);

  const pdf = openHousePdf({
    Title: `Information held about ${input.subjectName}`,
    Author: input.schoolName,
    Subject: 'Subject access export',
    Creator: `${input.schoolName} Parent Portal`,
    CreationDate: input.generatedAt,
  });
  const { doc, left, width, ensureSpace, root, tag, group, artifact, rule } = pdf;
  const t = pdf.printable;
  const schoolName = t(input.schoolName);
  const subjectName = t(input.subjectName);

  // The cover: who, when, by whom, and what is left out.
  tag('H1', root, () =>
    doc.fillColor(INK).font(BOLD).fontSize(18).text(schoolName, left, MARGIN, { width }),
  );
  tag('P', root, () =>
    doc.font(REGULAR).fontSize(14).text('Information held about a person', { width }),
  );
  doc.moveDown(0.2);
  tag('P', root, () => doc.font(BOLD).fontSize(16).text(subjectName, { width }));
  doc.moveDown(0.6);
  const facts: [string, string][] = [
    ['About', input.subjectKind === 'student' ? 'A student' : 'A parent or carer'],
    ['Made on', when],
    ['Made by', input.generatedBy],
  ];
  /** Label and value pairs, as a table whose rows are headed by the labels. */
  const drawFacts = (pairs: readonly [string, string][]) => {
    const table = group('Table', root);
    for (const [label, value] of pairs) {
      const valueText = t(value) || '-';
      const height =
        doc
          .font(REGULAR)
          .fontSize(10)
          .heightOfString(valueText, { width: width - 150 }) + 4;
      ensureSpace(height);
      const y = doc.y;
      const row = group('TR', table);
      tag(
        'TH',
        row,
        () =>
          doc.font(REGULAR).fontSize(10).fillColor(MUTED).text(t(label), left, y, { width: 145 }),
        { O: 'Table', Scope: 'Row' },
      );
      tag('TD', row, () =>
        doc
          .font(REGULAR)
          .fontSize(10)
          .fillColor(INK)
          .text(valueText, left + 150, y, { width: width - 150 }),
      );
      row.end();
      doc.x = left;
      doc.y = Math.max(doc.y, y + height);
    }
    table.end();
  };
  /** A list whose items are headed by a label (a bullet, a number) hanging to the left. */
  const drawList = (
    items: readonly { label: string; text: string }[],
    numbering: 'Disc' | 'Decimal',
    gap: number,
  ) => {
    const list = group('L', root, { O: 'List', ListNumbering: numbering });
    const indent = numbering === 'Disc' ? 12 : 18;
    for (const { label, text } of items) {
      const height = doc
        .font(REGULAR)
        .fontSize(10)
        .heightOfString(text, { width: width - indent });
      ensureSpace(Math.min(height, 30));
      const y = doc.y;
      const item = group('LI', list);
      tag('Lbl', item, () =>
        doc.font(REGULAR).fontSize(10).fillColor(INK).text(label, left, y, { lineBreak: false }),
      );
      tag('LBody', item, () =>
        doc
          .font(REGULAR)
          .fontSize(10)
          .fillColor(INK)
          .text(text, left + indent, y, { width: width - indent, paragraphGap: gap }),
      );
      item.end();
      doc.x = left;
    }
    list.end();
  };
  drawFacts(facts);
  doc.moveDown(0.8);
  tag('H2', root, () =>
    doc.font(BOLD).fontSize(13).fillColor(INK).text('About this export', left, doc.y, { width }),
  );
  doc.moveDown(0.2);
  drawList(
    input.notes.map((note) => ({ label: '•', text: t(note) })),
    'Disc',
    4,
  );
  doc.moveDown(0.6);
  ensureSpace(40);
  tag('H2', root, () =>
    doc.font(BOLD).fontSize(13).fillColor(INK).text('Contents', left, doc.y, { width }),
  );
  doc.moveDown(0.2);
  drawList(
    input.sections.map((section, i) => {
      const entries = section.count ?? section.table?.rows.length;
      const count =
        section.facts !== undefined
          ? section.facts.length > 0
            ? 'details'
            : 'none'
          : `${entries ?? 0} ${entries === 1 ? 'entry' : 'entries'}`;
      return { label: `${i + 1}.`, text: `${t(section.title)} – ${count}` };
    }),
    'Decimal',
    0,
  );

  // Each section.
  for (const [i, section] of input.sections.entries()) {
    doc.moveDown(1.2);
    ensureSpace(70);
    tag('H2', root, () =>
      doc
        .font(BOLD)
        .fontSize(14)
        .fillColor(INK)
        .text(`${i + 1}. ${t(section.title)}`, left, doc.y, { width }),
    );
    tag('P', root, () =>
      doc
        .font(REGULAR)
        .fontSize(9)
        .fillColor(MUTED)
        .text(t(section.description), left, doc.y, { width }),
    );
    doc.moveDown(0.4).fillColor(INK);
    if (section.facts && section.facts.length > 0) {
      drawFacts(section.facts);
    } else if (section.table && section.table.rows.length > 0) {
      drawTable(section.table);
    } else {
      tag('P', root, () =>
        doc
          .font(REGULAR)
          .fontSize(10)
          .fillColor(INK)
          .text(t(section.empty ?? 'Nothing is recorded.'), left, doc.y, { width }),
      );
    }
  }

  function drawTable(table: NonNullable<PdfSection['table']>) {
    const total = table.columns.reduce((sum, c) => sum + c.width, 0);
    const widths = table.columns.map((c) => (c.width / total) * width);
    const structure = group('Table', root);
    const cellHeight = (text: string, cellWidth: number, font: string) =>
      doc
        .font(font)
        .fontSize(TABLE_FONT_SIZE)
        .heightOfString(text || ' ', { width: cellWidth - PAD * 2 }) +
      PAD * 2;
    /** One row; a repeat of the headings on a new page is an artifact, not another row. */
    const drawRow = (cells: string[], font: string, repeat = false) => {
      const header = font === BOLD;
      const height = Math.max(...cells.map((c, i) => cellHeight(c, widths[i]!, font)));
      if (ensureSpace(height) && !header) headerRow(true);
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
              .fontSize(TABLE_FONT_SIZE)
              .text(cell, cellX + PAD, y + PAD, { width: widths[i]! - PAD * 2 });
          if (row) {
            tag(
              header ? 'TH' : 'TD',
              row,
              draw,
              header ? { O: 'Table', Scope: 'Column' } : undefined,
            );
          } else draw();
          x += widths[i]!;
        });
      };
      if (repeat) artifact(() => drawCells(null));
      else {
        const row = group('TR', structure);
        drawCells(row);
        row.end();
      }
      rule(y + height);
      doc.x = left;
      doc.y = y + height;
    };
    const headerCells = table.columns.map((c) => t(c.title));
    const headerRow = (repeat = false) => drawRow(headerCells, BOLD, repeat);
    // Keep the headings with at least the first row.
    ensureSpace(40);
    headerRow();
    for (const row of table.rows) {
      drawRow(
        row.map((cell) => t(clip(cell))),
        REGULAR,
      );
    }
    structure.end();
  }

  doc.moveDown(1);
  ensureSpace(30);
  tag('P', root, () =>
    doc
      .font(REGULAR)
      .fontSize(9)
      .fillColor(MUTED)
      .text(
        `Made by ${schoolName} on ${when}. Questions about this export: contact the school's data protection officer.`,
        left,
        doc.y,
        { width },
      ),
  );

  return finishWithFooters(pdf, `${schoolName} – ${subjectName} – made ${when}`);
}
