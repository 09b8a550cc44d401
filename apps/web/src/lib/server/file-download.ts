/** A file as the router hands it over: its name, its type and its bytes in base64. */
export interface RouterFile {
  fileName: string;
  contentType: string;
  data: string;
}

const SIMPLE_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/**
 * The file name as the browser should save it: no folders, no control characters, nothing that
 * could end the header's quoted string, and never empty.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).at(-1) ?? '';
  const printable = [...base].filter((c) => c >= ' ' && c !== '\u007f' && c !== '"').join('');
  const cleaned = printable.trim().replace(/^\.+/, '');
  return cleaned.slice(0, 150) || 'download';
}

/** `filename=` for old browsers (plain ASCII) and `filename*=` with the real name for the rest. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/[\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A download of a school file (a notice's attachment, an information document): always saved,
 * never shown inline, never sniffed into another type, and never kept in a cache.
 */
export function fileDownload(file: RouterFile): Response {
  const bytes = Buffer.from(file.data, 'base64');
  const type = SIMPLE_TYPE.test(file.contentType) ? file.contentType : 'application/octet-stream';
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': type,
      'Content-Length': String(bytes.length),
      'Content-Disposition': contentDisposition(safeFileName(file.fileName)),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}
