import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  callerFor,
  link,
  newParent,
  newStaff,
  newStudentUser,
  TEST_NOW,
  type TestUser,
} from './support/factories';
import { pdfText } from './support/pdf-text';
import { refusalOf } from './support/refusal';
import { nameStaff, newNamedStudent, teachGroup } from './support/reports-data';

const SCHOOL = 'Northfield Test Academy';
const HOUR = 60 * 60 * 1000;

let db: Database;
let office: TestUser & { staffId: string };
let parent: TestUser & { contactId: string };
let reeves: string;
let khan: string;
const students = { daniel: '', zara: '', left: '', notYet: '', year9: '' };
let cycleId = '';

beforeAll(async () => {
  db = await freshDatabase();
  await db
    .updateTable('school_settings')
    .set({ school_name: SCHOOL })
    .where('id', '=', 1)
    .execute();
  office = await newStaff(db, ['office']);
  reeves = (await newStaff(db, ['teacher'])).staffId;
  await nameStaff(db, reeves, { title: 'Ms', forename: 'Hannah', surname: 'Reeves' });
  khan = (await newStaff(db, ['teacher'])).staffId;
  await nameStaff(db, khan, { title: 'Mr', forename: 'Omar', surname: 'Khan' });

  const year10 = (forename: string, surname: string) =>
    newNamedStudent(db, { forename, surname, yearGroup: 10, form: '10K' });
  students.daniel = await year10('Daniel', 'Okafor');
  students.zara = await year10('Zara', 'Ahmed');
  students.left = await year10('Ruth', 'Gone');
  await db
    .updateTable('students')
    .set({ leaving_date: '2026-10-01' })
    .where('id', '=', students.left)
    .execute();
  students.notYet = await year10('Nia', 'Soon');
  await db
    .updateTable('students')
    .set({ admission_date: '2027-01-05' })
    .where('id', '=', students.notYet)
    .execute();
  students.year9 = await newNamedStudent(db, {
    forename: 'Iris',
    surname: 'Novak',
    yearGroup: 9,
    form: '9J',
  });

  // Daniel is in two Maths groups (a set and an intervention): one Maths line on his report.
  // The first group by code gives the line its teacher: 10/Ma1 (Ms Reeves) before 10/Ma2.
  const setCode = (id: string, code: string) =>
    db.updateTable('teaching_groups').set({ code }).where('id', '=', id).execute();
  await setCode(await teachGroup(db, khan, [students.daniel], 'Mathematics'), '10/Ma2');
  await setCode(
    await teachGroup(db, reeves, [students.daniel, students.zara, students.left], 'Mathematics'),
    '10/Ma1',
  );
  await teachGroup(db, khan, [students.daniel, students.year9], 'English');
  await teachGroup(db, reeves, [students.daniel], 'Art');

  parent = await newParent(db);
  await link(db, parent.contactId, students.daniel);
});

const reportOf = async (studentId: string) =>
  (
    await db
      .selectFrom('reports')
      .select('id')
      .where('cycle_id', '=', cycleId)
      .where('student_id', '=', studentId)
      .executeTakeFirstOrThrow()
  ).id;

const auditOf = (action: string) =>
  db
    .selectFrom('audit_log')
    .select(['actor_user_id', 'student_id', 'details'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();

describe('creating a report cycle', () => {
  it('makes a report for every Year 10 student on roll, with a line for each subject they are taught', async () => {
    const created = await (
      await callerFor(db, office)
    ).admin.reports.createCycle({ name: 'Year 10 Summer', yearGroup: 10 });
    cycleId = created.id;
    expect(created.reports).toBe(2);

    const reports = await db
      .selectFrom('reports')
      .select('student_id')
      .where('cycle_id', '=', cycleId)
      .execute();
    expect(reports.map((r) => r.student_id).sort()).toEqual(
      [students.daniel, students.zara].sort(),
    );
    const lines = await db
      .selectFrom('report_subjects as rs')
      .innerJoin('reports as r', 'r.id', 'rs.report_id')
      .select(['r.student_id', 'rs.subject', 'rs.teacher_staff_id', 'rs.sort_order'])
      .where('r.cycle_id', '=', cycleId)
      .orderBy('r.student_id')
      .orderBy('rs.sort_order')
      .execute();
    expect(
      lines.filter((l) => l.student_id === students.daniel).map((l) => [l.subject, l.sort_order]),
    ).toEqual([
      ['Art', 1],
      ['English', 2],
      ['Mathematics', 3],
    ]);
    expect(lines.find((l) => l.subject === 'English')?.teacher_staff_id).toBe(khan);
    expect(
      lines
        .filter((l) => l.student_id === students.zara)
        .map((l) => [l.subject, l.teacher_staff_id]),
    ).toEqual([['Mathematics', reeves]]);

    const [audit] = await auditOf('report_cycle.created');
    expect(audit).toMatchObject({
      actor_user_id: office.userId,
      details: { cycle_id: cycleId, year_group: 10, reports: 2, subjects: 4 },
    });
  });

  it('refuses a second cycle of the same name, and a year group with nobody on roll', async () => {
    const caller = await callerFor(db, office);
    const same = await refusalOf(
      caller.admin.reports.createCycle({ name: 'year 10 summer', yearGroup: 10 }),
    );
    expect(same).toMatchObject({
      code: 'CONFLICT',
      message: 'There is already a report cycle called “year 10 summer”.',
    });
    const empty = await refusalOf(
      caller.admin.reports.createCycle({ name: 'Sixth form', yearGroup: 12 }),
    );
    expect(empty).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'There are no students on roll in Year 12, so there is nothing to report on.',
    });
    expect(await db.selectFrom('report_cycles').select('name').execute()).toEqual([
      { name: 'Year 10 Summer' },
    ]);
  });

  it('lists the cycle as a draft, with none of its reports complete yet', async () => {
    const { cycles } = await (await callerFor(db, office)).admin.reports.cycles();
    expect(cycles).toEqual([
      expect.objectContaining({
        id: cycleId,
        name: 'Year 10 Summer',
        yearGroup: 10,
        status: 'draft',
        publishAt: null,
        reports: 2,
        complete: 0,
      }),
    ]);
    expect(cycles[0]?.updatedAt).toBeInstanceOf(Date);
  });
});

describe('writing a report', () => {
  it('opens a report for editing, with its subjects and their teachers', async () => {
    const reportId = await reportOf(students.daniel);
    const view = await (await callerFor(db, office)).admin.reports.report({ reportId });
    expect(view.student.displayName).toBe('Daniel Okafor');
    expect(view.report).toMatchObject({ cycleId, cycleName: 'Year 10 Summer', status: 'draft' });
    expect(view.report.subjects.map((s) => [s.subject, s.teacherName, s.attainment])).toEqual([
      ['Art', 'Ms Reeves', null],
      ['English', 'Mr Khan', null],
      ['Mathematics', 'Ms Reeves', null],
    ]);
    const audits = await auditOf('view.report_edit');
    expect(audits.at(-1)).toMatchObject({
      actor_user_id: office.userId,
      student_id: students.daniel,
    });
  });

  it('saves grades, comments and the tutor’s comment, and counts the report as complete', async () => {
    const reportId = await reportOf(students.daniel);
    const caller = await callerFor(db, office);
    const { report } = await caller.admin.reports.report({ reportId });
    const saved = await caller.admin.reports.saveReport({
      reportId,
      subjects: report.subjects.map((s, i) => ({
        id: s.id,
        attainment: ['6', '5', '7'][i] ?? null,
        target: '7',
        effort: String(i + 1),
        comment: `${s.subject}: Daniel works hard and it shows.`,
      })),
      tutorComment: '  A strong term: well done, Daniel.  ',
    });
    expect(saved).toMatchObject({ status: 'draft', subjectsChanged: 3 });

    const again = await caller.admin.reports.report({ reportId });
    expect(again.report.tutorComment).toBe('A strong term: well done, Daniel.');
    expect(again.report.subjects.map((s) => [s.subject, s.attainment, s.effort])).toEqual([
      ['Art', '6', '1'],
      ['English', '5', '2'],
      ['Mathematics', '7', '3'],
    ]);

    const cycle = await caller.admin.reports.cycle({ cycleId });
    expect(cycle.reports.map((r) => [r.studentName, r.filled, r.subjects])).toEqual([
      ['Zara Ahmed', 0, 1],
      ['Daniel Okafor', 3, 3],
    ]);
    expect(cycle.complete).toBe(1);
    expect((await caller.admin.reports.cycles()).cycles[0]?.complete).toBe(1);
    expect((await auditOf('report.saved')).at(-1)).toMatchObject({
      student_id: students.daniel,
      details: { report_id: reportId, cycle_status: 'draft' },
    });
  });

  it('empties a field left blank, so the report is no longer complete', async () => {
    const reportId = await reportOf(students.zara);
    const caller = await callerFor(db, office);
    const { report } = await caller.admin.reports.report({ reportId });
    const line = report.subjects[0]!;
    await caller.admin.reports.saveReport({
      reportId,
      subjects: [{ id: line.id, attainment: '4', target: '', effort: '', comment: '   ' }],
      tutorComment: '',
    });
    const row = await db
      .selectFrom('report_subjects')
      .selectAll()
      .where('id', '=', line.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attainment: '4', target: null, effort: null, comment: null });
    const cycle = await caller.admin.reports.cycle({ cycleId });
    expect(cycle.reports.find((r) => r.studentId === students.zara)?.filled).toBe(0);
  });

  it('refuses an effort grade outside 1 to 4, and a subject from another report', async () => {
    const daniel = await reportOf(students.daniel);
    const zara = await reportOf(students.zara);
    const caller = await callerFor(db, office);
    const { report } = await caller.admin.reports.report({ reportId: daniel });
    const art = report.subjects[0]!;
    const badEffort = await refusalOf(
      caller.admin.reports.saveReport({
        reportId: daniel,
        subjects: [{ id: art.id, attainment: '6', target: '7', effort: '5', comment: 'x' }],
        tutorComment: null,
      }),
    );
    expect(badEffort).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Art: Choose an effort grade from 1 to 4, or leave it empty.',
    });
    expect(badEffort.fieldErrors).toEqual({
      [`effort-${art.id}`]: ['Choose an effort grade from 1 to 4, or leave it empty.'],
    });
    const elsewhere = await refusalOf(
      caller.admin.reports.saveReport({
        reportId: zara,
        subjects: [{ id: art.id, attainment: '1', target: '1', effort: '1', comment: 'x' }],
        tutorComment: null,
      }),
    );
    expect(elsewhere.code).toBe('NOT_FOUND');
    const unchanged = await caller.admin.reports.report({ reportId: daniel });
    expect(unchanged.report.subjects[0]).toMatchObject({ attainment: '6', effort: '1' });
  });
});

describe('previewing a report', () => {
  it('is the PDF a parent would get, and the preview is audited', async () => {
    const reportId = await reportOf(students.daniel);
    const file = await (await callerFor(db, office)).admin.reports.preview({ reportId });
    expect(file.contentType).toBe('application/pdf');
    expect(file.fileName).toBe('preview-report-year-10-summer.pdf');
    const pdf = Buffer.from(file.data, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Daniel Okafor');
    expect(text).toContain('Year 10 Summer');
    expect(text).toContain(SCHOOL);
    expect(text).toContain('Mr Khan');
    expect((await auditOf('view.report_preview')).at(-1)).toMatchObject({
      actor_user_id: office.userId,
      student_id: students.daniel,
    });
  });
});

describe('publishing a cycle', () => {
  // 19 November 2026 at 16:00 at the school (GMT in November): two days after TEST_NOW.
  const PUBLISH_LOCAL = '2026-11-19T16:00';
  const PUBLISH_AT = new Date('2026-11-19T16:00:00Z');

  const parentSees = async (now: Date) => {
    const caller = await callerFor(db, parent, { now });
    const { reports } = await caller.reports.forStudent({ studentId: students.daniel });
    return reports.map((r) => r.cycleName);
  };

  it('refuses a time that has already passed', async () => {
    const refusal = await refusalOf(
      (await callerFor(db, office)).admin.reports.publish({
        cycleId,
        publishAt: '2026-11-16T09:00',
      }),
    );
    expect(refusal).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Choose a time in the future, or publish now.',
    });
  });

  it('schedules it for a date: parents see nothing until then, and the report after', async () => {
    const scheduled = await (
      await callerFor(db, office)
    ).admin.reports.publish({ cycleId, publishAt: PUBLISH_LOCAL });
    expect(scheduled).toMatchObject({ status: 'scheduled', publishAt: PUBLISH_AT });
    const { cycles } = await (await callerFor(db, office)).admin.reports.cycles();
    expect(cycles[0]).toMatchObject({ status: 'scheduled', publishOn: '2026-11-19' });

    expect(await parentSees(TEST_NOW)).toEqual([]);
    expect(await parentSees(new Date(PUBLISH_AT.getTime() - 60_000))).toEqual([]);
    expect(await parentSees(new Date(PUBLISH_AT.getTime() + 60_000))).toEqual(['Year 10 Summer']);

    const reportId = await reportOf(students.daniel);
    const later = await callerFor(db, parent, { now: new Date(PUBLISH_AT.getTime() + HOUR) });
    const pdf = await later.reports.pdf({ studentId: students.daniel, reportId });
    expect(Buffer.from(pdf.data, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await auditOf('report_cycle.scheduled')).at(-1)?.details).toMatchObject({
      cycle_id: cycleId,
      publish_at: PUBLISH_AT.toISOString(),
    });
  });

  it('takes a scheduled cycle back to a draft, but not a draft again', async () => {
    const caller = await callerFor(db, office);
    expect(await caller.admin.reports.unpublish({ cycleId })).toMatchObject({ status: 'draft' });
    expect(await parentSees(new Date(PUBLISH_AT.getTime() + HOUR))).toEqual([]);
    const again = await refusalOf(caller.admin.reports.unpublish({ cycleId }));
    expect(again).toMatchObject({
      code: 'CONFLICT',
      message: 'This cycle is not scheduled: it is already a draft.',
    });
    expect((await auditOf('report_cycle.unpublished')).length).toBe(1);
  });

  it('publishes now; once published it cannot be taken back or published again', async () => {
    const caller = await callerFor(db, office);
    expect(await caller.admin.reports.publish({ cycleId })).toMatchObject({
      status: 'published',
      publishAt: TEST_NOW,
    });
    expect(await parentSees(TEST_NOW)).toEqual(['Year 10 Summer']);
    const unpublish = await refusalOf(caller.admin.reports.unpublish({ cycleId }));
    expect(unpublish.code).toBe('CONFLICT');
    const republish = await refusalOf(caller.admin.reports.publish({ cycleId }));
    expect(republish).toMatchObject({
      code: 'CONFLICT',
      message: 'This cycle is already published, so parents can see it.',
    });
    expect(await parentSees(TEST_NOW)).toEqual(['Year 10 Summer']);
  });

  it('still lets the office correct a published report, audited as a correction', async () => {
    const reportId = await reportOf(students.daniel);
    const caller = await callerFor(db, office, { now: new Date(TEST_NOW.getTime() + HOUR) });
    const { report } = await caller.admin.reports.report({ reportId });
    expect(report.status).toBe('published');
    const art = report.subjects[0]!;
    const saved = await caller.admin.reports.saveReport({
      reportId,
      subjects: [{ ...art, attainment: '7' }],
      tutorComment: report.tutorComment,
    });
    expect(saved).toMatchObject({ status: 'published', subjectsChanged: 1 });
    expect((await auditOf('report.corrected')).at(-1)).toMatchObject({
      student_id: students.daniel,
      details: { report_id: reportId, subjects_changed: ['Art'] },
    });
    const seen = await (
      await callerFor(db, parent, { now: new Date(TEST_NOW.getTime() + 2 * HOUR) })
    ).reports.get({ studentId: students.daniel, reportId });
    expect(seen.report.subjects[0]).toMatchObject({ subject: 'Art', attainment: '7' });
  });
});

describe('who may manage reports', () => {
  it('refuses parents, students, teachers, governors and DSLs', async () => {
    const reportId = await reportOf(students.daniel);
    const users = [
      parent,
      await newStudentUser(db, students.daniel),
      await newStaff(db, ['teacher']),
      await newStaff(db, ['governor']),
      await newStaff(db, ['dsl']),
    ];
    for (const user of users) {
      const caller = await callerFor(db, user);
      expect((await refusalOf(caller.admin.reports.cycles())).code).toBe('FORBIDDEN');
      expect((await refusalOf(caller.admin.reports.preview({ reportId }))).code).toBe('FORBIDDEN');
      expect(
        (await refusalOf(caller.admin.reports.createCycle({ name: 'Sneaky', yearGroup: 10 }))).code,
      ).toBe('FORBIDDEN');
    }
    expect(await db.selectFrom('report_cycles').select('name').execute()).toEqual([
      { name: 'Year 10 Summer' },
    ]);
  });
});
