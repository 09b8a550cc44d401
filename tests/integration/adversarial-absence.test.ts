import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';
import { addMarks, addTeachingGroup, addTerm } from './support/attendance-behaviour-data';

// Adversarial pass over issue 13 (parents' absence reports). TEST_NOW is Tuesday 17 November 2026,
// 09:30 at the school, in Autumn 2.
const TODAY = '2026-11-17';
const TOMORROW = '2026-11-18';
const YESTERDAY = '2026-11-16';

let db: Database;
let office: TestUser & { staffId: string };
let office2: TestUser & { staffId: string };
let teacher: TestUser & { staffId: string };
let governor: TestUser & { staffId: string };
let dsl: TestUser & { staffId: string };

beforeAll(async () => {
  db = await freshDatabase();
  await addTerm(db, 'Autumn 2', '2026-11-02', '2026-12-18');
  office = await newStaff(db, ['office']);
  office2 = await newStaff(db, ['office']);
  teacher = await newStaff(db, ['teacher']);
  governor = await newStaff(db, ['governor']);
  dsl = await newStaff(db, ['dsl']);
});

async function family() {
  const { studentId } = await newStudent(db, { yearGroup: 10 });
  const parent = await newParent(db);
  await link(db, parent.contactId, studentId);
  return { parent, studentId };
}

/** A second parent with parental responsibility for the same child. */
async function coParent(studentId: string) {
  const parent = await newParent(db);
  await link(db, parent.contactId, studentId);
  return parent;
}

const report = (studentIds: string[], fields: Record<string, unknown> = {}) => ({
  studentIds,
  kind: 'absence' as const,
  firstDate: TODAY,
  lastDate: TODAY,
  sessions: 'all' as const,
  reason: 'illness' as const,
  note: 'A temperature this morning.',
  ...fields,
});

const reportsOf = (studentId: string) =>
  db.selectFrom('absence_reports').selectAll().where('student_id', '=', studentId).execute();

const marksOf = (studentId: string) =>
  db
    .selectFrom('attendance_marks')
    .select(['on_date', 'session', 'code'])
    .where('student_id', '=', studentId)
    .orderBy('on_date')
    .orderBy('session')
    .execute();

const auditCount = async (studentId: string) =>
  (
    await db
      .selectFrom('audit_log')
      .select('id')
      .where('student_id', '=', studentId)
      .where('action', 'like', 'absence_report.%')
      .execute()
  ).length;

describe('bad input is refused with a plain message and writes nothing', () => {
  let parent: TestUser & { contactId: string };
  let studentId: string;
  beforeAll(async () => {
    ({ parent, studentId } = await family());
  });

  it.each([
    ['30 February', { firstDate: '2026-02-30', lastDate: '2026-02-30' }],
    ['29 February in a common year', { firstDate: '2027-02-29', lastDate: '2027-02-29' }],
    ['month 13', { firstDate: '2026-13-01', lastDate: '2026-13-01' }],
    ['day 00', { firstDate: '2026-11-00', lastDate: '2026-11-00' }],
    ['year 0000', { firstDate: '0000-01-01', lastDate: '0000-01-01' }],
    ['a date with a time', { firstDate: '2026-11-17T00:00', lastDate: TODAY }],
    ['a date with spaces', { firstDate: ' 2026-11-17', lastDate: TODAY }],
    ['a date in Arabic-Indic digits', { firstDate: '٢٠٢٦-١١-١٧', lastDate: TODAY }],
    ['a far-future last day', { firstDate: TODAY, lastDate: '9999-12-31' }],
    ['a range of 32 days', { firstDate: '2026-11-18', lastDate: '2026-12-19' }],
    ['a last day before the first', { firstDate: TOMORROW, lastDate: TODAY }],
    ['a number for a date', { firstDate: 20261117, lastDate: TODAY }],
    ['no children', { studentIds: [] }],
    ['eleven children', { studentIds: Array.from({ length: 11 }, () => crypto.randomUUID()) }],
    ['a student id that is not a uuid', { studentIds: ["' or 1=1 --"] }],
    ['an unknown kind', { kind: 'holiday' }],
    ['an unknown reason', { reason: '__proto__' }],
    ['an unknown session', { sessions: 'EVENING' }],
    ['a note of 1,001 characters', { note: 'x'.repeat(1001) }],
    ['a note with NUL', { note: 'ill\u0000ness' }],
    ['a note that is an object', { note: { $gt: '' } }],
    ['a late arrival at 25:00', { kind: 'late', expectedArrival: '25:00' }],
    [
      'a late arrival at 07:59',
      { kind: 'late', firstDate: TOMORROW, lastDate: TOMORROW, expectedArrival: '07:59' },
    ],
    [
      'a late arrival for the morning only',
      {
        kind: 'late',
        firstDate: TOMORROW,
        lastDate: TOMORROW,
        sessions: 'AM',
        expectedArrival: '10:00',
      },
    ],
  ])('refuses %s', async (_, fields) => {
    const caller = await callerFor(db, parent);
    const refused = await refusalOf(caller.absence.report(report([studentId], fields) as never));
    expect(['BAD_REQUEST', 'NOT_FOUND']).toContain(refused.code);
    expect(refused.message).not.toMatch(/stack|postgres|syntax|undefined|\bnull\b/i);
    expect(await reportsOf(studentId)).toEqual([]);
    expect(await auditCount(studentId)).toBe(0);
  });

  it('keeps a note of odd Unicode exactly, and the same child twice on one form is one report', async () => {
    const note = 'Ça va 😷 — מחלה \u202Egnirts\u202C ゼロ幅\u200Bspace';
    const answer = await (
      await callerFor(db, parent)
    ).absence.report(
      report([studentId, studentId], { note, firstDate: TOMORROW, lastDate: TOMORROW }),
    );
    expect(answer.reportIds).toHaveLength(1);
    const rows = await reportsOf(studentId);
    expect(rows.map((r) => r.note)).toEqual([note]);
  });

  it('refuses office messages of 2,001 characters or with NUL, and changes nothing', async () => {
    const { parent: p, studentId: s } = await family();
    const { reportIds } = await (await callerFor(db, p)).absence.report(report([s]));
    const officeCaller = await callerFor(db, office);
    for (const message of ['y'.repeat(2001), 'bad\u0000message', '   ']) {
      const refused = await refusalOf(
        officeCaller.admin.absenceReports.refuse({ reportId: reportIds[0]!, message }),
      );
      expect(refused.code).toBe('BAD_REQUEST');
    }
    expect(await reportsOf(s)).toMatchObject([{ state: 'waiting', office_message: null }]);
  });
});

describe('who may see and answer reports', () => {
  it('another family, a governor, a DSL and a teacher who does not teach the child see nothing', async () => {
    const { parent, studentId } = await family();
    await (
      await callerFor(db, parent)
    ).absence.report(report([studentId], { note: 'Private family matter.' }));
    const stranger = await family();
    for (const user of [stranger.parent, governor, dsl, teacher]) {
      const refused = await refusalOf(
        (await callerFor(db, user)).absence.forStudent({ studentId }),
      );
      expect(refused.code).toBe('NOT_FOUND');
      expect(refused.message).not.toContain('Private family matter');
    }
    // The stranger's own list holds nothing of it.
    const theirs = await (await callerFor(db, stranger.parent)).absence.mine();
    expect(JSON.stringify(theirs)).not.toContain('Private family matter');
  });

  it('a teacher who teaches the child sees the reports, but never who reported by account id', async () => {
    const { parent, studentId } = await family();
    const t = await newStaff(db, ['teacher']);
    await addTeachingGroup(db, t.staffId, [studentId]);
    await (await callerFor(db, parent)).absence.report(report([studentId]));
    const seen = await (await callerFor(db, t)).absence.forStudent({ studentId });
    expect(JSON.stringify(seen)).not.toContain(parent.userId);
    expect(JSON.stringify(seen)).not.toContain(parent.email);
  });

  it('the office’s decisions are refused to a teacher, a governor, a DSL and a parent', async () => {
    const { parent, studentId } = await family();
    const { reportIds } = await (await callerFor(db, parent)).absence.report(report([studentId]));
    const reportId = reportIds[0]!;
    for (const user of [teacher, governor, dsl, parent]) {
      const caller = await callerFor(db, user);
      // Thunks, called one at a time: refused promises made all at once and awaited in turn
      // would be unhandled rejections until their turn comes.
      for (const attempt of [
        () => caller.admin.absenceReports.accept({ reportId, code: 'I' }),
        () => caller.admin.absenceReports.refuse({ reportId, message: 'No.' }),
        () => caller.admin.absenceReports.askForInformation({ reportId, message: 'Why?' }),
        () => caller.admin.absenceReports.list({}),
      ]) {
        expect((await refusalOf(attempt())).code).toBe('FORBIDDEN');
      }
    }
    expect(await reportsOf(studentId)).toMatchObject([{ state: 'waiting' }]);
    expect(await marksOf(studentId)).toEqual([]);
  });

  it('only the parent who reported answers a question: not the other parent, not after a restriction', async () => {
    const { parent, studentId } = await family();
    const other = await coParent(studentId);
    const { reportIds } = await (
      await callerFor(db, parent)
    ).absence.report(report([studentId], { firstDate: TOMORROW, lastDate: TOMORROW }));
    const reportId = reportIds[0]!;
    await (
      await callerFor(db, office)
    ).admin.absenceReports.askForInformation({ reportId, message: 'Which clinic?' });
    expect(
      (
        await refusalOf(
          (await callerFor(db, other)).absence.addInformation({ reportId, reply: 'Me' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    await (
      await callerFor(db, office)
    ).admin.restrictions.create({
      target: { kind: 'contact', id: parent.contactId },
      reason: 'policy_breach',
      note: 'Shared the password.',
    });
    expect(
      (
        await refusalOf(
          (await callerFor(db, parent)).absence.addInformation({ reportId, reply: 'Me' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(await reportsOf(studentId)).toMatchObject([
      { state: 'more_information', parent_reply: null },
    ]);
  });

  it('answering when the school is not asking, or for a decided report, changes nothing', async () => {
    const { parent, studentId } = await family();
    const caller = await callerFor(db, parent);
    const { reportIds } = await caller.absence.report(report([studentId]));
    const reportId = reportIds[0]!;
    expect(
      (await refusalOf(caller.absence.addInformation({ reportId, reply: 'Hello' }))).code,
    ).toBe('CONFLICT');
    await (await callerFor(db, office)).admin.absenceReports.accept({ reportId, code: 'I' });
    expect(
      (await refusalOf(caller.absence.addInformation({ reportId, reply: 'Hello' }))).code,
    ).toBe('CONFLICT');
    const officeCaller = await callerFor(db, office2);
    expect(
      (await refusalOf(officeCaller.admin.absenceReports.refuse({ reportId, message: 'No.' })))
        .code,
    ).toBe('CONFLICT');
    expect(
      (
        await refusalOf(
          officeCaller.admin.absenceReports.askForInformation({ reportId, message: 'Why?' }),
        )
      ).code,
    ).toBe('CONFLICT');
    expect(
      (await refusalOf(officeCaller.admin.absenceReports.accept({ reportId, code: 'M' }))).code,
    ).toBe('CONFLICT');
    expect((await marksOf(studentId)).map((m) => m.code)).toEqual(['I', 'I']);
    expect(
      (
        await refusalOf(
          officeCaller.admin.absenceReports.accept({ reportId: crypto.randomUUID(), code: 'I' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });
});

describe('all or nothing, and races', () => {
  it('two children on one form where the second has nothing to explain files neither', async () => {
    const { parent, studentId: first } = await family();
    const { studentId: second } = await newStudent(db, { yearGroup: 8 });
    await link(db, parent.contactId, second);
    await addMarks(db, first, [
      { date: YESTERDAY, session: 'AM', code: 'N' },
      { date: YESTERDAY, session: 'PM', code: 'N' },
    ]);
    await addMarks(db, second, [
      { date: YESTERDAY, session: 'AM', code: '/' },
      { date: YESTERDAY, session: 'PM', code: '\\' },
    ]);
    const refused = await refusalOf(
      (await callerFor(db, parent)).absence.report(
        report([first, second], { firstDate: YESTERDAY, lastDate: YESTERDAY }),
      ),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(await reportsOf(first)).toEqual([]);
    expect(await reportsOf(second)).toEqual([]);
    expect(await auditCount(first)).toBe(0);
  });

  it('two parents reporting the same day at once, whole day and morning: exactly one report', async () => {
    const { parent, studentId } = await family();
    const other = await coParent(studentId);
    const [a, b] = [await callerFor(db, parent), await callerFor(db, other)];
    const results = await Promise.allSettled([
      a.absence.report(report([studentId], { firstDate: TOMORROW, lastDate: TOMORROW })),
      b.absence.report(
        report([studentId], { firstDate: TOMORROW, lastDate: TOMORROW, sessions: 'AM' }),
      ),
      b.absence.report(
        report([studentId], { firstDate: TODAY, lastDate: '2026-11-20', reason: 'medical' }),
      ),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await reportsOf(studentId)).toHaveLength(1);
  });

  it('morning and afternoon of the same day from two parents at once: both are filed', async () => {
    const { parent, studentId } = await family();
    const other = await coParent(studentId);
    const results = await Promise.allSettled([
      (await callerFor(db, parent)).absence.report(
        report([studentId], { firstDate: TOMORROW, lastDate: TOMORROW, sessions: 'AM' }),
      ),
      (await callerFor(db, other)).absence.report(
        report([studentId], { firstDate: TOMORROW, lastDate: TOMORROW, sessions: 'PM' }),
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
  });

  it('refuse, ask and accept sent at once by two office staff: one decision, consistent marks', async () => {
    const { parent, studentId } = await family();
    const { reportIds } = await (await callerFor(db, parent)).absence.report(report([studentId]));
    const reportId = reportIds[0]!;
    const [a, b] = [await callerFor(db, office), await callerFor(db, office2)];
    const results = await Promise.allSettled([
      b.admin.absenceReports.refuse({ reportId, message: 'Please bring a note.' }),
      a.admin.absenceReports.accept({ reportId, code: 'I' }),
      b.admin.absenceReports.askForInformation({ reportId, message: 'Which doctor?' }),
      a.admin.absenceReports.refuse({ reportId, message: 'No.' }),
    ]);
    const row = (await reportsOf(studentId))[0]!;
    const marks = (await marksOf(studentId)).map((m) => m.code);
    if (row.state === 'accepted') expect(marks).toEqual(['I', 'I']);
    else expect(marks).toEqual([]);
    // A question can be followed by a decision; nothing else can follow a decision.
    const fulfilled = results.filter((r) => r.status === 'fulfilled').length;
    expect(fulfilled).toBeGreaterThanOrEqual(1);
    expect(fulfilled).toBeLessThanOrEqual(2);
    for (const r of results) {
      if (r.status === 'rejected') expect(String(r.reason)).toMatch(/already/i);
    }
  });

  it('a parent answering while the office accepts: the report ends decided or waiting, never half', async () => {
    const { parent, studentId } = await family();
    const parentCaller = await callerFor(db, parent);
    const { reportIds } = await parentCaller.absence.report(report([studentId]));
    const reportId = reportIds[0]!;
    const officeCaller = await callerFor(db, office);
    await officeCaller.admin.absenceReports.askForInformation({ reportId, message: 'Which GP?' });
    await Promise.allSettled([
      parentCaller.absence.addInformation({ reportId, reply: 'Dr Jones.' }),
      officeCaller.admin.absenceReports.accept({ reportId, code: 'I' }),
    ]);
    const row = (await reportsOf(studentId))[0]!;
    const marks = (await marksOf(studentId)).map((m) => m.code);
    if (row.state === 'accepted') {
      expect(row.decided_at).not.toBeNull();
      expect(marks).toEqual(['I', 'I']);
    } else {
      expect(row.state).toBe('waiting');
      expect(row.decided_at).toBeNull();
      expect(marks).toEqual([]);
    }
  });
});
