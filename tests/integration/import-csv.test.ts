import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { seedDemoSchool } from '@schoolgate/db/demo';
import { runImport, type ImportResult } from '../../packages/api/src/imports';
import type { ImportFile, ImportKind } from '../../packages/api/src/imports';
import { freshDatabase } from './support/database';
import { callerFor, newStaff } from './support/factories';
import {
  buildImportSchool,
  csvFile,
  HALF_TERM,
  snapshot,
  TEST_NOW,
  type ImportSchool,
} from './support/import-csv-files';
import { countingQueries } from './support/query-counter';

let db: Database;
let school: ImportSchool;

beforeAll(async () => {
  db = await freshDatabase();
  school = await buildImportSchool(db);
});

const run = (kind: ImportKind, files: ImportFile[], apply = true, on: Database = db) =>
  runImport(on, { kind, files, apply, now: TEST_NOW, userId: null });

/** Applies `files`, which must have no problems, then applies them again: nothing changes. */
async function importTwice(kind: ImportKind, files: ImportFile[]) {
  const first = await run(kind, files);
  expect(first.problems).toEqual([]);
  expect(first.applied).toBe(true);
  const second = await run(kind, files);
  expect(second.problems).toEqual([]);
  for (const [name, counts] of Object.entries(second.summary.counts)) {
    const total = Object.values(first.summary.counts[name] ?? {}).reduce((a, b) => a + b, 0);
    expect({ name, ...counts }).toEqual({ name, add: 0, change: 0, unchanged: total });
  }
  return { first, second };
}

/** Applies a file with bad rows: it is refused, and not one row anywhere has changed. */
async function refused(kind: ImportKind, files: ImportFile[], tables: readonly string[]) {
  const before = await snapshot(db, tables);
  const result = await run(kind, files);
  expect(result.applied).toBe(false);
  expect(result.importRunId).toBeNull();
  expect(await snapshot(db, tables)).toEqual(before);
  return result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
}

const line = (file: string, n: number, message: string) => `${file}:${n}: ${message}`;

/** The students an applied import's audit entry names, sorted (P10: found by student). */
async function studentsNamed(result: ImportResult) {
  const entries = await db
    .selectFrom('audit_log')
    .select('details')
    .where('action', '=', `import.${result.kind}`)
    .execute();
  const details = entries
    .map((e) => (typeof e.details === 'string' ? JSON.parse(e.details) : e.details))
    .find((d: { import_run_id?: string }) => d.import_run_id === result.importRunId) as
    { student_ids: string[] } | undefined;
  return details ? [...details.student_ids].sort() : null;
}

describe('attendance import', () => {
  const TABLES = ['attendance_marks'];

  it('imports session marks, then importing the same file again changes nothing', async () => {
    const { ana, ben } = school;
    // Marks already on record: one the file repeats, one it corrects.
    await db
      .insertInto('attendance_marks')
      .values(
        [
          { student_id: ana.id, on_date: '2026-11-09', session: 'AM', code: '/' },
          { student_id: ana.id, on_date: '2026-11-09', session: 'PM', code: 'N', note: 'No call' },
        ].map((m) => ({ ...m, recorded_at: new Date('2026-11-09T09:00:00Z') })),
      )
      .execute();
    const file = csvFile('marks.csv', [
      'upn,student_id,date,session,code,minutes_late,note',
      `${ana.upn},,2026-11-09,AM,/,,`,
      `${ana.upn},,2026-11-09,PM,I,,Mum rang: ill`,
      `${ana.upn.toLowerCase()},,10/11/2026,am,L,12,`,
      `,stu-ben,2026-11-10,AM,M,,Dentist`,
      `${ben.upn},stu-ben,2026-11-10,PM,\\,,`,
      // A training day in term: only "planned closure" can be marked.
      `${ana.upn},,2026-10-27,AM,#,,`,
    ]);
    const { first } = await importTwice('attendance', [file]);
    expect(first.summary.counts).toEqual({ marks: { add: 4, change: 1, unchanged: 1 } });

    const marks = await db
      .selectFrom('attendance_marks')
      .select(['student_id', 'on_date', 'session', 'code', 'minutes_late', 'note'])
      .select(['recorded_by_staff_id', 'recorded_at'])
      .orderBy('on_date')
      .orderBy('student_id')
      .orderBy('session')
      .execute();
    const imported = { recorded_by_staff_id: null, recorded_at: TEST_NOW };
    const byStudent = (id: string) => marks.filter((m) => m.student_id === id);
    expect(byStudent(ana.id)).toEqual([
      {
        student_id: ana.id,
        on_date: '2026-10-27',
        session: 'AM',
        code: '#',
        minutes_late: null,
        note: null,
        ...imported,
      },
      {
        student_id: ana.id,
        on_date: '2026-11-09',
        session: 'AM',
        code: '/',
        minutes_late: null,
        note: null,
        recorded_by_staff_id: null,
        recorded_at: new Date('2026-11-09T09:00:00Z'),
      },
      {
        student_id: ana.id,
        on_date: '2026-11-09',
        session: 'PM',
        code: 'I',
        minutes_late: null,
        note: 'Mum rang: ill',
        ...imported,
      },
      {
        student_id: ana.id,
        on_date: '2026-11-10',
        session: 'AM',
        code: 'L',
        minutes_late: 12,
        note: null,
        ...imported,
      },
    ]);
    expect(byStudent(ben.id).map((m) => [m.session, m.code, m.note])).toEqual([
      ['AM', 'M', 'Dentist'],
      ['PM', '\\', null],
    ]);
  });

  it('keeps what is stored for a column the file leaves out', async () => {
    const { ana } = school;
    const result = await run('attendance', [
      csvFile('codes-only.csv', ['upn,date,session,code', `${ana.upn},2026-11-09,PM,I`]),
    ]);
    expect(result.summary.counts).toEqual({ marks: { add: 0, change: 0, unchanged: 1 } });
    const mark = await db
      .selectFrom('attendance_marks')
      .select('note')
      .where('student_id', '=', ana.id)
      .where('on_date', '=', '2026-11-09')
      .where('session', '=', 'PM')
      .executeTakeFirstOrThrow();
    expect(mark.note).toBe('Mum rang: ill');
  });

  it('names the students whose marks it changes, so the audit log finds it by student', async () => {
    const { dev, eli } = school;
    const file = csvFile('dev.csv', ['upn,date,session,code', `${dev.upn},2026-11-12,AM,/`]);
    const applied = await run('attendance', [file]);
    expect(applied.applied).toBe(true);
    // The same file again changes none of Dev's marks, so it does not name Dev.
    expect((await run('attendance', [file])).applied).toBe(true);

    const admin = await callerFor(db, await newStaff(db, ['admin']));
    const found = await admin.admin.audit.search({ studentId: dev.id, action: 'import.' });
    expect(found.entries.map((e) => [e.action, e.details.import_run_id])).toEqual([
      ['import.attendance', applied.importRunId],
    ]);
    expect(found.entries[0]!.details.student_ids).toEqual([dev.id]);
    const other = await admin.admin.audit.search({ studentId: eli.id, action: 'import.' });
    expect(other.entries).toEqual([]);
  });

  it('refuses a file with bad rows, naming every line and reason, and writes nothing', async () => {
    const { ana, ben, dev, eli } = school;
    const problems = await refused(
      'attendance',
      [
        csvFile('bad.csv', [
          'upn,date,session,code,minutes_late',
          `${ana.upn},2026-11-11,AM,Q9,`,
          `${ana.upn},2026-13-01,AM,/,`,
          `${ana.upn},2026-11-18,AM,/,`,
          `${ana.upn},2026-11-14,AM,/,`,
          `${ana.upn},2026-10-27,AM,/,`,
          `Z999999999999,2026-11-11,AM,/,`,
          `${ben.upn},2026-11-11,AM,/,`,
          `${ben.upn},11/11/2026,AM,I,`,
          `${ben.upn},2026-11-11,EVE,/,`,
          `${ben.upn},2026-11-12,AM,/,5`,
          `${ben.upn},2026-11-12,PM,L,0`,
          `${dev.upn},2026-11-10,AM,/,`,
          `${eli.upn},2026-11-11,AM,/,`,
          `,2026-11-11,AM,/,`,
          `${ben.upn},2026-11-13,AM,,`,
          `${ben.upn},2026-11-13`,
          // A good row: refused with the rest, since an import is all or nothing.
          `${ana.upn},2026-11-13,AM,/,`,
        ]),
      ],
      TABLES,
    );
    expect(problems).toEqual([
      line('bad.csv', 2, '"Q9" is not an attendance code: use one of the DfE codes in the guide.'),
      line('bad.csv', 3, '"2026-13-01" is not a date: write dates as YYYY-MM-DD or DD/MM/YYYY.'),
      line(
        'bad.csv',
        4,
        '2026-11-18 is in the future: marks can be imported up to today (2026-11-17).',
      ),
      line(
        'bad.csv',
        5,
        '2026-11-14 is not a school day (Weekend): there was no register to mark.',
      ),
      line(
        'bad.csv',
        6,
        '2026-10-27 is not a school day (Half-term): only code # (planned closure) can be imported for it.',
      ),
      line('bad.csv', 7, 'No student has the UPN "Z999999999999".'),
      line(
        'bad.csv',
        9,
        `The student with UPN "${ben.upn}" already has a mark for the AM session of 2026-11-11 on line 8.`,
      ),
      line('bad.csv', 10, '"EVE" is not a session: write AM or PM.'),
      line('bad.csv', 11, 'Minutes late go with code L or U, not "/".'),
      line(
        'bad.csv',
        12,
        '"0" is not a number of minutes late: write a whole number from 1 to 300, or leave it blank.',
      ),
      line(
        'bad.csv',
        13,
        `The student with UPN "${dev.upn}" joined the school on 2026-11-11, after this date.`,
      ),
      line(
        'bad.csv',
        14,
        `The student with UPN "${eli.upn}" left the school on 2026-11-10, before this date.`,
      ),
      line('bad.csv', 15, 'The student is missing: give their upn or student_id.'),
      line('bad.csv', 16, 'The attendance code is missing.'),
      line('bad.csv', 17, 'This row has 2 values but the header has 5 columns.'),
    ]);
  });

  it('refuses a file whose header lacks a column', async () => {
    const problems = await refused(
      'attendance',
      [
        csvFile('no-code.csv', ['upn,date,session', `${school.ana.upn},2026-11-11,AM`]),
        csvFile('no-student.csv', ['name,date,session,code', `Ana,2026-11-11,AM,/`]),
      ],
      TABLES,
    );
    expect(problems).toEqual([
      line('no-code.csv', 1, 'Missing column "code" in the header row.'),
      line('no-student.csv', 1, 'The header row needs a column "upn" or "student_id".'),
    ]);
  });
});

describe('behaviour import', () => {
  const TABLES = ['behaviour_events'];
  const HEADER =
    'event_id,upn,student_id,date,kind,category,points,description,staff_email,action,action_date';

  it('imports events, then importing the same file again changes nothing', async () => {
    const { ana, ben, teachers } = school;
    const { reeves, novak, green } = teachers;
    // Already on record: one event the file repeats exactly, one whose points it corrects.
    await db
      .insertInto('behaviour_events')
      .values([
        {
          student_id: ana.id,
          kind: 'negative',
          category: 'Late to lesson',
          points: -1,
          description: 'Late to Maths after break.',
          occurred_on: '2026-11-09',
          recorded_by_staff_id: reeves.id,
        },
        {
          student_id: ben.id,
          kind: 'positive',
          category: 'Effort',
          points: 1,
          description: 'Worked hard in Science.',
          occurred_on: '2026-11-10',
        },
      ])
      .execute();
    const file = csvFile('events.csv', [
      HEADER,
      `E1,${ana.upn},,2026-11-09,negative,Late to lesson,-1,Late to Maths after break.,${reeves.email},,`,
      `E2,,stu-ben,10/11/2026,Positive,effort,3,Worked hard in Science.,,,`,
      `E3,${ana.upn},,2026-11-12,negative,Disruption,-3,Talked over the teacher in French.,${novak.email.toUpperCase()},detention,2026-11-16`,
      `E4,${ben.upn},,2026-11-13,positive,Achievement,+5,"Top mark in the Maths test, 48 out of 50.",${green.email},Certificate,`,
    ]);
    const { first, second } = await importTwice('behaviour', [file]);
    expect(await studentsNamed(first)).toEqual([ana.id, ben.id].sort());
    expect(await studentsNamed(second)).toEqual([]);
    expect(first.summary.counts).toEqual({ events: { add: 2, change: 1, unchanged: 1 } });

    const events = await db
      .selectFrom('behaviour_events')
      .select(['student_id', 'occurred_on', 'kind', 'category', 'points', 'description'])
      .select(['recorded_by_staff_id', 'action_taken', 'action_date', 'updated_at'])
      .orderBy('occurred_on')
      .execute();
    // The event the file repeats exactly was not touched.
    expect(events[0]!.updated_at).not.toEqual(TEST_NOW);
    expect(events).toEqual([
      {
        student_id: ana.id,
        occurred_on: '2026-11-09',
        kind: 'negative',
        category: 'Late to lesson',
        points: -1,
        description: 'Late to Maths after break.',
        recorded_by_staff_id: reeves.id,
        action_taken: null,
        action_date: null,
        updated_at: events[0]!.updated_at,
      },
      {
        student_id: ben.id,
        occurred_on: '2026-11-10',
        kind: 'positive',
        category: 'Effort',
        points: 3,
        description: 'Worked hard in Science.',
        recorded_by_staff_id: null,
        action_taken: null,
        action_date: null,
        updated_at: TEST_NOW,
      },
      {
        student_id: ana.id,
        occurred_on: '2026-11-12',
        kind: 'negative',
        category: 'Disruption',
        points: -3,
        description: 'Talked over the teacher in French.',
        recorded_by_staff_id: novak.id,
        action_taken: 'Detention',
        action_date: '2026-11-16',
        updated_at: TEST_NOW,
      },
      {
        student_id: ben.id,
        occurred_on: '2026-11-13',
        kind: 'positive',
        category: 'Achievement',
        points: 5,
        description: 'Top mark in the Maths test, 48 out of 50.',
        recorded_by_staff_id: green.id,
        action_taken: 'Certificate',
        action_date: null,
        updated_at: TEST_NOW,
      },
    ]);
  });

  it('refuses a file with bad rows, naming every line and reason, and writes nothing', async () => {
    const { ana, ben, dev } = school;
    const row = (id: string, rest: string) => `${id},${ana.upn},,${rest}`;
    const problems = await refused(
      'behaviour',
      [
        csvFile('bad-events.csv', [
          HEADER,
          row('B1', '2026-11-11,positive,Effort,-2,Tried hard.,,,'),
          row('B2', '2026-11-11,positive,Late to lesson,2,Late.,,,'),
          row('B3', '2026-11-11,negative,Chewing gum,-1,Gum.,,,'),
          row('B4', '2026-11-11,negative,Uniform,-1,No tie.,nobody@import.example.org,,'),
          row('B5', '2026-11-18,positive,Effort,1,Tomorrow.,,,'),
          row('B6', '2026-11-11,good,Effort,1,Good.,,,'),
          row('B7', '2026-11-11,negative,Disruption,-2,Shouting.,,Detention,'),
          row(
            'B8',
            '2026-11-11,negative,Disruption,-2,Throwing paper.,,Phone call home,2026-11-10',
          ),
          `B9,Z999999999999,,2026-11-11,positive,Effort,1,Tried hard.,,,`,
          row('B4', '2026-11-11,positive,Effort,1,Tried hard again.,,,'),
          `B10,,stu-ben,2026-11-11,positive,Kindness,1,Held the door.,,,`,
          `B11,${ben.upn},,2026-11-11,positive,kindness,2,Held the door.,,,`,
          row('B12', '2026-11-11,positive,Effort,1,,,,'),
          row('', '2026-11-11,positive,Effort,1,No id.,,,'),
          row('B13', '2026-11-11,negative,Disruption,-2,Loud.,,Sent to the moon,'),
          row('B14', '2026-11-11,negative,Disruption,-2,Louder.,,,2026-11-12'),
          `B15,${dev.upn},,2026-11-10,positive,Effort,1,Before joining.,,,`,
          row('B16', '2026-11-11,positive,Effort,2.5,Half points.,,,'),
          row('B17', '12/13/2026,positive,Effort,1,Bad date.,,,'),
        ]),
      ],
      TABLES,
    );
    const at = (n: number, message: string) => line('bad-events.csv', n, message);
    expect(problems).toEqual([
      at(2, '"-2" is not right for a positive event: write a whole number from 1 to 10.'),
      at(3, '"Late to lesson" is a category for negative events, not positive ones.'),
      at(4, '"Chewing gum" is not a category for negative events: use one of those in the guide.'),
      at(5, 'No member of staff has the email "nobody@import.example.org".'),
      at(6, '2026-11-18 is in the future: events can be imported up to today (2026-11-17).'),
      at(7, '"good" is not a kind of event: write positive or negative.'),
      at(8, 'Give the date of the detention.'),
      at(9, 'The action date 2026-11-10 is before the event on 2026-11-11.'),
      at(10, 'No student has the UPN "Z999999999999".'),
      at(11, 'The event_id "B4" is also on line 5.'),
      at(
        13,
        `The event on line 12 is for the same student (UPN "${ben.upn}"), date, category and description: the import cannot tell the two apart. Make the descriptions differ.`,
      ),
      at(14, 'The description is missing.'),
      at(15, 'The event_id is missing.'),
      at(
        16,
        '"Sent to the moon" is not an action: use one of those in the guide, or leave it blank.',
      ),
      at(17, 'The action date has no action: give the action.'),
      at(18, `The student with UPN "${dev.upn}" joined the school on 2026-11-11, after this date.`),
      at(19, '"2.5" is not right for a positive event: write a whole number from 1 to 10.'),
      at(20, '"12/13/2026" is not a date: write dates as YYYY-MM-DD or DD/MM/YYYY.'),
    ]);
  });
});

describe('timetable import', () => {
  const TABLES = ['teaching_groups', 'lessons'];
  const HEADER = 'group_code,subject,year_group,teacher_email,room,week,day,period';

  beforeAll(async () => {
    const { novak, green } = school.teachers;
    const [p1, p2, p3] = school.periods;
    await db
      .updateTable('school_settings')
      .set({ timetable_cycle_weeks: 2 })
      .where('id', '=', 1)
      .execute();
    const groups = await db
      .insertInto('teaching_groups')
      .values([
        { code: '9/Ex', subject: 'Extra', year_group: 9, teacher_staff_id: green.id, room: 'R9' },
        {
          code: '10/Ma',
          subject: 'Maths',
          year_group: 10,
          teacher_staff_id: novak.id,
          room: 'M1',
        },
      ])
      .returning('id')
      .execute();
    const maths = groups[1]!.id;
    await db
      .insertInto('lessons')
      .values([
        { group_id: groups[0]!.id, cycle_week: 1, weekday: 1, period_id: p1!.id },
        { group_id: maths, cycle_week: 1, weekday: 1, period_id: p2!.id },
        { group_id: maths, cycle_week: 1, weekday: 2, period_id: p3!.id },
        { group_id: maths, cycle_week: 2, weekday: 5, period_id: p1!.id, room: 'Hall' },
      ])
      .execute();
  });

  it('creates and updates groups and lessons, then importing again changes nothing', async () => {
    const { reeves, novak, green } = school.teachers;
    const file = csvFile('timetable.csv', [
      HEADER,
      `10/En,English,10,${reeves.email},E1,A,Mon,Period 1`,
      `10/En,English,10,${reeves.email},E1,A,Wed,period 3`,
      `10/En,English,10,${reeves.email},Library,B,Thursday,Period 2`,
      `10/En,English,10,${green.email},e1,2,5,Period 3`,
      `10/Ma,Maths,10,${novak.email},M1,A,Mon,Period 2`,
      `10/Ma,Maths,10,${novak.email},M1,B,Fri,Period 1`,
    ]);
    const { first, second } = await importTwice('timetable', [file]);
    expect(first.summary.counts).toEqual({
      groups: { add: 1, change: 0, unchanged: 1 },
      lessons: { add: 4, change: 1, unchanged: 1 },
    });
    expect(first.summary.notes).toEqual([
      '1 lesson of the groups in the file is not in it, and will be removed from the timetable with any cover or room changes recorded for it.',
    ]);
    expect(second.summary.notes).toEqual([]);

    const lessons = await db
      .selectFrom('lessons as l')
      .innerJoin('teaching_groups as g', 'g.id', 'l.group_id')
      .innerJoin('periods as p', 'p.id', 'l.period_id')
      .select(['g.code', 'l.cycle_week', 'l.weekday', 'p.name', 'l.room', 'l.teacher_staff_id'])
      .where('g.code', 'in', ['10/En', '10/Ma'])
      .orderBy('g.code')
      .orderBy('l.cycle_week')
      .orderBy('l.weekday')
      .execute();
    expect(lessons).toEqual([
      {
        code: '10/En',
        cycle_week: 1,
        weekday: 1,
        name: 'Period 1',
        room: null,
        teacher_staff_id: null,
      },
      {
        code: '10/En',
        cycle_week: 1,
        weekday: 3,
        name: 'Period 3',
        room: null,
        teacher_staff_id: null,
      },
      {
        code: '10/En',
        cycle_week: 2,
        weekday: 4,
        name: 'Period 2',
        room: 'Library',
        teacher_staff_id: null,
      },
      {
        code: '10/En',
        cycle_week: 2,
        weekday: 5,
        name: 'Period 3',
        room: null,
        teacher_staff_id: green.id,
      },
      {
        code: '10/Ma',
        cycle_week: 1,
        weekday: 1,
        name: 'Period 2',
        room: null,
        teacher_staff_id: null,
      },
      {
        code: '10/Ma',
        cycle_week: 2,
        weekday: 5,
        name: 'Period 1',
        room: null,
        teacher_staff_id: null,
      },
    ]);
    const english = await db
      .selectFrom('teaching_groups')
      .select(['subject', 'year_group', 'teacher_staff_id', 'room'])
      .where('code', '=', '10/En')
      .executeTakeFirstOrThrow();
    expect(english).toEqual({
      subject: 'English',
      year_group: 10,
      teacher_staff_id: reeves.id,
      room: 'E1',
    });
  });

  it('refuses a file with bad rows, naming every line and reason, and writes nothing', async () => {
    const { reeves, novak } = school.teachers;
    const problems = await refused(
      'timetable',
      [
        csvFile('bad-timetable.csv', [
          HEADER,
          `10/Fr,French,10,${reeves.email},L1,A,Mon,Period 9`,
          `10/Fr,French,10,nobody@import.example.org,L1,A,Tue,Period 1`,
          `10/Fr,French,10,${reeves.email},L1,C,Wed,Period 1`,
          `10/Fr,French,10,${reeves.email},L1,A,Sat,Period 1`,
          `10/Fr,French,10,${reeves.email},L1,A,Thu,Period 1`,
          `10/Gg,Geography,10,${novak.email},L1,A,Thu,Period 1`,
          `10/Gg,Geography,10,${novak.email},r9,A,Mon,Period 1`,
          `10/Gg,Geography,10,${novak.email},G1,B,Mon,Period 1`,
          `10/Gg,Geography,10,${novak.email},G1,Week B,Monday,Period 1`,
          `10/Gg,History,10,${novak.email},G1,B,Tue,Period 1`,
          `10/Gg,Geography,14,${novak.email},G1,B,Wed,Period 1`,
          `,Geography,10,${novak.email},G1,B,Thu,Period 1`,
          `10/Gg,Geography,11,${novak.email},G1,B,Fri,Period 1`,
        ]),
      ],
      TABLES,
    );
    const at = (n: number, message: string) => line('bad-timetable.csv', n, message);
    expect(problems).toEqual([
      at(
        2,
        'There is no period called "Period 9": the periods are "Period 1", "Period 2", "Period 3".',
      ),
      at(3, 'No member of staff has the email "nobody@import.example.org".'),
      at(4, '"C" is not a week: write A or B (or 1 or 2).'),
      at(5, '"Sat" is not a school day of the week: write Mon to Fri (or 1 to 5).'),
      at(
        7,
        'The room "L1" is already taken by the group "10/Fr" at that time (Week A Thursday, Period 1) on line 6.',
      ),
      at(
        8,
        'The room "r9" is already taken by the group "9/Ex" at that time (Week A Monday, Period 1).',
      ),
      at(10, 'The group "10/Gg" already has this lesson (Week B Monday, Period 1) on line 9.'),
      at(
        11,
        'The group "10/Gg" has the subject "Geography" on line 7: every lesson of a group has the same subject.',
      ),
      at(12, '"14" is not a year group: write a number from 7 to 13, or leave it blank.'),
      at(13, 'The group_code is missing.'),
      at(
        14,
        'The group "10/Gg" is for Year 10 on line 7: every lesson of a group has the same year_group.',
      ),
    ]);
  });

  it('refuses Week B in a one-week timetable, and a two-week file with no week column', async () => {
    const { reeves } = school.teachers;
    const noWeek = await refused(
      'timetable',
      [
        csvFile('no-week.csv', [
          'group_code,subject,teacher_email,room,day,period',
          `10/En,English,${reeves.email},E1,Mon,Period 1`,
        ]),
      ],
      TABLES,
    );
    expect(noWeek).toEqual([
      line(
        'no-week.csv',
        1,
        'The school has a two-week timetable: add a "week" column saying A or B for each lesson.',
      ),
    ]);
    await db
      .updateTable('school_settings')
      .set({ timetable_cycle_weeks: 1 })
      .where('id', '=', 1)
      .execute();
    try {
      const weekB = await refused(
        'timetable',
        [csvFile('week-b.csv', [HEADER, `10/En,English,10,${reeves.email},E1,B,Mon,Period 1`])],
        TABLES,
      );
      expect(weekB).toEqual([
        line(
          'week-b.csv',
          2,
          'The school has a one-week timetable, so there is no Week B. If that has changed, change the timetable cycle in the settings first.',
        ),
      ]);
    } finally {
      await db
        .updateTable('school_settings')
        .set({ timetable_cycle_weeks: 2 })
        .where('id', '=', 1)
        .execute();
    }
  });
});

describe('report grades import', () => {
  const TABLES = ['reports', 'report_subjects'];
  const HEADER = 'cycle,upn,student_id,subject,attainment,target,effort,comment,teacher_email';

  beforeAll(async () => {
    const { novak } = school.teachers;
    const cycles = await db
      .insertInto('report_cycles')
      .values([
        { name: 'Year 9 Summer', year_group: 9, publish_at: null },
        { name: 'Year 10 Autumn', year_group: 10, publish_at: new Date('2026-11-01T16:00:00Z') },
        { name: 'Mocks', year_group: null, publish_at: new Date('2026-12-01T16:00:00Z') },
        { name: 'Twice', year_group: null, publish_at: null },
        { name: 'Twice', year_group: null, publish_at: null },
      ])
      .returning('id')
      .execute();
    const report = await db
      .insertInto('reports')
      .values({ cycle_id: cycles[1]!.id, student_id: school.ana.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('report_subjects')
      .values({
        report_id: report.id,
        subject: 'Maths',
        teacher_staff_id: novak.id,
        attainment: '5',
        target: '6',
        effort: '2',
        comment: 'Good.',
        sort_order: 1,
      })
      .execute();
  });

  it('imports grades and comments, then importing the same file again changes nothing', async () => {
    const { ana, ben, cara, teachers } = school;
    const { reeves, novak } = teachers;
    const file = csvFile('grades.csv', [
      HEADER,
      `Year 9 Summer,${cara.upn},,English,Secure,Mastered,1,"Cara writes vividly, with care.",${reeves.email}`,
      `Year 9 Summer,${cara.upn},,Maths,Developing,Secure,2,,`,
      `year 10 autumn,${ana.upn},,Maths,5,6,2,Good.,${novak.email}`,
      `Year 10 Autumn,${ana.upn},,English,6,7,1,Excellent essays.,${reeves.email}`,
      `Year 10 Autumn,,stu-ben,maths,4,5,3,Needs to revise.,${novak.email}`,
      `Mocks,${ben.upn},,Science,5,6,,,`,
    ]);
    const { first, second } = await importTwice('reports', [file]);
    expect(await studentsNamed(first)).toEqual([ana.id, ben.id, cara.id].sort());
    expect(await studentsNamed(second)).toEqual([]);
    expect(first.summary.counts).toEqual({
      reports: { add: 3, change: 1, unchanged: 0 },
      subjects: { add: 5, change: 0, unchanged: 1 },
    });
    expect(first.summary.notes).toEqual([
      '"Mocks" is to be published on 2026-12-01: parents will see its reports from then.',
      '"Year 10 Autumn" is already published: parents will see these changes as soon as the import is applied.',
      '"Year 9 Summer" is a draft: parents will see its reports once it is published.',
    ]);
    expect(second.summary.notes).toEqual([
      '"Mocks" is to be published on 2026-12-01: parents will see its reports from then.',
      '"Year 9 Summer" is a draft: parents will see its reports once it is published.',
    ]);
    const subjects = await db
      .selectFrom('report_subjects as rs')
      .innerJoin('reports as r', 'r.id', 'rs.report_id')
      .innerJoin('report_cycles as c', 'c.id', 'r.cycle_id')
      .select(['c.name', 'r.student_id', 'rs.subject', 'rs.attainment', 'rs.target', 'rs.effort'])
      .select(['rs.comment', 'rs.teacher_staff_id', 'rs.sort_order'])
      .orderBy('c.name')
      .orderBy('r.student_id')
      .orderBy('rs.sort_order')
      .execute();
    const bySubject = (name: string, studentId: string) =>
      subjects
        .filter((s) => s.name === name && s.student_id === studentId)
        .map((s) => [
          s.subject,
          s.attainment,
          s.target,
          s.effort,
          s.comment,
          s.teacher_staff_id,
          s.sort_order,
        ]);
    expect(bySubject('Year 9 Summer', cara.id)).toEqual([
      ['English', 'Secure', 'Mastered', '1', 'Cara writes vividly, with care.', reeves.id, 1],
      ['Maths', 'Developing', 'Secure', '2', null, null, 2],
    ]);
    expect(bySubject('Year 10 Autumn', ana.id)).toEqual([
      ['Maths', '5', '6', '2', 'Good.', novak.id, 1],
      ['English', '6', '7', '1', 'Excellent essays.', reeves.id, 2],
    ]);
    expect(bySubject('Year 10 Autumn', ben.id)).toEqual([
      ['maths', '4', '5', '3', 'Needs to revise.', novak.id, 1],
    ]);
  });

  it('changes only the columns a file has', async () => {
    const { ana } = school;
    const result = await run('reports', [
      csvFile('effort.csv', ['cycle,upn,subject,effort', `Year 10 Autumn,${ana.upn},MATHS,3`]),
    ]);
    expect(result.summary.counts).toEqual({
      reports: { add: 0, change: 1, unchanged: 0 },
      subjects: { add: 0, change: 1, unchanged: 0 },
    });
    const maths = await db
      .selectFrom('report_subjects as rs')
      .innerJoin('reports as r', 'r.id', 'rs.report_id')
      .select(['rs.subject', 'rs.effort', 'rs.comment', 'rs.attainment'])
      .where('r.student_id', '=', ana.id)
      .where('rs.subject', '=', 'Maths')
      .executeTakeFirstOrThrow();
    expect(maths).toEqual({ subject: 'Maths', effort: '3', comment: 'Good.', attainment: '5' });
  });

  it('refuses a file with bad rows, naming every line and reason, and writes nothing', async () => {
    const { ana, cara } = school;
    const problems = await refused(
      'reports',
      [
        csvFile('bad-grades.csv', [
          HEADER,
          `Year 12 Summer,${ana.upn},,Maths,5,6,2,,`,
          `Twice,${ana.upn},,Maths,5,6,2,,`,
          `Year 10 Autumn,${cara.upn},,Maths,5,6,2,,`,
          `Year 10 Autumn,${ana.upn},,Maths,5,6,5,,`,
          `Year 10 Autumn,${ana.upn},,Maths,5,6,2,,nobody@import.example.org`,
          `Year 9 Summer,${cara.upn},,History,Secure,Secure,2,,`,
          `Year 9 Summer,${cara.upn},,history,Secure,Mastered,1,,`,
          `Year 9 Summer,Z999999999999,,History,Secure,Secure,2,,`,
          `Year 9 Summer,${cara.upn},,,Secure,Secure,2,,`,
          `,${cara.upn},,French,Secure,Secure,2,,`,
        ]),
      ],
      TABLES,
    );
    const at = (n: number, message: string) => line('bad-grades.csv', n, message);
    expect(problems).toEqual([
      at(
        2,
        'There is no report cycle called "Year 12 Summer": create it under Progress reports first.',
      ),
      at(
        3,
        '2 report cycles are called "Twice": rename all but one under Progress reports, so the import knows which to use.',
      ),
      at(
        4,
        `The student with UPN "${cara.upn}" is in Year 9, but the cycle "Year 10 Autumn" is for Year 10.`,
      ),
      at(5, '"5" is not an effort grade: write 1, 2, 3 or 4, or leave it blank.'),
      at(6, 'No member of staff has the email "nobody@import.example.org".'),
      at(
        8,
        `The student with UPN "${cara.upn}" already has "History" in "Year 9 Summer" on line 7.`,
      ),
      at(9, 'No student has the UPN "Z999999999999".'),
      at(10, 'The subject is missing.'),
      at(11, 'The cycle is missing.'),
    ]);
  });
});

describe('the example files in docs/imports', () => {
  let demo: Database;

  beforeAll(async () => {
    demo = await freshDatabase();
    // The demo as it would be seeded on TEST_NOW; nobody signs in, so any password hash will do.
    await seedDemoSchool(demo, { now: TEST_NOW, hashPassword: () => Promise.resolve('not-used') });
  });

  const example = (name: string): ImportFile => ({
    name: `${name}.csv`,
    data: new Uint8Array(
      readFileSync(new URL(`../../docs/imports/examples/${name}.csv`, import.meta.url)),
    ),
  });

  it.each(['attendance', 'behaviour', 'timetable', 'reports'] as const)(
    'the %s example imports into the demo school, and again changes nothing',
    async (kind) => {
      const first: ImportResult = await run(kind, [example(kind)], true, demo);
      expect(first.problems).toEqual([]);
      expect(first.applied).toBe(true);
      const changed = Object.values(first.summary.counts).reduce((n, c) => n + c.add + c.change, 0);
      expect(changed).toBeGreaterThan(0);
      const second = await run(kind, [example(kind)], true, demo);
      expect(second.problems).toEqual([]);
      for (const counts of Object.values(second.summary.counts)) {
        expect(counts.add + counts.change).toBe(0);
      }
    },
  );
});

describe('planning', () => {
  /** School days of the test term from 2 September, skipping weekends and half-term. */
  const schoolDays = (count: number) => {
    const days: string[] = [];
    for (let ms = Date.parse('2026-09-02T00:00:00Z'); days.length < count; ms += 86_400_000) {
      const date = new Date(ms);
      const iso = date.toISOString().slice(0, 10);
      const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
      if (!weekend && !(iso >= HALF_TERM.startsOn && iso <= HALF_TERM.endsOn)) days.push(iso);
    }
    return days;
  };
  const files: Record<Exclude<ImportKind, 'oneroster'>, (n: number) => string[]> = {
    attendance: (n) => {
      const pupils = [school.ana, school.ben, school.cara];
      const days = schoolDays(Math.ceil(n / 6));
      return [
        'upn,date,session,code',
        ...Array.from({ length: n }, (_, i) => {
          const session = i % 2 === 0 ? 'AM' : 'PM';
          return `${pupils[Math.floor(i / 2) % 3]!.upn},${days[Math.floor(i / 6)]},${session},I`;
        }),
      ];
    },
    behaviour: (n) => {
      const pupils = [school.ana, school.ben, school.cara];
      const staff = Object.values(school.teachers);
      const days = schoolDays(20);
      return [
        'event_id,upn,date,kind,category,points,description,staff_email',
        ...Array.from(
          { length: n },
          (_, i) =>
            `P${i},${pupils[i % 3]!.upn},${days[i % 20]},positive,Effort,1,Planned ${i},${staff[i % 3]!.email}`,
        ),
      ];
    },
    timetable: (n) => {
      const staff = Object.values(school.teachers);
      return [
        'group_code,subject,year_group,teacher_email,room,week,day,period',
        ...Array.from(
          { length: n },
          (_, i) =>
            `P/${Math.floor(i / 5)},Planning,10,${staff[i % 3]!.email},P${Math.floor(i / 5)},A,${(i % 5) + 1},Period 1`,
        ),
      ];
    },
    reports: (n) => {
      const pupils = [school.ana, school.ben, school.cara];
      const staff = Object.values(school.teachers);
      return [
        'cycle,upn,subject,attainment,effort,teacher_email',
        ...Array.from(
          { length: n },
          (_, i) =>
            `Mocks,${pupils[i % 3]!.upn},Subject ${Math.floor(i / 3)},5,2,${staff[i % 3]!.email}`,
        ),
      ];
    },
  };

  it.each(['attendance', 'behaviour', 'timetable', 'reports'] as const)(
    'plans %s with the same number of queries for 2 rows as for 200',
    async (kind) => {
      const counting = countingQueries(db);
      const dryRun = async (n: number) => {
        counting.reset();
        const result = await run(kind, [csvFile(`${n}.csv`, files[kind](n))], false, counting.db);
        expect(result.problems).toEqual([]);
        const rows = Object.values(result.summary.counts).reduce((sum, c) => sum + c.add, 0);
        expect(rows).toBeGreaterThanOrEqual(2);
        return counting.count;
      };
      expect(await dryRun(200)).toBe(await dryRun(2));
    },
  );
});
