import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

// The house style of every PDF the portal makes (progress reports, subject-access exports): A4,
// Noto Sans embedded (regular and bold, so every Latin, Greek and Cyrillic letter of a name
// prints), the portal's colours, a footer on every page, and a tagged structure (PDF/UA's
// headings, paragraphs, lists and tables, decoration marked as artifacts) in British English.
export const MARGIN = 50;
export const FOOTER_SPACE = 30;
export const INK = '#1b1f24';
export const MUTED = '#4a5560';
export const LINE = '#c5ccd4';
export const TINT = '#eef1f5';
/** The names of the two embedded fonts, for `doc.font(...)`. */
export const REGULAR = 'NotoSans-Regular';
export const BOLD = 'NotoSans-Bold';

// The font files ship in an npm package (pinned in package.json) and are read at run time, from
// wherever Node resolves the package: the source tree, the tests and the built server alike.
let fontFiles: { regular: Buffer; bold: Buffer } | undefined;
function fonts() {
  if (!fontFiles) {
    const require = createRequire(import.meta.url);
    const folder = join(dirname(require.resolve('@embedpdf/fonts-latin')), '..', 'fonts');
    fontFiles = {
      regular: readFileSync(join(folder, 'NotoSans-Regular.ttf')),
      bold: readFileSync(join(folder, 'NotoSans-Bold.ttf')),
    };
  }
  return fontFiles;
}

/** What pdfkit keeps of an embedded font: fontkit's font, which knows which characters it has. */
interface FontkitHolder {
  _font: { font: { hasGlyphForCodePoint(codePoint: number): boolean } };
}

/** PDF/UA attributes of a structure element, e.g. `{ O: 'Table', Scope: 'Column' }`. */
export type StructAttributes = Record<string, string | number>;
export type Struct = PDFKit.PDFStructureElement;

export interface HousePdf {
  doc: PDFKit.PDFDocument;
  /** The finished file, once `doc.end()` has been called. */
  done: Promise<Buffer>;
  left: number;
  width: number;
  /** The structure root (`Document`): every heading, paragraph, list and table goes inside it. */
  root: Struct;
  /** Starts a new page unless `height` more points fit on this one; true when it did. */
  ensureSpace(height: number): boolean;
  /**
   * `text` in characters the embedded font can print: accents it lacks fall back to the plain
   * letter, other characters it lacks become "?", and control characters become spaces, so nothing
   * prints as an empty box or corrupts the page's text.
   */
  printable(text: string | null | undefined): string;
  /** A structure element (Table, TR, L, LI...) inside `parent`, to add elements to. */
  group(type: string, parent: Struct, attributes?: StructAttributes): Struct;
  /**
   * Whatever `draw` writes, as one structure element of `type` (H1, P, TH, TD, Lbl...) inside
   * `parent`; a text that runs on to the next page stays one element.
   */
  tag(type: string, parent: Struct, draw: () => void, attributes?: StructAttributes): void;
  /** Whatever `draw` writes, as an artifact (rules, shading, repeated headings, the footer). */
  artifact(draw: () => void, type?: 'Layout' | 'Pagination'): void;
  /** A thin rule across the text column at `y`, as an artifact (a row's lower edge). */
  rule(y: number): void;
}

// Letters that do not break down into a letter and an accent, for a font that lacked them.
const PLAIN_LETTERS: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h' };

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** A new tagged A4 document with room for the footer, collecting its bytes as it is written. */
export function openHousePdf(info: PDFKit.DocumentInfo & { Title: string }): HousePdf {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_SPACE, left: MARGIN, right: MARGIN },
    bufferPages: true,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    info,
  });
  // From PDF 1.4 pdfkit also writes the document's information as XMP metadata, but puts the
  // values in the XML as they are: a school called "Smith & Jones" would break it. The metadata
  // gets escaped copies; the information dictionary (written before) keeps the real ones.
  const withInfo = doc as unknown as { info: Record<string, unknown>; _addInfo(): void };
  const addInfo = withInfo._addInfo.bind(doc);
  withInfo._addInfo = () => {
    const real = withInfo.info;
    withInfo.info = Object.fromEntries(
      Object.entries(real).map(([key, value]) => [
        key,
        typeof value === 'string' ? value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!) : value,
      ]),
    );
    try {
      addInfo();
    } finally {
      withInfo.info = real;
    }
  };
  const { regular, bold } = fonts();
  doc.registerFont(REGULAR, regular).registerFont(BOLD, bold).font(REGULAR);
  const glyphs = (doc as unknown as FontkitHolder)._font.font;
  const hasGlyph = (char: string) => glyphs.hasGlyphForCodePoint(char.codePointAt(0) ?? 0);

  const root = doc.struct('Document');
  doc.addStructure(root);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const withAttributes = (element: Struct, attributes?: StructAttributes) => {
    if (attributes) {
      (element as unknown as { dictionary: { data: { A?: StructAttributes } } }).dictionary.data.A =
        attributes;
    }
    return element;
  };
  const artifact: HousePdf['artifact'] = (draw, type = 'Layout') => {
    doc.markContent('Artifact', { type });
    draw();
    doc.endMarkedContent();
  };
  return {
    doc,
    done,
    left: MARGIN,
    width: doc.page.width - MARGIN * 2,
    root,
    ensureSpace(height) {
      if (doc.y + height <= bottom()) return false;
      doc.addPage();
      return true;
    },
    printable(text) {
      let out = '';
      for (const char of (text ?? '').normalize('NFC')) {
        const code = char.codePointAt(0) ?? 0;
        if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += code === 0x0a ? '\n' : ' ';
        else if (hasGlyph(char)) out += char;
        else {
          const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
          const printable = base !== '' && base !== char && [...base].every(hasGlyph);
          out += PLAIN_LETTERS[char] ?? (printable ? base : '?');
        }
      }
      return out;
    },
    group(type, parent, attributes) {
      const element = withAttributes(doc.struct(type), attributes);
      parent.add(element);
      return element;
    },
    tag(type, parent, draw, attributes) {
      const element = withAttributes(doc.struct(type), attributes);
      parent.add(element);
      // The parent is part of the tree already, so pdfkit draws this at once, marked as content.
      element.add(draw);
      element.end();
    },
    artifact,
    rule(y) {
      artifact(() =>
        doc
          .moveTo(MARGIN, y)
          .lineTo(doc.page.width - MARGIN, y)
          .lineWidth(0.5)
          .strokeColor(LINE)
          .stroke(),
      );
    },
  };
}

/**
 * Writes the footer on every page (a rule, `text` on the left, "Page x of y" on the right), as
 * pagination artifacts, then ends the document. Call it last: the page count is known only then.
 */
export function finishWithFooters(pdf: HousePdf, text: string): Promise<Buffer> {
  const { doc, left, width } = pdf;
  const footer = pdf.printable(text);
  pdf.root.end();
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const savedBottom = doc.page.margins.bottom;
    // Writing inside the bottom margin must not start another page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN - 12;
    pdf.artifact(() => {
      doc
        .moveTo(left, y - 6)
        .lineTo(left + width, y - 6)
        .lineWidth(0.5)
        .strokeColor(LINE)
        .stroke();
      doc
        .font(REGULAR)
        .fontSize(8)
        .fillColor(MUTED)
        .text(footer, left, y, { width: width - 90, height: 10, ellipsis: true })
        .text(`Page ${i - range.start + 1} of ${range.count}`, left + width - 80, y, {
          width: 80,
          align: 'right',
          lineBreak: false,
        });
    }, 'Pagination');
    doc.page.margins.bottom = savedBottom;
  }
  doc.end();
  return pdf.done;
}
