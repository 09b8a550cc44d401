/**
 * CSV as RFC 4180 describes it: fields separated by commas, optionally in double quotes (a quote
 * inside is doubled), records ending in CRLF or LF, quoted fields may hold line breaks. A leading
 * byte-order mark is ignored. Every record keeps the line number it starts on, so a problem can be
 * reported as "line 14" exactly as a spreadsheet shows it.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is not a record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\r' && input[i + 1] === '\n') {
      // CRLF: the LF ends the record.
    } else if (c === '\n' || c === '\r') {
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 'A quoted value is never closed.');
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  /** The header row's names as written (trimmed); empty when the file is empty or unreadable. */
  header: string[];
  rows: CsvRow[];
  /** Problems with the file as a whole or its header, reported against its line. */
  problems: { line: number; message: string }[];
}

/**
 * A CSV file with a header row, as rows keyed by column name (case-insensitive, trimmed). Missing
 * required columns are problems at line 1; values are trimmed; a row with the wrong number of
 * fields is a problem on its line.
 */
export function readCsvTable(
  text: string,
  columns: { required: readonly string[]; optional?: readonly string[] },
): CsvTable {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      return { header: [], rows: [], problems: [{ line: error.line, message: error.message }] };
    }
    throw error;
  }
  const [header, ...body] = records;
  if (!header) {
    return { header: [], rows: [], problems: [{ line: 1, message: 'The file is empty.' }] };
  }
  const written = header.fields.map((name) => name.trim());
  const names = written.map((name) => name.toLowerCase());
  const missing = columns.required.filter((name) => !names.includes(name.toLowerCase()));
  if (missing.length > 0) {
    const list = missing.map((name) => `"${name}"`).join(', ');
    return {
      header: written,
      rows: [],
      problems: [
        {
          line: header.line,
          message: `Missing column${missing.length === 1 ? '' : 's'} ${list} in the header row.`,
        },
      ],
    };
  }
  const problems: CsvTable['problems'] = [];
  const rows: CsvRow[] = [];
  for (const record of body) {
    if (record.fields.length !== names.length) {
      problems.push({
        line: record.line,
        message: `This row has ${plural(record.fields.length, 'value')} but the header has ${plural(names.length, 'column')}.`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    names.forEach((name, index) => (values[name] = record.fields[index]!.trim()));
    rows.push({ line: record.line, values });
  }
  return { header: written, rows, problems };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
