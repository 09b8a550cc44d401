import PDFDocument from 'pdfkit';

// The house style of every PDF the portal makes (progress reports, subject-access exports): A4,
// the built-in Helvetica only (no font files), the portal's colours, and a footer on every page.
export const MARGIN = 50;
export const FOOTER_SPACE = 30;
export const INK = '#1b1f24';
export const MUTED = '#4a5560';
export const LINE = '#c5ccd4';
export const TINT = '#eef1f5';

// The characters pdfkit's standard fonts can show beyond Latin-1 (Windows-1252's extras).
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
// Letters that do not break down into a Latin-1 letter and an accent.
const PLAIN_LETTERS: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
};

/**
 * `text` in characters the built-in Helvetica can print (Windows-1252). Accents outside it fall
 * back to the plain letter (Ł stays a letter, not a box), other unprintable characters become "?",
 * and control characters become spaces, so nothing can corrupt the page's text.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += code === 0x0a ? '\n' : ' ';
    else if (code <= 0xff || WIN_ANSI_EXTRAS.has(char)) out += char;
    else {
      const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      const printable = base !== '' && [...base].every((c) => (c.codePointAt(0) ?? 0x100) <= 0xff);
      out += PLAIN_LETTERS[char] ?? (printable ? base : '?');
    }
  }
  return out;
}

export interface HousePdf {
  doc: PDFKit.PDFDocument;
  /** The finished file, once `doc.end()` has been called. */
  done: Promise<Buffer>;
  left: number;
  width: number;
  /** Starts a new page unless `height` more points fit on this one; true when it did. */
  ensureSpace(height: number): boolean;
}

/** A new A4 document with room for the footer, collecting its bytes as it is written. */
export function openHousePdf(info: PDFKit.DocumentInfo): HousePdf {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_SPACE, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  return {
    doc,
    done,
    left: MARGIN,
    width: doc.page.width - MARGIN * 2,
    ensureSpace(height) {
      if (doc.y + height <= bottom()) return false;
      doc.addPage();
      return true;
    },
  };
}

/**
 * Writes the footer on every page (a rule, `text` on the left, "Page x of y" on the right), then
 * ends the document. Call it last: the page count is known only then.
 */
export function finishWithFooters(pdf: HousePdf, text: string): Promise<Buffer> {
  const { doc, left, width } = pdf;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const savedBottom = doc.page.margins.bottom;
    // Writing inside the bottom margin must not start another page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN - 12;
    doc
      .moveTo(left, y - 6)
      .lineTo(left + width, y - 6)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke();
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(text, left, y, { width: width - 90, height: 10, ellipsis: true })
      .text(`Page ${i - range.start + 1} of ${range.count}`, left + width - 80, y, {
        width: 80,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = savedBottom;
  }
  doc.end();
  return pdf.done;
}
