import { sql, type Kysely } from 'kysely';
import type { DB } from '@schoolgate/db';
import { isCalendarDate } from '../core';
import { parseCsv, readCsvTable, type CsvRow } from './csv';
import type { ImportCounts, ImportFile, ImportProblem } from './types';

/**
 * What the CSV importers (attendance, behaviour, timetable, reports) share: reading a file into
 * rows with the file's own line numbers, reading dates, days and weeks the way schools write
 * them, and finding the students and staff that rows name in ONE query each.
 */

/** Rows written per statement: well inside Postgres's 65,535 parameters for any of our tables. */
export const WRITE_CHUNK = 500;

/** `items` in slices of at most `size`. */
export function chunks<T>(items: readonly T[], size = WRITE_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A file's text: UTF-8 (with or without a byte-order mark), or, when it is not valid UTF-8,
 * Windows-1252, which is what Excel writes for "CSV (Comma delimited)" in the UK.
 */
export function decodeText(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    // Node's own 'windows-1252' decoder reads 0x80–0x9F as Latin-1 control codes, so map them here.
    let text = '';
    for (const byte of data) {
      text += byte >= 0x80 && byte < 0xa0 ? CP1252_80_9F[byte - 0x80] : String.fromCharCode(byte);
    }
    return text;
  }
}

/** Windows-1252's characters for the bytes 0x80–0x9F (the five unused ones kept as they are). */
const CP1252_80_9F = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'];

/** The columns a CSV importer reads. */
export interface ColumnSpec {
  required: readonly string[];
  optional?: readonly string[];
  /** Groups of columns of which at least one must be in the header (e.g. upn or student_id). */
  oneOf?: readonly (readonly string[])[];
}

export interface ImportTable {
  file: string;
  rows: CsvRow[];
  problems: ImportProblem[];
  /** The columns the header has (lower case), known or not. */
  columns: Set<string>;
  /** Columns in the header that this import does not read: staff are told they were ignored. */
  ignored: string[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** One uploaded CSV file as rows keyed by column name, with every problem of its shape. */
export function readImportTable(file: ImportFile, spec: ColumnSpec): ImportTable {
  const empty = (message: string, line = 1): ImportTable => ({
    file: file.name,
    rows: [],
    problems: [{ file: file.name, line, message }],
    columns: new Set(),
    ignored: [],
  });
  if (ZIP_MAGIC.every((byte, i) => file.data[i] === byte)) {
    return empty('This is a zip file, not a CSV file: upload the CSV file itself.');
  }
  const text = decodeText(file.data);
  const optional = [...(spec.optional ?? []), ...(spec.oneOf ?? []).flat()];
  const table = readCsvTable(text, { required: spec.required, optional });
  const problems = table.problems.map((p) => ({ file: file.name, ...p }));
  const columns = new Set(headerOf(text, table.rows));
  if (table.rows.length === 0 && problems.length > 0) {
    return { file: file.name, rows: [], problems, columns, ignored: [] };
  }
  for (const group of spec.oneOf ?? []) {
    if (!group.some((name) => columns.has(name))) {
      const names = group.map((name) => `"${name}"`).join(' or ');
      return empty(`The header row needs a column ${names}.`);
    }
  }
  const known = new Set([...spec.required, ...optional]);
  const ignored = [...columns].filter((name) => name !== '' && !known.has(name));
  return { file: file.name, rows: table.rows, problems, columns, ignored };
}

/** The header's column names, lower case: from the rows when there are any, else parsed. */
function headerOf(text: string, rows: readonly CsvRow[]): string[] {
  const first = rows[0];
  if (first) return Object.keys(first.values);
  try {
    return (parseCsv(text)[0]?.fields ?? []).map((name) => name.trim().toLowerCase());
  } catch {
    return [];
  }
}

/** "Column x is not one this import reads" notes for every file. */
export function ignoredColumnNotes(tables: readonly ImportTable[]): string[] {
  return tables.flatMap((table) => {
    const names = table.ignored.map((name) => `"${name}"`).join(', ');
    if (table.ignored.length === 0) return [];
    return table.ignored.length === 1
      ? [`${table.file}: the column ${names} is not read by this import and was ignored.`]
      : [`${table.file}: the columns ${names} are not read by this import and were ignored.`];
  });
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A date written 'YYYY-MM-DD' or, as UK spreadsheets write it, 'DD/MM/YYYY' (day first; one-digit
 * days and months allowed), as 'YYYY-MM-DD'; null for anything else, or a day that does not
 * exist (31/04/2026).
 */
export function parseDate(value: string): string | null {
  const text = value.trim();
  let iso: string | null = null;
  if (ISO_DATE.test(text)) iso = text;
  const uk = UK_DATE.exec(text);
  if (uk) iso = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
  return iso !== null && isCalendarDate(iso) ? iso : null;
}

export const DATE_FORMATS = 'YYYY-MM-DD or DD/MM/YYYY';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

/** A school day of the week: 1–5, "Mon"–"Fri" or "Monday"–"Friday" (any case) → 1 (Monday) to 5. */
export function parseWeekday(value: string): number | null {
  const text = value.trim().toLowerCase();
  if (/^[1-5]$/.test(text)) return Number(text);
  const index = DAYS.findIndex((day) => text.length >= 3 && day.startsWith(text));
  return index === -1 ? null : index + 1;
}

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** A week of a two-week timetable: "A", "B", "1", "2", "Week A", "Week 2" (any case) → 1 or 2. */
export function parseCycleWeek(value: string): 1 | 2 | null {
  const text = value
    .trim()
    .toLowerCase()
    .replace(/^week\s*/, '');
  if (text === 'a' || text === '1') return 1;
  if (text === 'b' || text === '2') return 2;
  return null;
}

/** A whole number written plainly ("3", "-2", "+2"); null for "2.5", "three" or "". */
export function parseWholeNumber(value: string): number | null {
  const text = value.trim();
  if (!/^[+-]?\d{1,6}$/.test(text)) return null;
  return Number(text);
}

/** Text compared the way people mean it: case and runs of spaces do not matter. */
export function sameText(a: string, b: string): boolean {
  return foldText(a) === foldText(b);
}

export function foldText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A UPN as stored: the DfE writes the check letter in capitals. */
export function normaliseUpn(value: string): string {
  return value.trim().toUpperCase();
}

/** How a row names its student: by UPN or by the roster's sourcedId (students.source_id). */
export interface StudentRef {
  upn: string | null;
  sourceId: string | null;
}

/** The student a row names, or why it names none. */
export function studentRefOf(values: Record<string, string>): StudentRef | string {
  const upn = values.upn ? normaliseUpn(values.upn) : null;
  const sourceId = values.student_id?.trim() || null;
  if (!upn && !sourceId) return 'The student is missing: give their upn or student_id.';
  return { upn, sourceId };
}

/** "UPN A123…" or "student_id 42", as the row wrote it. */
export function describeRef(ref: StudentRef): string {
  return ref.sourceId !== null ? `student_id "${ref.sourceId}"` : `UPN "${ref.upn}"`;
}

export interface ImportStudent {
  id: string;
  upn: string | null;
  sourceId: string | null;
  yearGroup: number;
  admissionDate: string;
  leavingDate: string | null;
}

export interface StudentIndex {
  /** The student `ref` names, or a plain-English reason it names none. */
  find(ref: StudentRef): ImportStudent | string;
}

/** Every student the rows name, by UPN or source id, in ONE query however many there are. */
export async function loadStudents(
  db: Kysely<DB>,
  refs: readonly StudentRef[],
): Promise<StudentIndex> {
  const upns = [...new Set(refs.flatMap((r) => (r.upn ? [r.upn] : [])))];
  const sourceIds = [...new Set(refs.flatMap((r) => (r.sourceId ? [r.sourceId] : [])))];
  const rows =
    upns.length + sourceIds.length === 0
      ? []
      : await db
          .selectFrom('students')
          .select(['id', 'upn', 'source_id', 'year_group', 'admission_date', 'leaving_date'])
          .where((eb) =>
            eb.or([
              sql<boolean>`upper(upn) = any(${upns}::text[])`,
              sql<boolean>`source_id = any(${sourceIds}::text[])`,
            ]),
          )
          .execute();
  const students = rows.map((row): ImportStudent => ({
    id: row.id,
    upn: row.upn,
    sourceId: row.source_id,
    yearGroup: row.year_group,
    admissionDate: row.admission_date,
    leavingDate: row.leaving_date,
  }));
  const byUpn = new Map(students.flatMap((s) => (s.upn ? [[s.upn.toUpperCase(), s]] : [])));
  const bySourceId = new Map(students.flatMap((s) => (s.sourceId ? [[s.sourceId, s]] : [])));
  return {
    find(ref) {
      const byId = ref.sourceId !== null ? bySourceId.get(ref.sourceId) : undefined;
      const byNumber = ref.upn !== null ? byUpn.get(ref.upn) : undefined;
      if (ref.sourceId !== null && !byId) return `No student has the student_id "${ref.sourceId}".`;
      if (ref.upn !== null && !byNumber) return `No student has the UPN "${ref.upn}".`;
      if (byId && byNumber && byId.id !== byNumber.id) {
        return `The UPN "${ref.upn}" and the student_id "${ref.sourceId}" are two different students.`;
      }
      const student = byId ?? byNumber;
      if (!student) return 'The student is missing: give their upn or student_id.';
      return student;
    },
  };
}

/**
 * Why a student's record cannot be dated `date`: before they joined or after they left; null
 * when they were on roll then.
 */
export function notOnRollReason(
  student: ImportStudent,
  date: string,
  ref: StudentRef,
): string | null {
  if (date < student.admissionDate) {
    return `The student with ${describeRef(ref)} joined the school on ${student.admissionDate}, after this date.`;
  }
  if (student.leavingDate !== null && date > student.leavingDate) {
    return `The student with ${describeRef(ref)} left the school on ${student.leavingDate}, before this date.`;
  }
  return null;
}

/** Staff by email (any case), in ONE query: lower-cased email → staff id. */
export async function loadStaffByEmail(
  db: Kysely<DB>,
  emails: readonly string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('staff')
    .select(['id', sql<string>`lower(email)`.as('email')])
    .where(sql<boolean>`lower(email) = any(${wanted}::text[])`)
    .execute();
  return new Map(rows.map((row) => [row.email, row.id]));
}

/** Counts of records to add, change and leave alone, per kind of record. */
export class Tally {
  readonly counts: Record<string, ImportCounts> = {};
  constructor(kinds: readonly string[]) {
    for (const kind of kinds) this.counts[kind] = { add: 0, change: 0, unchanged: 0 };
  }
  count(kind: string, outcome: keyof ImportCounts): void {
    const counts = (this.counts[kind] ??= { add: 0, change: 0, unchanged: 0 });
    counts[outcome] += 1;
  }
}

/** Problems of one file, each with that file's name. */
export class ProblemList {
  readonly items: ImportProblem[] = [];
  add(file: string, line: number, message: string): void {
    this.items.push({ file, line, message });
  }
  /** Every problem, ordered by file (as uploaded) then line. */
  sorted(fileOrder: readonly string[]): ImportProblem[] {
    const order = new Map(fileOrder.map((name, i) => [name, i]));
    return [...this.items].sort(
      (a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line,
    );
  }
}

/**
 * A value for an optional column: absent from the header means "leave what is stored" (undefined);
 * present but blank means "no value" (null).
 */
export function optionalValue(
  table: Pick<ImportTable, 'columns'>,
  values: Record<string, string>,
  column: string,
): string | null | undefined {
  if (!table.columns.has(column)) return undefined;
  const value = values[column]?.trim() ?? '';
  return value === '' ? null : value;
}

/** Where a value was first seen, to name it in "also on line 3" (and in which file). */
export function seenAt(first: { file: string; line: number }, file: string): string {
  return first.file === file ? `line ${first.line}` : `line ${first.line} of ${first.file}`;
}

/** A row's date, or null (with the problem said) when it is missing or not a date. */
export function readDate(
  value: string,
  bad: (message: string) => void,
  what = 'date',
): string | null {
  if (value.trim() === '') {
    bad(`The ${what} is missing.`);
    return null;
  }
  const date = parseDate(value);
  if (date === null) bad(`"${value}" is not a date: write dates as ${DATE_FORMATS}.`);
  return date;
}

/** The value that comes up most often; on a tie, the first of them to come up. */
export function mostUsual(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | null = null;
  for (const [value, count] of counts) {
    if (best === null || count > counts.get(best)!) best = value;
  }
  return best;
}
