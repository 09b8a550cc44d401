import { inflateSync } from 'node:zlib';

/**
 * Enough of a PDF reader, for tests, for what pdfkit writes: objects in the clear (no object
 * streams), page contents and fonts' ToUnicode maps compressed (FlateDecode). Text is written as
 * hex strings inside `[...] TJ` arrays, split where it kerns, one BT...ET block for each line:
 * with an embedded font (the house style's Noto Sans) each glyph is two bytes that the font's
 * ToUnicode map turns back into characters; with a standard font (Helvetica) each byte is a
 * Windows-1252 character.
 */
class PdfFile {
  readonly raw: Buffer;
  readonly asText: string;
  private readonly offsets = new Map<string, number>();

  constructor(pdf: Uint8Array) {
    this.raw = Buffer.from(pdf);
    this.asText = this.raw.toString('latin1');
    for (const match of this.asText.matchAll(/(?:^|\s)(\d+) 0 obj\s/g)) {
      this.offsets.set(match[1]!, match.index + match[0].length);
    }
  }

  /** Object `id`'s dictionary (`<< ... >>`, nested ones included), or its whole body if none. */
  dictionary(id: string): string {
    return this.locate(id).text;
  }

  private locate(id: string): { text: string; end: number } {
    const start = this.offsets.get(id);
    if (start === undefined) throw new Error(`The PDF has no object ${id}.`);
    const text = this.asText;
    let i = start;
    while (/\s/.test(text[i] ?? '')) i++;
    if (!text.startsWith('<<', i)) {
      const end = text.indexOf('endobj', i);
      return { text: text.slice(i, end), end };
    }
    let depth = 0;
    for (let j = i; j < text.length - 1; j++) {
      if (text.startsWith('<<', j)) {
        depth++;
        j++;
      } else if (text.startsWith('>>', j)) {
        depth--;
        j++;
        if (depth === 0) return { text: text.slice(i, j + 1), end: j + 1 };
      }
    }
    throw new Error(`Object ${id}'s dictionary does not end.`);
  }

  /** Object `id`'s stream, inflated when compressed. */
  stream(id: string): Buffer {
    const { text: dictionary, end } = this.locate(id);
    const start = /^\s*stream\r?\n/.exec(this.asText.slice(end, end + 20));
    if (!start) throw new Error(`Object ${id} has no stream.`);
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1]);
    if (!Number.isFinite(length)) throw new Error('A PDF stream has no length.');
    const from = end + start[0].length;
    const bytes = this.raw.subarray(from, from + length);
    return /\/Filter\s*\/FlateDecode/.test(dictionary) ? inflateSync(bytes) : bytes;
  }

  /** The catalog's dictionary. */
  catalog(): string {
    const trailer = this.asText.slice(this.asText.lastIndexOf('trailer'));
    const root = /\/Root (\d+) 0 R/.exec(trailer)?.[1];
    if (!root) throw new Error('The PDF has no catalog.');
    return this.dictionary(root);
  }

  /** The pages' object ids, in order. */
  pages(): string[] {
    const walk = (id: string): string[] => {
      const node = this.dictionary(id);
      if (/\/Type\s*\/Page\b(?!s)/.test(node)) return [id];
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node)?.[1] ?? '';
      return [...kids.matchAll(/(\d+) 0 R/g)].flatMap((m) => walk(m[1]!));
    };
    const pages = /\/Pages (\d+) 0 R/.exec(this.catalog())?.[1];
    if (!pages) throw new Error('The PDF has no pages.');
    return walk(pages);
  }

  private readonly decoders = new Map<string, (hex: string) => string>();

  /** How to read the hex strings of the font named `name` on the page with resources `page`. */
  decoder(page: string, name: string): (hex: string) => string {
    const resources = this.resourcesOf(page);
    const fonts = /\/Font\s*<<([^>]*)>>/.exec(resources)?.[1] ?? '';
    const id = new RegExp(`/${name}\\s+(\\d+) 0 R`).exec(fonts)?.[1];
    if (!id) throw new Error(`The page uses font ${name}, which it does not list.`);
    let decode = this.decoders.get(id);
    if (!decode) {
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(this.dictionary(id))?.[1];
      decode = toUnicode ? cmapDecoder(this.stream(toUnicode).toString('latin1')) : winAnsi;
      this.decoders.set(id, decode);
    }
    return decode;
  }

  private resourcesOf(page: string): string {
    const dictionary = this.dictionary(page);
    const ref = /\/Resources (\d+) 0 R/.exec(dictionary)?.[1];
    return ref ? this.dictionary(ref) : dictionary;
  }

  private readonly contents = new Map<string, PageContent>();

  /** A page's text, line by line, and which marked content each line is in. */
  content(page: string): PageContent {
    const known = this.contents.get(page);
    if (known) return known;
    const refs = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(this.dictionary(page))?.[1] ?? '';
    const stream = [...refs.matchAll(/(\d+) 0 R/g)]
      .map((m) => this.stream(m[1]!).toString('latin1'))
      .join('\n');
    const content: PageContent = { lines: [], mcids: new Map(), untagged: [] };
    // Open marked content: a structure element's (its MCID) or an artifact's.
    const marks: { mcid: number | null; artifact: boolean }[] = [];
    let decode: (hex: string) => string = winAnsi;
    let line: string[] | null = null;
    const token =
      /\/(\w+)\s*<<([^]*?)>>\s*BDC|\/(\w+)\s+BMC|(?:^|\s)(EMC|BT|ET)(?=\s|$)|\/([\w.+-]+)\s+[-\d.]+\s+Tf|\[((?:<[0-9a-fA-F\s]*>|[^\]<])*)\]\s*TJ|^(f\*?|F|S|s|B\*?|b\*?)$/gm;
    for (const m of stream.matchAll(token)) {
      if (m[1] !== undefined) {
        const mcid = /\/MCID (\d+)/.exec(m[2] ?? '')?.[1];
        marks.push({
          mcid: mcid === undefined ? null : Number(mcid),
          artifact: m[1] === 'Artifact',
        });
      } else if (m[3] !== undefined) {
        marks.push({ mcid: null, artifact: m[3] === 'Artifact' });
      } else if (m[4] === 'EMC') marks.pop();
      else if (m[4] === 'BT') line = [];
      else if (m[4] === 'ET' && line) {
        const text = line.join('');
        content.lines.push(text);
        const mcid = marks.findLast((mark) => mark.mcid !== null)?.mcid;
        if (mcid !== undefined && mcid !== null) {
          content.mcids.set(mcid, [...(content.mcids.get(mcid) ?? []), text]);
        } else if (!marks.some((mark) => mark.artifact)) content.untagged.push(text);
        line = null;
      } else if (m[5] !== undefined) decode = this.decoder(page, m[5]);
      else if (m[6] !== undefined) {
        const hex = [...m[6].matchAll(/<([0-9a-fA-F\s]*)>/g)]
          .map((h) => (h[1] ?? '').replace(/\s/g, ''))
          .join('');
        if (hex.length % 2 !== 0) throw new Error(`Odd-length hex string in a PDF: ${hex}`);
        (line ??= []).push(decode(hex));
      } else if (m[7] !== undefined && marks.length === 0) {
        content.untagged.push(`(a shape painted with ${m[7]})`);
      }
    }
    this.contents.set(page, content);
    return content;
  }
}

interface PageContent {
  /** Each BT...ET block's text, in the order drawn. */
  lines: string[];
  /** The lines inside each marked-content id (MCID), which structure elements refer to. */
  mcids: Map<number, string[]>;
  /** Text and shapes drawn outside any structure element or artifact. */
  untagged: string[];
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9f; Node 20's TextDecoder gets these wrong.
const CP1252_EXTRAS = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function winAnsi(hex: string): string {
  return [...Buffer.from(hex, 'hex')]
    .map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_EXTRAS[b - 0x80] : String.fromCharCode(b)))
    .join('');
}

/** UTF-16BE hex (`0041`, `d83d de00`, `0066 0066 0069`) as a string. */
const utf16 = (hex: string) =>
  new TextDecoder('utf-16be').decode(Buffer.from(hex.replace(/\s/g, ''), 'hex'));

/**
 * A decoder for two-byte codes through a ToUnicode CMap's bfchar and bfrange entries (pdfkit
 * writes `<start> <end> [<dst> <dst>...]`; `<start> <end> <dst>` counts up from dst).
 */
function cmapDecoder(cmap: string): (hex: string) => string {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfrange([^]*?)endbfrange/g)) {
    const entry = /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g;
    for (const [, start, end, target] of (block[1] ?? '').matchAll(entry)) {
      const from = parseInt(start!, 16);
      const to = parseInt(end!, 16);
      if (target!.startsWith('[')) {
        const targets = [...target!.matchAll(/<([0-9a-fA-F\s]*)>/g)].map((t) => utf16(t[1]!));
        targets.forEach((text, i) => map.set(from + i, text));
      } else {
        const first = utf16(target!.slice(1, -1));
        for (let code = from; code <= to; code++) {
          map.set(
            code,
            first.slice(0, -1) +
              String.fromCharCode(first.charCodeAt(first.length - 1) + code - from),
          );
        }
      }
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([^]*?)endbfchar/g)) {
    for (const [, code, target] of (block[1] ?? '').matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g,
    )) {
      map.set(parseInt(code!, 16), utf16(target!));
    }
  }
  return (hex) => {
    let out = '';
    for (let i = 0; i < hex.length; i += 4) {
      const code = parseInt(hex.slice(i, i + 4), 16);
      const text = map.get(code);
      if (text === undefined) throw new Error(`The font's ToUnicode map has no code ${code}.`);
      out += text;
    }
    return out;
  };
}

/** The text a PDF shows, one line for each line of text drawn, page after page. */
export function pdfText(pdf: Uint8Array): string {
  const file = new PdfFile(pdf);
  return file
    .pages()
    .flatMap((page) => file.content(page).lines)
    .join('\n');
}

/** What makes the PDF a tagged one, from its catalog. */
export function pdfCatalog(pdf: Uint8Array): {
  marked: boolean;
  structTreeRoot: boolean;
  lang: string | null;
  displayDocTitle: boolean;
} {
  const file = new PdfFile(pdf);
  const catalog = file.catalog();
  const resolve = (key: string) => {
    const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(catalog)?.[1];
    return ref
      ? file.dictionary(ref)
      : (new RegExp(`/${key}\\s*(<<[^>]*>>)`).exec(catalog)?.[1] ?? '');
  };
  return {
    marked: /\/Marked true/.test(resolve('MarkInfo')),
    structTreeRoot: /\/Type \/StructTreeRoot/.test(resolve('StructTreeRoot')),
    lang: /\/Lang \(([^)]*)\)/.exec(catalog)?.[1] ?? null,
    displayDocTitle: /\/DisplayDocTitle true/.test(resolve('ViewerPreferences')),
  };
}

/** A structure element: its type (H1, P, Table...), its attributes, its own text and children. */
export interface PdfStructElement {
  type: string;
  attributes: string;
  /** The text of the content marked for this element itself (not its children's), in order. */
  text: string;
  children: PdfStructElement[];
}

/**
 * The structure tree a screen reader follows, from the catalog's StructTreeRoot down, each
 * element with the text of the marked content it owns; and the text and shapes drawn outside any
 * element or artifact (none, in a fully tagged PDF).
 */
export function pdfStructure(pdf: Uint8Array): { root: PdfStructElement[]; untagged: string[] } {
  const file = new PdfFile(pdf);
  const rootRef = /\/StructTreeRoot (\d+) 0 R/.exec(file.catalog())?.[1];
  const pages = file.pages();
  const untagged = pages.flatMap((page) => file.content(page).untagged);
  if (!rootRef) return { root: [], untagged };
  const kids = (dictionary: string) => {
    const k = /\/K\s*(\[(?:<<[^>]*>>|[^\]])*\]|\d+ 0 R|\d+)/.exec(dictionary)?.[1] ?? '';
    return [...k.matchAll(/<<([^>]*)>>|(\d+) 0 R|(\d+)/g)];
  };
  const element = (id: string): PdfStructElement => {
    const dictionary = file.dictionary(id);
    // The element's own page, not one of a marked-content reference's in its /K.
    const page = /\/Pg (\d+) 0 R/.exec(
      dictionary.replace(/\/K\s*\[(?:<<[^>]*>>|[^\]])*\]/, ''),
    )?.[1];
    const node: PdfStructElement = {
      type: /\/S \/(\w+)/.exec(dictionary)?.[1] ?? '?',
      attributes: /\/A\s*(<<[^>]*>>)/.exec(dictionary)?.[1] ?? '',
      text: '',
      children: [],
    };
    const texts: string[] = [];
    for (const [, mcr, ref, mcid] of kids(dictionary)) {
      if (ref) node.children.push(element(ref));
      else if (mcid && page) texts.push(...(file.content(page).mcids.get(Number(mcid)) ?? []));
      else if (mcr) {
        const onPage = /\/Pg (\d+) 0 R/.exec(mcr)?.[1] ?? page;
        const id = /\/MCID (\d+)/.exec(mcr)?.[1];
        if (onPage && id) texts.push(...(file.content(onPage).mcids.get(Number(id)) ?? []));
      }
    }
    node.text = texts.join('\n');
    return node;
  };
  const root = kids(file.dictionary(rootRef)).flatMap(([, , ref]) => (ref ? [element(ref)] : []));
  return { root, untagged };
}

/** Every element of a structure tree, depth first (the order a screen reader reads). */
export function structElements(tree: readonly PdfStructElement[]): PdfStructElement[] {
  return tree.flatMap((node) => [node, ...structElements(node.children)]);
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

/** The XMP metadata stream (uncompressed, as pdfkit writes it), or null. */
export function pdfMetadata(pdf: Uint8Array): string | null {
  const file = new PdfFile(pdf);
  const ref = /\/Metadata (\d+) 0 R/.exec(file.catalog())?.[1];
  return ref ? file.stream(ref).toString('utf8') : null;
}

const LITERAL_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** The text between `N 0 obj` and `endobj` for object N. */
function objectBody(asText: string, id: string): string | undefined {
  return new RegExp(`(?:^|\\s)${id} 0 obj\\s*([^]*?)endobj`).exec(asText)?.[1];
}
