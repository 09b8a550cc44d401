import { sql, type Kysely } from 'kysely';
import { loadSettings, type DB } from '@schoolgate/db';
import { categoryOf } from '../attendance';
import { sessionsOf, type SessionChoice } from '../absence';
import { closureOn, isWeekend, noSchoolReason, loadSchoolCalendar } from '../core';
import {
  ProblemList,
  Tally,
  chunks,
  describeRef,
  ignoredColumnNotes,
  loadStudents,
  notOnRollReason,
  optionalValue,
  readDate,
  parseWholeNumber,
  readImportTable,
  seenAt,
  studentRefOf,
  type StudentRef,
} from './rows';
import type { Importer, ImportFile, ImportOptions, ImportPlan } from './types';

/**
 * Statutory session marks from the school's management system (docs/imports/attendance.md): one
 * row per student per session, upserted on (student, date, session). Imported marks name no
 * member of staff and are recorded at the time of the import.
 */

export const ATTENDANCE_COLUMNS = {
  required: ['date', 'session', 'code'],
  optional: ['minutes_late', 'note'],
  oneOf: [['upn', 'student_id']],
} as const;

/** Codes a late arrival's minutes go with: late before or after the register closed. */
export const LATE_CODES = ['L', 'U'] as const;
export const MAX_MINUTES_LATE = 300;
/** The register's code for a day the school planned to be closed. */
export const CLOSURE_CODE = '#';
export const MAX_NOTE = 500;

interface MarkRow {
  file: string;
  line: number;
  ref: StudentRef;
  date: string;
  session: 'AM' | 'PM';
  code: string;
  /** undefined: the file has no such column, so what is stored stays. */
  minutesLate: number | null | undefined;
  note: string | null | undefined;
}

interface MarkWrite {
  student_id: string;
  on_date: string;
  session: 'AM' | 'PM';
  code: string;
  minutes_late: number | null;
  note: string | null;
}

export const attendanceImporter: Importer = {
  kind: 'attendance',
  label: 'Attendance marks (CSV)',
  description:
    'AM and PM session marks with the DfE attendance codes, one row per student per session, as a CSV file: the format is in docs/imports/attendance.md.',
  plan: planAttendance,
};

async function planAttendance(
  db: Kysely<DB>,
  files: readonly ImportFile[],
  options: ImportOptions,
  progress?: (done: number, total: number, stage: string) => void,
): Promise<ImportPlan> {
  const problems = new ProblemList();
  const tables = files.map((file) => readImportTable(file, ATTENDANCE_COLUMNS));
  const total = tables.reduce((n, t) => n + t.rows.length, 0);
  progress?.(0, total, 'Reading the files');

  // 1. Each row on its own: the values are well formed.
  const marks: MarkRow[] = [];
  for (const table of tables) {
    for (const p of table.problems) problems.add(p.file, p.line, p.message);
    for (const { line, values } of table.rows) {
      const bad = (message: string) => problems.add(table.file, line, message);
      const before = problems.items.length;
      const ref = studentRefOf(values);
      if (typeof ref === 'string') bad(ref);
      const date = readDate(values.date ?? '', bad);
      const sessionText = (values.session ?? '').toUpperCase();
      if (sessionText === '') bad('The session is missing: write AM or PM.');
      else if (sessionText !== 'AM' && sessionText !== 'PM') {
        bad(`"${values.session}" is not a session: write AM or PM.`);
      }
      const code = (values.code ?? '').toUpperCase();
      if (code === '') bad('The attendance code is missing.');
      else if (categoryOf(code) === null) {
        bad(`"${values.code}" is not an attendance code: use one of the DfE codes in the guide.`);
      }
      const minutesText = optionalValue(table, values, 'minutes_late');
      let minutesLate: number | null | undefined = minutesText === undefined ? undefined : null;
      if (typeof minutesText === 'string') {
        minutesLate = parseWholeNumber(minutesText);
        if (minutesLate === null || minutesLate < 1 || minutesLate > MAX_MINUTES_LATE) {
          bad(
            `"${minutesText}" is not a number of minutes late: write a whole number from 1 to ${MAX_MINUTES_LATE}, or leave it blank.`,
          );
        } else if (code !== '' && !isLateCode(code)) {
          bad(`Minutes late go with code L or U, not "${code}".`);
        }
      }
      const note = optionalValue(table, values, 'note');
      if (typeof note === 'string' && note.length > MAX_NOTE) {
        bad(`The note is longer than ${MAX_NOTE} characters.`);
      }
      if (problems.items.length > before || typeof ref === 'string' || date === null) continue;
      marks.push({
        file: table.file,
        line,
        ref,
        date,
        session: sessionText as 'AM' | 'PM',
        code,
        minutesLate,
        note,
      });
    }
  }
  progress?.(Math.floor(total / 3), total, 'Finding the students');

  // 2. Against the school: the students, the calendar and today.
  const [students, calendar] = await Promise.all([
    loadStudents(
      db,
      marks.map((m) => m.ref),
    ),
    loadSchoolCalendar(db),
  ]);
  const writes = new Map<string, { mark: MarkRow; write: MarkWrite }>();
  for (const mark of marks) {
    const bad = (message: string) => problems.add(mark.file, mark.line, message);
    const student = students.find(mark.ref);
    if (typeof student === 'string') {
      bad(student);
      continue;
    }
    if (mark.date > options.today) {
      bad(`${mark.date} is in the future: marks can be imported up to today (${options.today}).`);
      continue;
    }
    // A planned closure in term (a training day, say) is marked # in the register, if at all.
    const closed = noSchoolReason(mark.date, calendar);
    const closure = closed === null ? null : closureOn(mark.date, calendar);
    if (closed !== null && !(closure && !isWeekend(mark.date) && mark.code === CLOSURE_CODE)) {
      bad(
        closure && !isWeekend(mark.date)
          ? `${mark.date} is not a school day (${closed}): only code # (planned closure) can be imported for it.`
          : `${mark.date} is not a school day (${closed}): there was no register to mark.`,
      );
      continue;
    }
    const notOnRoll = notOnRollReason(student, mark.date, mark.ref);
    if (notOnRoll !== null) {
      bad(notOnRoll);
      continue;
    }
    const key = `${student.id}|${mark.date}|${mark.session}`;
    const first = writes.get(key);
    if (first) {
      bad(
        `The student with ${describeRef(mark.ref)} already has a mark for the ${mark.session} session of ${mark.date} on ${seenAt(first.mark, mark.file)}.`,
      );
      continue;
    }
    writes.set(key, {
      mark,
      write: {
        student_id: student.id,
        on_date: mark.date,
        session: mark.session,
        code: mark.code,
        minutes_late: mark.minutesLate ?? null,
        note: mark.note ?? null,
      },
    });
  }
  progress?.(Math.floor((total * 2) / 3), total, 'Comparing with the marks on record');

  // 3. Against the marks already recorded: add, change or leave.
  const wanted = [...writes.values()];
  const studentIds = [...new Set(wanted.map((w) => w.write.student_id))];
  const dates = [...new Set(wanted.map((w) => w.write.on_date))];
  const existing =
    wanted.length === 0
      ? []
      : await db
          .selectFrom('attendance_marks')
          .select(['student_id', 'on_date', 'session', 'code', 'minutes_late', 'note'])
          .where(sql<boolean>`student_id = any(${studentIds}::uuid[])`)
          .where(sql<boolean>`on_date = any(${dates}::date[])`)
          .execute();
  const stored = new Map(existing.map((m) => [`${m.student_id}|${m.on_date}|${m.session}`, m]));
  const reported = await reportedMarks(db, studentIds, dates);
  const tally = new Tally(['marks']);
  const toWrite: MarkWrite[] = [];
  let keptReported = 0;
  for (const [key, { mark, write }] of writes) {
    const before = stored.get(key);
    if (!before) {
      tally.count('marks', 'add');
      toWrite.push(write);
      continue;
    }
    // The portal's registers are the record: a mark the office set by accepting a parent's
    // absence report stays, as a later register save keeps it (issue 13).
    if (reported.get(key) === before.code && write.code !== before.code) {
      keptReported += 1;
      tally.count('marks', 'unchanged');
      continue;
    }
    // A column the file leaves out keeps what is stored.
    if (mark.minutesLate === undefined) write.minutes_late = before.minutes_late;
    if (mark.note === undefined) write.note = before.note;
    // Only a late mark has minutes late, whatever was stored with the mark before.
    if (!isLateCode(write.code)) write.minutes_late = null;
    const same =
      before.code === write.code &&
      before.minutes_late === write.minutes_late &&
      before.note === write.note;
    tally.count('marks', same ? 'unchanged' : 'change');
    if (!same) toWrite.push(write);
  }
  progress?.(total, total, 'Checked');

  const notes = ignoredColumnNotes(tables);
  if (keptReported > 0) {
    notes.push(
      `${keptReported} mark(s) set by the office when it accepted a parent’s absence report were kept: the portal’s registers are the record (Settings). When the school’s management system is the record, imported marks replace them.`,
    );
  }
  if (toWrite.length > 0) {
    notes.push(
      'Imported marks are recorded as taken at the time of the import, by no particular member of staff.',
    );
  }
  return {
    summary: { counts: tally.counts, notes },
    problems: problems.sorted(files.map((f) => f.name)),
    studentIds: [...new Set(toWrite.map((w) => w.student_id))],
    async apply(trx) {
      for (const chunk of chunks(toWrite)) {
        await trx
          .insertInto('attendance_marks')
          .values(
            chunk.map((w) => ({
              ...w,
              recorded_by_staff_id: null,
              recorded_at: options.now,
              updated_at: options.now,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['student_id', 'on_date', 'session']).doUpdateSet((eb) => ({
              code: eb.ref('excluded.code'),
              minutes_late: eb.ref('excluded.minutes_late'),
              note: eb.ref('excluded.note'),
              recorded_by_staff_id: null,
              recorded_at: eb.ref('excluded.recorded_at'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    },
  };
}

/**
 * When the portal's registers are the record: the sessions (`student|date|session`) that accepted
 * absence reports cover, with the code the office recorded. When the school's management system is
 * the record, none: its imported marks win.
 */
async function reportedMarks(
  db: Kysely<DB>,
  studentIds: string[],
  dates: string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (studentIds.length === 0 || dates.length === 0) return found;
  const settings = await loadSettings(db);
  if (settings.attendance_record === 'mis') return found;
  const sorted = [...dates].sort();
  const rows = await db
    .selectFrom('absence_reports')
    .select(['student_id', 'first_date', 'last_date', 'sessions', 'recorded_code'])
    .where(sql<boolean>`student_id = any(${studentIds}::uuid[])`)
    .where('state', '=', 'accepted')
    .where('kind', '=', 'absence')
    .where('recorded_code', 'is not', null)
    .where('first_date', '<=', sorted[sorted.length - 1]!)
    .where('last_date', '>=', sorted[0]!)
    .execute();
  for (const row of rows) {
    for (const day of dates) {
      if (day < String(row.first_date) || day > String(row.last_date)) continue;
      for (const session of sessionsOf(row.sessions as SessionChoice)) {
        found.set(`${row.student_id}|${day}|${session}`, row.recorded_code ?? '');
      }
    }
  }
  return found;
}

const isLateCode = (code: string) => (LATE_CODES as readonly string[]).includes(code);
