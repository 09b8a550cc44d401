import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, for tests: enough of a PDF reader for what pdfkit writes with its
 * standard fonts. pdfkit compresses each page's content stream (FlateDecode) and writes text as
 * hex-encoded Windows-1252 strings inside `[...] TJ` arrays, split where it kerns. This inflates
 * every compressed stream, and turns each TJ array into one line of text.
 */
export function pdfText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf);
  const asText = raw.toString('latin1');
  const lines: string[] = [];
  const streamStart = /<<((?:(?!<<)[^])*?)>>\s*stream\r?\n/g;
  for (const match of asText.matchAll(streamStart)) {
    const dictionary = match[1] ?? '';
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1]);
    if (!Number.isFinite(length)) throw new Error('A PDF stream has no length.');
    const start = match.index + match[0].length;
    const bytes = raw.subarray(start, start + length);
    const content = /\/Filter\s*\/FlateDecode/.test(dictionary)
      ? inflateSync(bytes).toString('latin1')
      : bytes.toString('latin1');
    for (const array of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      lines.push(decodeHexStrings(array[1] ?? ''));
    }
  }
  return lines.join('\n');
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9f; Node 20's TextDecoder gets these wrong.
const CP1252_EXTRAS = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  return [...bytes]
    .map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_EXTRAS[b - 0x80] : String.fromCharCode(b)))
    .join('');
}

/** The hex strings of one TJ array (`<48656c> -20 <6c6f>`), joined and decoded. */
function decodeHexStrings(array: string): string {
  const hex = [...array.matchAll(/<([0-9a-fA-F\s]*)>/g)]
    .map((m) => (m[1] ?? '').replace(/\s/g, ''))
    .join('');
  if (hex.length % 2 !== 0) throw new Error(`Odd-length hex string in a PDF: ${hex}`);
  return decodeWindows1252(Buffer.from(hex, 'hex'));
}

/**
 * A string from the PDF's document information (Title, Author...), as pdfkit writes it: each
 * value is an object of its own (`/Title 18 0 R`), a literal `(...)` or a hex `<...>` string.
 */
export function pdfInfo(pdf: Uint8Array, key: string): string | null {
  const asText = Buffer.from(pdf).toString('latin1');
  const trailer = asText.slice(asText.lastIndexOf('trailer'));
  const infoRef = /\/Info (\d+) 0 R/.exec(trailer)?.[1];
  if (!infoRef) return null;
  const info = objectBody(asText, infoRef);
  const value = new RegExp(`/${key} (\\d+) 0 R`).exec(info ?? '')?.[1];
  const body = value ? objectBody(asText, value)?.trim() : undefined;
  if (!body) return null;
  const literal = /^\(((?:\\.|[^\\)])*)\)$/s.exec(body);
  const hex = /^<([0-9a-fA-F]*)>$/.exec(body);
  if (!literal && !hex) return null;
  const bytes = literal
    ? Buffer.from(
        (literal[1] ?? '').replace(/\\(.)/gs, (_, c: string) => LITERAL_ESCAPES[c] ?? c),
        'latin1',
      )
    : Buffer.from(hex?.[1] ?? '', 'hex');
  // Text beyond Latin-1 is UTF-16BE with a byte-order mark.
  return bytes[0] === 0xfe && bytes[1] === 0xff
    ? new TextDecoder('utf-16be').decode(bytes.subarray(2))
    : bytes.toString('latin1');
}

const LITERAL_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** The text between `N 0 obj` and `endobj` for object N. */
function objectBody(asText: string, id: string): string | undefined {
  return new RegExp(`(?:^|\\s)${id} 0 obj\\s*([^]*?)endobj`).exec(asText)?.[1];
}
