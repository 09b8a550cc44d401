/**
 * CSV for spreadsheets (RFC 4180), safe to open: a cell a spreadsheet would read as a formula is
 * made plain text first (OWASP "CSV injection"), so an audit entry holding `=HYPERLINK(...)` in a
 * user agent or a search term cannot run when the office opens the export.
 */

/** Characters that make a spreadsheet treat a cell as a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell's value as plain text: a leading formula character gets a single quote before it. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One cell: neutralised, then quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = neutraliseFormula(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole table: one line per row, CRLF between lines as RFC 4180 asks, and a final CRLF. */
export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly (string | number | boolean | null | undefined)[]>,
): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
