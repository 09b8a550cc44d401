import { sql, type Kysely } from 'kysely';
import type { DB } from '@schoolgate/db';
import {
  ProblemList,
  Tally,
  chunks,
  describeRef,
  foldText,
  ignoredColumnNotes,
  loadStaffByEmail,
  loadStudents,
  optionalValue,
  readImportTable,
  seenAt,
  studentRefOf,
  type StudentRef,
} from './rows';
import type { Importer, ImportFile, ImportOptions, ImportPlan } from './types';

/**
 * Report grades and comments from the school's management system (docs/imports/reports.md): one
 * row per student per subject, into report cycles created in the admin. A student's report in a
 * cycle is created when it is first needed; its subjects are matched by name (any case).
 */

export const REPORT_COLUMNS = {
  required: ['cycle', 'subject'],
  optional: ['attainment', 'target', 'effort', 'comment', 'teacher_email'],
  oneOf: [['upn', 'student_id']],
} as const;

export const EFFORT_GRADES = ['1', '2', '3', '4'] as const;
export const MAX_GRADE = 40;
export const MAX_COMMENT = 2000;
export const MAX_SUBJECT = 80;

type Optional = string | null | undefined;

interface SubjectRow {
  file: string;
  line: number;
  ref: StudentRef;
  cycle: string;
  subject: string;
  attainment: Optional;
  target: Optional;
  effort: Optional;
  comment: Optional;
  /** undefined: no teacher_email column; null: blank; else the staff id. */
  teacherId: Optional;
}

interface SubjectWrite {
  id: string;
  report_id: string;
  subject: string;
  teacher_staff_id: string | null;
  attainment: string | null;
  target: string | null;
  effort: string | null;
  comment: string | null;
  sort_order: number;
}

export const reportsImporter: Importer = {
  kind: 'reports',
  label: 'Report grades and comments (CSV)',
  description:
    'Each subject’s attainment, target, effort and comment for students’ reports in a report cycle created in the admin, as a CSV file: the format is in docs/imports/reports.md.',
  plan: planReports,
};

async function planReports(
  db: Kysely<DB>,
  files: readonly ImportFile[],
  options: ImportOptions,
  progress?: (done: number, total: number, stage: string) => void,
): Promise<ImportPlan> {
  const problems = new ProblemList();
  const tables = files.map((file) => readImportTable(file, REPORT_COLUMNS));
  const total = tables.reduce((n, t) => n + t.rows.length, 0);
  progress?.(0, total, 'Reading the files');

  const cycleNames = new Set<string>();
  const emails = new Set<string>();
  for (const table of tables) {
    for (const { values } of table.rows) {
      if (values.cycle) cycleNames.add(foldText(values.cycle));
      if (values.teacher_email) emails.add(values.teacher_email.toLowerCase());
    }
  }
  const [cycles, staff] = await Promise.all([
    cycleNames.size === 0
      ? Promise.resolve([])
      : db
          .selectFrom('report_cycles')
          .select([
            'id',
            'name',
            'year_group',
            'publish_at',
            sql<
              string | null
            >`(publish_at at time zone (select time_zone from school_settings where id = 1))::date::text`.as(
              'publish_date',
            ),
          ])
          .where(
            sql<boolean>`lower(regexp_replace(btrim(name), '\\s+', ' ', 'g')) = any(${[...cycleNames]}::text[])`,
          )
          .execute(),
    loadStaffByEmail(db, [...emails]),
  ]);
  const cyclesByName = new Map<string, (typeof cycles)[number][]>();
  for (const cycle of cycles) {
    const key = foldText(cycle.name);
    cyclesByName.set(key, [...(cyclesByName.get(key) ?? []), cycle]);
  }

  // 1. Each row on its own, against the cycles and the staff.
  const rows: SubjectRow[] = [];
  for (const table of tables) {
    for (const p of table.problems) problems.add(p.file, p.line, p.message);
    for (const { line, values } of table.rows) {
      const bad = (message: string) => problems.add(table.file, line, message);
      const before = problems.items.length;
      const ref = studentRefOf(values);
      if (typeof ref === 'string') bad(ref);
      const cycleName = values.cycle ?? '';
      const matches = cyclesByName.get(foldText(cycleName)) ?? [];
      if (cycleName === '') bad('The cycle is missing.');
      else if (matches.length === 0) {
        bad(
          `There is no report cycle called "${cycleName}": create it under Progress reports first.`,
        );
      } else if (matches.length > 1) {
        bad(
          `${matches.length} report cycles are called "${cycleName}": rename all but one under Progress reports, so the import knows which to use.`,
        );
      }
      const subject = values.subject ?? '';
      if (subject === '') bad('The subject is missing.');
      else if (subject.length > MAX_SUBJECT) {
        bad(`The subject is longer than ${MAX_SUBJECT} characters.`);
      }
      const attainment = optionalValue(table, values, 'attainment');
      const target = optionalValue(table, values, 'target');
      for (const [name, value] of [
        ['attainment', attainment],
        ['target', target],
      ] as const) {
        if (value && value.length > MAX_GRADE) {
          bad(`The ${name} is longer than ${MAX_GRADE} characters.`);
        }
      }
      const effort = optionalValue(table, values, 'effort');
      if (effort && !(EFFORT_GRADES as readonly string[]).includes(effort)) {
        bad(`"${effort}" is not an effort grade: write 1, 2, 3 or 4, or leave it blank.`);
      }
      const comment = optionalValue(table, values, 'comment');
      if (comment && comment.length > MAX_COMMENT) {
        bad(`The comment is longer than ${MAX_COMMENT} characters.`);
      }
      const email = optionalValue(table, values, 'teacher_email');
      let teacherId: Optional = email === undefined ? undefined : null;
      if (email) {
        teacherId = staff.get(email.toLowerCase());
        if (!teacherId) bad(`No member of staff has the email "${email}".`);
      }
      if (problems.items.length > before || typeof ref === 'string') continue;
      rows.push({
        file: table.file,
        line,
        ref,
        cycle: cycleName,
        subject,
        attainment,
        target,
        effort,
        comment,
        teacherId,
      });
    }
  }
  progress?.(Math.floor(total / 3), total, 'Finding the students');

  // 2. The students, each in the cycle's year group, each subject once.
  const students = await loadStudents(
    db,
    rows.map((r) => r.ref),
  );
  const planned: { row: SubjectRow; cycleId: string; studentId: string }[] = [];
  const seen = new Map<string, SubjectRow>();
  for (const row of rows) {
    const bad = (message: string) => problems.add(row.file, row.line, message);
    const cycle = cyclesByName.get(foldText(row.cycle))![0]!;
    const student = students.find(row.ref);
    if (typeof student === 'string') {
      bad(student);
      continue;
    }
    if (cycle.year_group !== null && student.yearGroup !== cycle.year_group) {
      bad(
        `The student with ${describeRef(row.ref)} is in Year ${student.yearGroup}, but the cycle "${cycle.name}" is for Year ${cycle.year_group}.`,
      );
      continue;
    }
    const key = JSON.stringify([cycle.id, student.id, foldText(row.subject)]);
    const first = seen.get(key);
    if (first) {
      bad(
        `The student with ${describeRef(row.ref)} already has "${first.subject}" in "${cycle.name}" on ${seenAt(first, row.file)}.`,
      );
      continue;
    }
    seen.set(key, row);
    planned.push({ row, cycleId: cycle.id, studentId: student.id });
  }
  progress?.(Math.floor((total * 2) / 3), total, 'Comparing with the reports on record');

  // 3. The reports and subjects on record, in ONE query.
  const cycleIds = [...new Set(planned.map((p) => p.cycleId))];
  const studentIds = [...new Set(planned.map((p) => p.studentId))];
  const existing =
    planned.length === 0
      ? []
      : await db
          .selectFrom('reports as r')
          .leftJoin('report_subjects as rs', 'rs.report_id', 'r.id')
          .select([
            'r.id as report_id',
            'r.cycle_id',
            'r.student_id',
            'rs.id',
            'rs.subject',
            'rs.teacher_staff_id',
            'rs.attainment',
            'rs.target',
            'rs.effort',
            'rs.comment',
            'rs.sort_order',
          ])
          .where(sql<boolean>`r.cycle_id = any(${cycleIds}::uuid[])`)
          .where(sql<boolean>`r.student_id = any(${studentIds}::uuid[])`)
          .execute();
  const reportIds = new Map<string, string>();
  const nextSort = new Map<string, number>();
  const storedSubjects = new Map<string, (typeof existing)[number]>();
  for (const row of existing) {
    reportIds.set(`${row.cycle_id}|${row.student_id}`, row.report_id);
    if (row.id === null || row.subject === null) continue;
    storedSubjects.set(`${row.report_id}|${foldText(row.subject)}`, row);
    nextSort.set(
      row.report_id,
      Math.max(nextSort.get(row.report_id) ?? 1, (row.sort_order ?? 0) + 1),
    );
  }

  const tally = new Tally(['reports', 'subjects']);
  const newReports: { id: string; cycle_id: string; student_id: string }[] = [];
  const touched = new Map<string, 'add' | 'change' | 'unchanged'>();
  const toWrite: SubjectWrite[] = [];
  /** Students whose reports gain or change a subject (a new report always gains one). */
  const changedStudents = new Set<string>();
  for (const { row, cycleId, studentId } of planned) {
    const reportKey = `${cycleId}|${studentId}`;
    let reportId = reportIds.get(reportKey);
    if (!reportId) {
      reportId = crypto.randomUUID();
      reportIds.set(reportKey, reportId);
      newReports.push({ id: reportId, cycle_id: cycleId, student_id: studentId });
      touched.set(reportId, 'add');
    } else if (!touched.has(reportId)) {
      touched.set(reportId, 'unchanged');
    }
    const stored = storedSubjects.get(`${reportId}|${foldText(row.subject)}`);
    // A column the file leaves out keeps what is stored.
    const keep = <T>(value: T | undefined, before: T | null | undefined): T | null =>
      value === undefined ? (before ?? null) : value;
    const sortOrder = stored?.sort_order ?? nextSort.get(reportId) ?? 1;
    if (!stored) nextSort.set(reportId, sortOrder + 1);
    const write: SubjectWrite = {
      id: stored?.id ?? crypto.randomUUID(),
      report_id: reportId,
      subject: stored?.subject ?? row.subject,
      teacher_staff_id: keep(row.teacherId, stored?.teacher_staff_id),
      attainment: keep(row.attainment, stored?.attainment),
      target: keep(row.target, stored?.target),
      effort: keep(row.effort, stored?.effort),
      comment: keep(row.comment, stored?.comment),
      sort_order: sortOrder,
    };
    if (!stored) {
      tally.count('subjects', 'add');
      toWrite.push(write);
      changedStudents.add(studentId);
      if (touched.get(reportId) === 'unchanged') touched.set(reportId, 'change');
      continue;
    }
    const same =
      stored.teacher_staff_id === write.teacher_staff_id &&
      stored.attainment === write.attainment &&
      stored.target === write.target &&
      stored.effort === write.effort &&
      stored.comment === write.comment;
    tally.count('subjects', same ? 'unchanged' : 'change');
    if (!same) {
      toWrite.push(write);
      changedStudents.add(studentId);
      if (touched.get(reportId) === 'unchanged') touched.set(reportId, 'change');
    }
  }
  for (const outcome of touched.values()) tally.count('reports', outcome);
  progress?.(total, total, 'Checked');

  // What parents will see, cycle by cycle.
  const notes = ignoredColumnNotes(tables);
  const changing = new Set(
    [...touched.entries()].filter(([, o]) => o !== 'unchanged').map(([id]) => id),
  );
  const cyclesChanging = new Set(
    [...reportIds.entries()].filter(([, id]) => changing.has(id)).map(([key]) => key.split('|')[0]),
  );
  const named = cycles
    .filter((c) => cycleIds.includes(c.id))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const cycle of named) {
    if (cycle.publish_at === null) {
      notes.push(`"${cycle.name}" is a draft: parents will see its reports once it is published.`);
    } else if (cycle.publish_at > options.now) {
      notes.push(
        `"${cycle.name}" is to be published on ${cycle.publish_date}: parents will see its reports from then.`,
      );
    } else if (cyclesChanging.has(cycle.id)) {
      notes.push(
        `"${cycle.name}" is already published: parents will see these changes as soon as the import is applied.`,
      );
    }
  }

  return {
    summary: { counts: tally.counts, notes },
    problems: problems.sorted(files.map((f) => f.name)),
    studentIds: [...changedStudents],
    async apply(trx) {
      for (const chunk of chunks(newReports)) {
        await trx
          .insertInto('reports')
          .values(chunk.map((r) => ({ ...r, created_at: options.now, updated_at: options.now })))
          .execute();
      }
      for (const chunk of chunks(toWrite)) {
        await trx
          .insertInto('report_subjects')
          .values(chunk.map((s) => ({ ...s, updated_at: options.now })))
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              teacher_staff_id: eb.ref('excluded.teacher_staff_id'),
              attainment: eb.ref('excluded.attainment'),
              target: eb.ref('excluded.target'),
              effort: eb.ref('excluded.effort'),
              comment: eb.ref('excluded.comment'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    },
  };
}
