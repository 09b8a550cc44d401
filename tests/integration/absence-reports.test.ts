import { beforeAll, describe, expect, it } from 'vitest';
import { handleApiRequest, newSubmissionKey } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  callerFor,
  contextFor,
  link,
  linkIdOf,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  sessionTokenFor,
  TEST_NOW,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';
import { addMarks, addTeachingGroup, addTerm } from './support/attendance-behaviour-data';

// Issue 13, "Reporting an absence". TEST_NOW is Tuesday 17 November 2026, 09:30 at the school
// (GMT), a school day in Autumn 2; Friday 13 November is a training day.
const TODAY = '2026-11-17';
const TOMORROW = '2026-11-18';
const YESTERDAY = '2026-11-16';
const LAST_THURSDAY = '2026-11-12';
const TRAINING_DAY = '2026-11-13';
const SATURDAY = '2026-11-21';

let db: Database;
let office: TestUser & { staffId: string };
let office2: TestUser & { staffId: string };
let teacher: TestUser & { staffId: string };
let governor: TestUser & { staffId: string };
let dsl: TestUser & { staffId: string };

beforeAll(async () => {
  db = await freshDatabase();
  await addTerm(db, 'Autumn 2', '2026-11-02', '2026-12-18');
  await db
    .insertInto('school_closures')
    .values({ starts_on: TRAINING_DAY, ends_on: TRAINING_DAY, reason: 'Training day' })
    .execute();
  office = await newStaff(db, ['office']);
  office2 = await newStaff(db, ['office']);
  teacher = await newStaff(db, ['teacher']);
  governor = await newStaff(db, ['governor']);
  dsl = await newStaff(db, ['dsl']);
});

/** A parent linked (verified, with parental responsibility) to a new child on roll. */
async function family(options: { parentalResponsibility?: boolean; verified?: boolean } = {}) {
  const { studentId } = await newStudent(db, { yearGroup: 10 });
  const parent = await newParent(db);
  await link(db, parent.contactId, studentId, options);
  return { parent, studentId };
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
    .select(['on_date', 'session', 'code', 'recorded_by_staff_id', 'recorded_at'])
    .where('student_id', '=', studentId)
    .orderBy('on_date')
    .orderBy('session')
    .execute();

const auditOf = (action: string, studentId: string) =>
  db
    .selectFrom('audit_log')
    .select(['actor_user_id', 'details'])
    .where('action', '=', action)
    .where('student_id', '=', studentId)
    .execute();

const outboxTo = (address: string) =>
  db
    .selectFrom('email_outbox')
    .select(['subject', 'text_body', 'kind'])
    .where('to_address', '=', address)
    .execute();

/** Every refusal below must leave no report and no audit entry of one behind. */
async function expectNothingWritten(studentId: string) {
  expect(await reportsOf(studentId)).toEqual([]);
  expect(await auditOf('absence_report.created', studentId)).toEqual([]);
}

describe('who may report an absence', () => {
  it('a parent with parental responsibility reports an illness today; the school has it, audited', async () => {
    const { parent, studentId } = await family();
    const caller = await callerFor(db, parent);
    const answer = await caller.absence.report(report([studentId]));
    expect(answer.reportIds).toHaveLength(1);
    expect(answer.message).toContain('The school has your report');

    const rows = await reportsOf(studentId);
    expect(rows).toMatchObject([
      {
        reported_by_user_id: parent.userId,
        kind: 'absence',
        reason: 'illness',
        state: 'waiting',
        recorded_code: null,
        first_date: TODAY,
        last_date: TODAY,
        sessions: 'all',
      },
    ]);
    expect(await auditOf('absence_report.created', studentId)).toMatchObject([
      {
        actor_user_id: parent.userId,
        details: { report_id: answer.reportIds[0], reason: 'illness' },
      },
    ]);
    const mine = await caller.absence.mine();
    expect(mine.map((r) => [r.stateLabel, r.summary])).toEqual([
      ['Waiting for the school', 'Illness: Tuesday 17 November 2026, the whole day'],
    ]);
    // A report is a request: nothing in the register changes until the school decides.
    expect(await marksOf(studentId)).toEqual([]);
  });

  it('reports for two children on one form, one report each', async () => {
    const { parent, studentId } = await family();
    const { studentId: sister } = await newStudent(db, { yearGroup: 7 });
    await link(db, parent.contactId, sister);
    const caller = await callerFor(db, parent);
    const answer = await caller.absence.report(
      report([studentId, sister], { reason: 'religious' }),
    );
    expect(answer.reportIds).toHaveLength(2);
    expect((await reportsOf(studentId)).map((r) => r.reason)).toEqual(['religious']);
    expect((await reportsOf(sister)).map((r) => r.reason)).toEqual(['religious']);
  });

  // The database lets a link be verified only with parental responsibility: a contact without it is
  // an unverified link.
  it('refuses a contact without parental responsibility, as if the child did not exist', async () => {
    const { parent, studentId } = await family({ parentalResponsibility: false, verified: false });
    const refusal = await refusalOf(
      (await callerFor(db, parent)).absence.report(report([studentId])),
    );
    expect(refusal).toMatchObject({
      code: 'NOT_FOUND',
      message: 'We could not find that student.',
    });
    await expectNothingWritten(studentId);
  });

  it('refuses an unverified link', async () => {
    const { parent, studentId } = await family({ verified: false });
    const refusal = await refusalOf(
      (await callerFor(db, parent)).absence.report(report([studentId])),
    );
    expect(refusal.code).toBe('NOT_FOUND');
    await expectNothingWritten(studentId);
  });

  it('refuses a parent whose link to the child is restricted', async () => {
    const { parent, studentId } = await family();
    await (
      await callerFor(db, office)
    ).admin.restrictions.create({
      target: { kind: 'link', id: await linkIdOf(db, parent.contactId, studentId) },
      reason: 'parental_responsibility_questioned',
      note: 'Court order received.',
    });
    const refusal = await refusalOf(
      (await callerFor(db, parent)).absence.report(report([studentId])),
    );
    expect(refusal).toMatchObject({
      code: 'NOT_FOUND',
      message: 'We could not find that student.',
    });
    await expectNothingWritten(studentId);
  });

  it('refuses a parent whose whole access is revoked, telling them so', async () => {
    const { parent, studentId } = await family();
    await (
      await callerFor(db, office)
    ).admin.restrictions.create({
      target: { kind: 'contact', id: parent.contactId },
      reason: 'policy_breach',
      note: 'Shared the password.',
    });
    const caller = await callerFor(db, parent);
    const refusal = await refusalOf(caller.absence.report(report([studentId])));
    expect(refusal.code).toBe('FORBIDDEN');
    expect(refusal.message).toMatch(/access/i);
    await expectNothingWritten(studentId);
  });

  it('refuses while a safeguarding hold covers the child (this child only, or all access)', async () => {
    const held = await family();
    const heldCaller = await callerFor(db, held.parent);
    await (
      await callerFor(db, dsl)
    ).safeguarding.holds.place({
      studentId: held.studentId,
      reason: 'Disclosure made to the form tutor',
      scope: 'this_student_only',
      scopeReason: 'The other children are not concerned.',
    });
    expect((await refusalOf(heldCaller.absence.report(report([held.studentId])))).code).toBe(
      'NOT_FOUND',
    );
    await expectNothingWritten(held.studentId);

    const all = await family();
    await (
      await callerFor(db, dsl)
    ).safeguarding.holds.place({
      studentId: all.studentId,
      reason: 'Police advice.',
      scope: 'all_access',
    });
    const allCaller = await callerFor(db, all.parent);
    expect((await refusalOf(allCaller.absence.report(report([all.studentId])))).code).toBe(
      'FORBIDDEN',
    );
    await expectNothingWritten(all.studentId);
  });

  it('refuses a child who has left the school', async () => {
    const { parent, studentId } = await family();
    await db
      .updateTable('students')
      .set({ leaving_date: '2026-10-30' })
      .where('id', '=', studentId)
      .execute();
    const refusal = await refusalOf(
      (await callerFor(db, parent)).absence.report(report([studentId])),
    );
    expect(refusal.code).toBe('NOT_FOUND');
    await expectNothingWritten(studentId);
  });

  it('refuses another family’s child, and writes nothing for the parent’s own child on the same form', async () => {
    const mine = await family();
    const theirs = await family();
    const refusal = await refusalOf(
      (await callerFor(db, mine.parent)).absence.report(report([mine.studentId, theirs.studentId])),
    );
    expect(refusal).toMatchObject({
      code: 'NOT_FOUND',
      message: 'We could not find that student.',
    });
    await expectNothingWritten(mine.studentId);
    await expectNothingWritten(theirs.studentId);
  });

  it('refuses governors, teachers, the office, DSLs and students: only parents report', async () => {
    const { studentId } = await family();
    for (const user of [governor, teacher, office, dsl, await newStudentUser(db, studentId)]) {
      const refusal = await refusalOf(
        (await callerFor(db, user)).absence.report(report([studentId])),
      );
      expect(refusal).toMatchObject({
        code: 'FORBIDDEN',
        message: 'You do not have access to this.',
      });
    }
    await expectNothingWritten(studentId);
  });
});

describe('which days can be reported', () => {
  let parent: TestUser & { contactId: string };
  let studentId: string;
  beforeAll(async () => {
    ({ parent, studentId } = await family());
  });
  const refuse = async (fields: Record<string, unknown>) =>
    refusalOf((await callerFor(db, parent)).absence.report(report([studentId], fields)));

  it('refuses a last day before the first, a half day over several days, and a day with no school', async () => {
    expect(await refuse({ firstDate: TOMORROW, lastDate: TODAY })).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { lastDate: ['The last day must be the same as the first day or after it.'] },
    });
    expect(
      await refuse({ firstDate: TODAY, lastDate: '2026-11-19', sessions: 'AM' }),
    ).toMatchObject({
      fieldErrors: {
        sessions: ['A morning or afternoon only can be reported for one day at a time.'],
      },
    });
    expect(await refuse({ firstDate: SATURDAY, lastDate: SATURDAY })).toMatchObject({
      fieldErrors: { firstDate: ['That is not a school day.'] },
    });
    expect(await refuse({ firstDate: '2027-06-01', lastDate: '2027-06-01' })).toMatchObject({
      fieldErrors: { lastDate: ['You can report an absence up to 90 days ahead.'] },
    });
    expect(await refuse({ firstDate: '2026-11-31', lastDate: '2026-11-31' })).toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expectNothingWritten(studentId);
  });

  it('refuses a past day the register does not show as unexplained, naming the day', async () => {
    await addMarks(db, studentId, [
      { date: LAST_THURSDAY, session: 'AM', code: '/' },
      { date: LAST_THURSDAY, session: 'PM', code: '\\' },
    ]);
    const refusal = await refuse({ firstDate: LAST_THURSDAY, lastDate: LAST_THURSDAY });
    expect(refusal.code).toBe('BAD_REQUEST');
    expect(refusal.message).toContain('Thursday 12 November 2026');
    expect(refusal.message).toContain('nothing to explain');
    await expectNothingWritten(studentId);
  });

  it('"Tell us why": one report explains a whole past day marked N, and the form offers it', async () => {
    await addMarks(db, studentId, [
      { date: YESTERDAY, session: 'AM', code: 'N' },
      { date: YESTERDAY, session: 'PM', code: 'N' },
    ]);
    const caller = await callerFor(db, parent);
    const before = await caller.absence.form();
    expect(before.children.find((c) => c.id === studentId)?.unexplainedDays).toEqual([
      { date: YESTERDAY, label: 'Monday 16 November 2026', sessions: 'all' },
    ]);
    await caller.absence.report(report([studentId], { firstDate: YESTERDAY, lastDate: YESTERDAY }));
    expect((await reportsOf(studentId)).map((r) => [r.first_date, r.sessions])).toEqual([
      [YESTERDAY, 'all'],
    ]);
    // The day is explained now: the form no longer asks about it.
    const after = await caller.absence.form();
    expect(after.children.find((c) => c.id === studentId)?.unexplainedDays).toEqual([]);
  });

  it('refuses a second report for days the school already has, and a late arrival in the past', async () => {
    const refusal = await refuse({ firstDate: YESTERDAY, lastDate: TODAY });
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.message).toContain('You have already told the school');
    expect(
      await refuse({
        kind: 'late',
        firstDate: YESTERDAY,
        lastDate: YESTERDAY,
        expectedArrival: '10:15',
      }),
    ).toMatchObject({
      fieldErrors: { firstDate: ['A late arrival can be reported for today or a day to come.'] },
    });
    expect(await refuse({ kind: 'late', firstDate: TOMORROW, lastDate: TOMORROW })).toMatchObject({
      fieldErrors: { expectedArrival: ['Enter the time your child will arrive, like 10:15.'] },
    });
    expect(await reportsOf(studentId)).toHaveLength(1);
  });

  it('takes "running late, arriving at 10:15" for tomorrow', async () => {
    const caller = await callerFor(db, parent);
    await caller.absence.report(
      report([studentId], {
        kind: 'late',
        firstDate: TOMORROW,
        lastDate: TOMORROW,
        expectedArrival: '10:15',
        reason: 'medical',
      }),
    );
    const late = (await caller.absence.mine()).find((r) => r.kind === 'late');
    expect(late?.summary).toBe(
      'Arriving late at 10:15 on Wednesday 18 November 2026 (medical or dental appointment)',
    );
  });
});

describe('the office decides', () => {
  it('lists open reports oldest first, and only for the office and admins', async () => {
    const first = await family();
    const second = await family();
    await (
      await callerFor(db, first.parent, { now: new Date(TEST_NOW.getTime() - 60_000) })
    ).absence.report(
      report([first.studentId], { firstDate: '2026-11-20', lastDate: '2026-11-20' }),
    );
    await (
      await callerFor(db, second.parent)
    ).absence.report(
      report([second.studentId], { firstDate: '2026-11-20', lastDate: '2026-11-20' }),
    );
    const queue = await (await callerFor(db, office)).admin.absenceReports.list();
    const ids = queue.reports.map((r) => r.studentId);
    expect(ids.indexOf(first.studentId)).toBeLessThan(ids.indexOf(second.studentId));
    expect(queue.reports.every((r) => r.open)).toBe(true);
    for (const user of [teacher, governor, dsl, first.parent]) {
      expect((await refusalOf((await callerFor(db, user)).admin.absenceReports.list())).code).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('the staff home counts the reports waiting for the office, for the office only', async () => {
    const waiting = async () =>
      (await (await callerFor(db, office)).admin.home.queues()).absenceReports;
    const before = (await waiting())!.waiting;
    const { parent, studentId } = await family();
    await (
      await callerFor(db, parent)
    ).absence.report(report([studentId], { firstDate: '2026-11-23', lastDate: '2026-11-23' }));
    const after = await waiting();
    expect(after?.waiting).toBe(before + 1);
    expect(after?.oldestSince).toBeInstanceOf(Date);
    expect((await (await callerFor(db, teacher)).admin.home.queues()).absenceReports).toBeNull();
  });

  it('accepting sets each session’s mark to the code chosen, by whom and when, audited, and the parent sees it', async () => {
    const { parent, studentId } = await family();
    // Yesterday both sessions were marked N; today's register is not taken yet.
    // Present all of last Tuesday; yesterday both sessions were marked N; today's register is not
    // taken yet.
    await addMarks(db, studentId, [
      { date: '2026-11-10', session: 'AM', code: '/' },
      { date: '2026-11-10', session: 'PM', code: '\\' },
      { date: YESTERDAY, session: 'AM', code: 'N' },
      { date: YESTERDAY, session: 'PM', code: 'N' },
    ]);
    const parentCaller = await callerFor(db, parent);
    const yearBefore = (await parentCaller.attendance.forStudent({ studentId })).academicYear
      .summary;
    expect(yearBefore).toMatchObject({
      possible: 4,
      attended: 2,
      unauthorised: 2,
      unexplained: 2,
      percentage: 50,
    });
    const { reportIds } = await parentCaller.absence.report(
      report([studentId], { firstDate: YESTERDAY, lastDate: TOMORROW }),
    );
    const answer = await (
      await callerFor(db, office)
    ).admin.absenceReports.accept({
      reportId: reportIds[0]!,
      code: 'I',
    });
    expect(answer).toMatchObject({ state: 'accepted', written: 6, kept: 0 });
    expect((await marksOf(studentId)).filter((m) => m.on_date >= YESTERDAY)).toEqual(
      [YESTERDAY, TODAY, TOMORROW].flatMap((day) =>
        ['AM', 'PM'].map((session) => ({
          on_date: day,
          session,
          code: 'I',
          recorded_by_staff_id: office.staffId,
          recorded_at: TEST_NOW,
        })),
      ),
    );
    expect(await auditOf('absence_report.accepted', studentId)).toMatchObject([
      {
        actor_user_id: office.userId,
        details: { report_id: reportIds[0], code: 'I', marks_written: 6 },
      },
    ]);
    const seen = await parentCaller.absence.forStudent({ studentId });
    expect(seen.reports.map((r) => [r.stateLabel, r.recordedCode])).toEqual([
      ['Accepted by the school', 'I'],
    ]);
    // The percentage follows the code finally recorded: yesterday's N are now authorised (I),
    // today's two sessions count as authorised absences too; tomorrow counts when it comes.
    const yearAfter = (await parentCaller.attendance.forStudent({ studentId })).academicYear
      .summary;
    expect(yearAfter).toMatchObject({
      possible: 6,
      attended: 2,
      authorised: 4,
      unauthorised: 0,
      unexplained: 0,
      percentage: 33.3,
    });
    expect((await outboxTo(parent.email)).map((m) => m.subject)).toEqual([
      'The school has accepted your absence report',
    ]);
  });

  it('accepting keeps a session already marked present: the child came in after all', async () => {
    const { parent, studentId } = await family();
    await addMarks(db, studentId, [
      { date: YESTERDAY, session: 'AM', code: 'N' },
      { date: YESTERDAY, session: 'PM', code: '\\' },
    ]);
    const { reportIds } = await (
      await callerFor(db, parent)
    ).absence.report(
      report([studentId], { firstDate: YESTERDAY, lastDate: YESTERDAY, reason: 'medical' }),
    );
    const answer = await (
      await callerFor(db, office)
    ).admin.absenceReports.accept({
      reportId: reportIds[0]!,
      code: 'M',
    });
    expect(answer).toMatchObject({ written: 1, kept: 1 });
    expect((await marksOf(studentId)).map((m) => [m.session, m.code])).toEqual([
      ['AM', 'M'],
      ['PM', '\\'],
    ]);
  });

  it('refusing leaves the marks unauthorised, shows the school’s reason and emails the parent', async () => {
    const { parent, studentId } = await family();
    await addMarks(db, studentId, [
      { date: YESTERDAY, session: 'AM', code: 'N' },
      { date: YESTERDAY, session: 'PM', code: 'N' },
    ]);
    const parentCaller = await callerFor(db, parent);
    const { reportIds } = await parentCaller.absence.report(
      report([studentId], { firstDate: YESTERDAY, lastDate: YESTERDAY, reason: 'family' }),
    );
    const officeCaller = await callerFor(db, office);
    const noReason = await refusalOf(
      officeCaller.admin.absenceReports.refuse({ reportId: reportIds[0]! }),
    );
    expect(noReason.fieldErrors).toEqual({
      message: ['Say why the report is not accepted: the parent will read your message.'],
    });
    await officeCaller.admin.absenceReports.refuse({
      reportId: reportIds[0]!,
      message: 'A family party is not an exceptional circumstance.',
    });
    expect((await marksOf(studentId)).map((m) => m.code)).toEqual(['N', 'N']);
    const seen = await parentCaller.absence.forStudent({ studentId });
    expect(seen.reports[0]).toMatchObject({
      stateLabel: 'Not accepted by the school',
      officeMessage: 'A family party is not an exceptional circumstance.',
      recordedCode: null,
    });
    const emails = await outboxTo(parent.email);
    expect(emails).toMatchObject([
      {
        subject: 'The school could not accept your absence report',
        kind: 'absence_report_decision',
      },
    ]);
    expect(emails[0]?.text_body).toContain('stays unauthorised');
    expect(emails[0]?.text_body).toContain(`/students/${studentId}/attendance`);
    expect(await auditOf('absence_report.refused', studentId)).toHaveLength(1);
    // Decided once: a later accept changes nothing.
    expect(
      (
        await refusalOf(
          officeCaller.admin.absenceReports.accept({ reportId: reportIds[0]!, code: 'C' }),
        )
      ).code,
    ).toBe('CONFLICT');
    expect((await marksOf(studentId)).map((m) => m.code)).toEqual(['N', 'N']);
  });

  it('asks for more information; the parent answers and the report comes back to the queue', async () => {
    const { parent, studentId } = await family();
    const parentCaller = await callerFor(db, parent);
    const { reportIds } = await parentCaller.absence.report(
      report([studentId], { firstDate: TOMORROW, lastDate: TOMORROW, reason: 'other' }),
    );
    const reportId = reportIds[0]!;
    const officeCaller = await callerFor(db, office);
    await officeCaller.admin.absenceReports.askForInformation({
      reportId,
      message: 'What is the appointment for?',
    });
    expect((await outboxTo(parent.email)).map((m) => m.subject)).toEqual([
      'The school needs more information about an absence',
    ]);
    // Another parent cannot answer for this report.
    const stranger = await family();
    expect(
      (
        await refusalOf(
          (await callerFor(db, stranger.parent)).absence.addInformation({ reportId, reply: 'Hi' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    await parentCaller.absence.addInformation({ reportId, reply: 'An orthodontist, 10:00.' });
    const row = (await reportsOf(studentId))[0];
    expect(row).toMatchObject({ state: 'waiting', parent_reply: 'An orthodontist, 10:00.' });
    await officeCaller.admin.absenceReports.accept({ reportId, code: 'M' });
    expect((await marksOf(studentId)).map((m) => m.code)).toEqual(['M', 'M']);
  });

  it('a late arrival is noted without touching the register', async () => {
    const { parent, studentId } = await family();
    const { reportIds } = await (
      await callerFor(db, parent)
    ).absence.report(
      report([studentId], { kind: 'late', expectedArrival: '10:15', reason: 'medical' }),
    );
    const answer = await (
      await callerFor(db, office)
    ).admin.absenceReports.accept({
      reportId: reportIds[0]!,
    });
    expect(answer).toMatchObject({ state: 'accepted', written: 0 });
    expect(await marksOf(studentId)).toEqual([]);
  });
});

describe('a parent whose link is restricted after reporting', () => {
  it('no longer sees the report, and is not emailed the decision', async () => {
    const { parent, studentId } = await family();
    const parentCaller = await callerFor(db, parent);
    const { reportIds } = await parentCaller.absence.report(report([studentId]));
    expect(await parentCaller.absence.mine()).toHaveLength(1);
    await (
      await callerFor(db, office)
    ).admin.restrictions.create({
      target: { kind: 'link', id: await linkIdOf(db, parent.contactId, studentId) },
      reason: 'parental_responsibility_questioned',
      note: 'Court order received.',
    });
    expect(await (await callerFor(db, parent)).absence.mine()).toEqual([]);
    await (
      await callerFor(db, office)
    ).admin.absenceReports.refuse({ reportId: reportIds[0]!, message: 'Please see the office.' });
    expect(await outboxTo(parent.email)).toEqual([]);
    expect((await reportsOf(studentId))[0]?.state).toBe('refused');
  });
});

describe('the register after an accepted report', () => {
  it('shows "Reported absent: illness", and a later save does not overwrite it unless the child is present', async () => {
    const { parent, studentId } = await family();
    const groupId = await addTeachingGroup(db, teacher.staffId, [studentId]);
    const { reportIds } = await (await callerFor(db, parent)).absence.report(report([studentId]));
    await (
      await callerFor(db, office)
    ).admin.absenceReports.accept({
      reportId: reportIds[0]!,
      code: 'I',
    });
    const teacherCaller = await callerFor(db, teacher);
    const view = await teacherCaller.admin.registers.get({ groupId, date: TODAY, session: 'AM' });
    expect(view.students[0]).toMatchObject({
      reported: 'Reported absent: illness',
      mark: { code: 'I' },
    });

    // A one-tap "Absent" (N) keeps the reported mark and says so.
    const saved = await teacherCaller.admin.registers.save({
      groupId,
      date: TODAY,
      session: 'AM',
      marks: [{ studentId, code: 'N' }],
    });
    expect(saved.keptReported).toHaveLength(1);
    expect(saved.keptReported[0]).toContain('reported absent: illness, I');
    expect((await marksOf(studentId)).map((m) => [m.session, m.code])).toEqual([
      ['AM', 'I'],
      ['PM', 'I'],
    ]);
    // The child came in for the afternoon: present is written.
    await teacherCaller.admin.registers.save({
      groupId,
      date: TODAY,
      session: 'PM',
      marks: [{ studentId, code: '\\' }],
    });
    expect((await marksOf(studentId)).map((m) => [m.session, m.code])).toEqual([
      ['AM', 'I'],
      ['PM', '\\'],
    ]);
  });
});

describe('reports and decisions sent together', () => {
  it('the same form sent 20 times at once files one report', async () => {
    const { parent, studentId } = await family();
    const caller = await callerFor(db, parent);
    const submissionKey = newSubmissionKey();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        caller.absence.report(report([studentId], { submissionKey })),
      ),
    );
    expect(new Set(answers.map((a) => a.reportIds[0])).size).toBe(1);
    expect(await reportsOf(studentId)).toHaveLength(1);
    expect(await auditOf('absence_report.created', studentId)).toHaveLength(1);
  });

  it('different forms for the same day sent together: exactly one report, the rest told it exists', async () => {
    const { parent, studentId } = await family();
    const caller = await callerFor(db, parent);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        caller.absence.report(report([studentId], { submissionKey: newSubmissionKey() })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(String((r as PromiseRejectedResult).reason.message)).toContain(
        'You have already told the school',
      );
    }
    expect(await reportsOf(studentId)).toHaveLength(1);
  });

  it('two office staff accepting at once: one decision wins, the marks are written once', async () => {
    const { parent, studentId } = await family();
    const { reportIds } = await (await callerFor(db, parent)).absence.report(report([studentId]));
    const reportId = reportIds[0]!;
    const [a, b] = [await callerFor(db, office), await callerFor(db, office2)];
    const results = await Promise.allSettled([
      a.admin.absenceReports.accept({ reportId, code: 'I' }),
      b.admin.absenceReports.refuse({ reportId, message: 'We need a note from the doctor.' }),
      b.admin.absenceReports.accept({ reportId, code: 'M' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const decisions = [
      ...(await auditOf('absence_report.accepted', studentId)),
      ...(await auditOf('absence_report.refused', studentId)),
    ];
    expect(decisions).toHaveLength(1);
    const row = (await reportsOf(studentId))[0]!;
    const codes = (await marksOf(studentId)).map((m) => m.code);
    if (row.state === 'accepted') expect(codes).toEqual([row.recorded_code, row.recorded_code]);
    else expect(codes).toEqual([]);
    expect(await outboxTo(parent.email)).toHaveLength(1);
  });

  it('a tRPC batch of reports for the same day files one, and a batch of accepts decides once', async () => {
    const { parent, studentId } = await family();
    const ctx = await contextFor(db, await sessionTokenFor(db, parent));
    const calls = 5;
    const batch = (path: string, inputs: unknown[]) =>
      new Request(
        `http://portal.test/api/trpc/${Array.from({ length: inputs.length }, () => path).join(',')}?batch=1`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, input]))),
        },
      );
    const response = await handleApiRequest(
      batch(
        'absence.report',
        Array.from({ length: calls }, () =>
          report([studentId], { submissionKey: newSubmissionKey() }),
        ),
      ),
      ctx,
    );
    const results = (await response.json()) as { result?: unknown; error?: unknown }[];
    expect(results).toHaveLength(calls);
    expect(results.filter((r) => r.result)).toHaveLength(1);
    const rows = await reportsOf(studentId);
    expect(rows).toHaveLength(1);

    const officeCtx = await contextFor(db, await sessionTokenFor(db, office));
    const accepts = await handleApiRequest(
      batch(
        'admin.absenceReports.accept',
        Array.from({ length: calls }, () => ({ reportId: rows[0]!.id, code: 'I' })),
      ),
      officeCtx,
    );
    const decided = (await accepts.json()) as { result?: unknown }[];
    expect(decided.filter((r) => r.result)).toHaveLength(1);
    expect(await auditOf('absence_report.accepted', studentId)).toHaveLength(1);
    expect((await marksOf(studentId)).map((m) => m.code)).toEqual(['I', 'I']);
  });
});

describe('the home page’s count of absences that need a reason', () => {
  it('leaves out the sessions a parent has reported, until the school sends the report back', async () => {
    const { parent, studentId } = await family();
    await addMarks(db, studentId, [
      { date: '2026-11-13', session: 'AM', code: 'N' },
      { date: YESTERDAY, session: 'AM', code: 'N' },
      { date: YESTERDAY, session: 'PM', code: 'N' },
    ]);
    const parentCaller = await callerFor(db, parent);
    const attendanceOnHome = async () =>
      (await parentCaller.portal.home()).children.find((c) => c.student.id === studentId)!
        .attendance;
    expect(await attendanceOnHome()).toMatchObject({ unexplained: 3, reported: 0 });

    const { reportIds } = await parentCaller.absence.report(
      report([studentId], { firstDate: YESTERDAY, lastDate: YESTERDAY, sessions: 'AM' }),
    );
    // Monday morning is reported; Monday afternoon and Friday morning still need a reason.
    expect(await attendanceOnHome()).toMatchObject({ unexplained: 3, reported: 1 });

    await (
      await callerFor(db, office)
    ).admin.absenceReports.refuse({
      reportId: reportIds[0]!,
      message: 'The school saw your child in town that morning.',
    });
    expect(await attendanceOnHome()).toMatchObject({ unexplained: 3, reported: 0 });
  });
});
