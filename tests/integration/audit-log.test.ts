import { beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, type Database } from '@schoolgate/db';
import { parseCsv } from '../../packages/api/src/imports';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';

let db: Database;
let admin: TestUser;
let office: TestUser;
let parent: TestUser & { contactId: string };
let studentA: string;
let studentB: string;

const adminCaller = () => callerFor(db, admin);

/** The actions listed, leaving out the entries this test's own reading of the log adds. */
const actionsOf = (entries: { action: string }[]) =>
  entries.map((e) => e.action).filter((a) => !a.endsWith('.audit_log'));

/** An entry written as the app would write it. */
const entry = (fields: Parameters<typeof recordAudit>[1]) => recordAudit(db, fields);

beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
  office = await newStaff(db, ['office']);
  parent = await newParent(db);
  studentA = (await newStudent(db)).studentId;
  studentB = (await newStudent(db)).studentId;
  await link(db, parent.contactId, studentA);
  await db
    .updateTable('students')
    .set({ forename: 'Daniela', surname: 'Okonjo' })
    .where('id', '=', studentA)
    .execute();
  await db
    .updateTable('contacts')
    .set({ forename: 'Nadira', surname: 'Okonjo' })
    .where('id', '=', parent.contactId)
    .execute();

  // The parent looks at the child's attendance: the app writes one entry for the view.
  const asParent = await callerFor(db, parent, { now: new Date('2026-11-16T10:00:00Z') });
  await asParent.students.mine();
  await asParent.attendance.forStudent({ studentId: studentA });

  // Entries about the other student, by the office, and without anyone signed in.
  await entry({
    at: new Date('2026-11-16T11:00:00Z'),
    action: 'view.attendance',
    actorUserId: office.userId,
    studentId: studentB,
    details: { view: 'attendance' },
  });
  await entry({
    at: new Date('2026-11-16T12:00:00Z'),
    action: 'auth.sign_in.failed',
    targetUserId: parent.userId,
    ip: '203.0.113.9',
    userAgent: '=HYPERLINK("http://evil.example","Click me")',
    details: { reason: 'wrong_password' },
  });
  await entry({
    at: new Date('2026-11-16T12:05:00Z'),
    action: 'auth.sign_in.succeeded',
    actorUserId: parent.userId,
    targetUserId: parent.userId,
    ip: '203.0.113.9',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Safari/604.1',
    details: { shared_device: false },
  });
  await entry({
    at: new Date('2026-11-16T13:00:00Z'),
    action: 'jobs.password_reminders',
    details: { sent: 2 },
  });
  await entry({
    at: new Date('2026-11-16T13:01:00Z'),
    action: 'import.roster',
    details: { via: 'cli', search: '+SUM(A1)', note: '-2+3' },
  });
  // Around midnight in the summer: 30 June 23:30 UTC is 1 July 00:30 in London (BST).
  await entry({
    at: new Date('2026-06-30T23:30:00Z'),
    action: 'view.behaviour',
    actorUserId: parent.userId,
    studentId: studentA,
  });
  await entry({
    at: new Date('2026-06-30T22:30:00Z'),
    action: 'view.timetable',
    actorUserId: parent.userId,
    studentId: studentA,
  });
});

describe('searching the audit log', () => {
  it('finds every view of a student, including lists that named them, newest first', async () => {
    const result = await (await adminCaller()).admin.audit.search({ studentId: studentA });
    expect(actionsOf(result.entries)).toEqual([
      'view.attendance',
      'view.my_students',
      'view.behaviour',
      'view.timetable',
    ]);
    expect(result.entries.every((e) => e.at.getTime() <= TEST_NOW.getTime())).toBe(true);
    expect(result.filters.student).toMatchObject({ id: studentA, name: 'Daniela Okonjo' });
    const view = result.entries[0]!;
    expect(view).toMatchObject({
      actionLabel: 'Viewed attendance',
      who: `Nadira Okonjo (${parent.username})`,
      student: { id: studentA, name: 'Daniela Okonjo' },
    });
    expect(result.entries.some((e) => e.student?.id === studentB)).toBe(false);
  });

  it('filters by user, as the one who acted or the account acted on', async () => {
    const result = await (await adminCaller()).admin.audit.search({ userId: parent.userId });
    const actions = result.entries.map((e) => e.action);
    expect(actions).toContain('auth.sign_in.failed');
    expect(actions).toContain('auth.sign_in.succeeded');
    expect(actions).toContain('view.attendance');
    expect(result.entries.some((e) => e.actor?.userId === office.userId)).toBe(false);
    const failed = result.entries.find((e) => e.action === 'auth.sign_in.failed')!;
    expect(failed).toMatchObject({
      who: 'Not signed in',
      target: { userId: parent.userId, username: parent.username },
      ip: '203.0.113.9',
    });
    const succeeded = result.entries.find((e) => e.action === 'auth.sign_in.succeeded')!;
    expect(succeeded.device).toBe('Safari on iPhone');
    expect(result.filters.user).toMatchObject({ id: parent.userId, name: 'Nadira Okonjo' });
  });

  it('filters by an exact action or a prefix', async () => {
    const caller = await adminCaller();
    const views = await caller.admin.audit.search({ action: 'view.' });
    expect(views.entries.length).toBeGreaterThan(0);
    expect(views.entries.every((e) => e.action.startsWith('view.'))).toBe(true);
    const sameViews = await caller.admin.audit.search({ action: 'view' });
    expect(sameViews.total).toBeGreaterThanOrEqual(views.total);
    const signIns = await caller.admin.audit.search({ action: 'auth.sign_in' });
    expect(signIns.entries.map((e) => e.action).sort()).toEqual([
      'auth.sign_in.failed',
      'auth.sign_in.succeeded',
    ]);
    const exact = await caller.admin.audit.search({ action: 'view.attendance' });
    expect(new Set(exact.entries.map((e) => e.action))).toEqual(new Set(['view.attendance']));
    expect(exact.total).toBe(2);
  });

  it('filters by dates in the school’s time zone', async () => {
    const caller = await adminCaller();
    // 00:30 on 1 July in London is still 30 June in UTC: it belongs to 1 July.
    const july = await caller.admin.audit.search({
      studentId: studentA,
      from: '2026-07-01',
      to: '2026-07-01',
    });
    expect(july.entries.map((e) => e.action)).toEqual(['view.behaviour']);
    const june = await caller.admin.audit.search({
      studentId: studentA,
      from: '2026-06-30',
      to: '2026-06-30',
    });
    expect(june.entries.map((e) => e.action)).toEqual(['view.timetable']);
    const november = await caller.admin.audit.search({ studentId: studentA, from: '2026-11-01' });
    expect(actionsOf(november.entries)).toEqual(['view.attendance', 'view.my_students']);
  });

  it('combines filters', async () => {
    const result = await (
      await adminCaller()
    ).admin.audit.search({
      studentId: studentA,
      userId: parent.userId,
      action: 'view.',
      from: '2026-11-16',
      to: '2026-11-16',
    });
    expect(result.entries.map((e) => e.action)).toEqual(['view.attendance', 'view.my_students']);
  });

  it('names the system, the command line and unknown actions plainly', async () => {
    const result = await (
      await adminCaller()
    ).admin.audit.search({ from: '2026-11-16', to: '2026-11-16', action: '' });
    const job = result.entries.find((e) => e.action === 'jobs.password_reminders')!;
    expect(job).toMatchObject({ who: 'System', actionLabel: 'jobs.password_reminders' });
    const imported = result.entries.find((e) => e.action === 'import.roster')!;
    expect(imported).toMatchObject({ who: 'Command line', actionLabel: 'Imported roster data' });
    expect(imported.detailsText).toContain('via: cli');
  });

  it('pages through results', async () => {
    const caller = await adminCaller();
    const filter = { studentId: studentA, to: '2026-11-16', pageSize: 3 };
    const first = await caller.admin.audit.search({ ...filter, page: 1 });
    const second = await caller.admin.audit.search({ ...filter, page: 2 });
    expect(first.pages).toBe(2);
    expect(first.entries).toHaveLength(3);
    expect(second.entries.map((e) => e.action)).toEqual(['view.timetable']);
  });

  it('records each reading of the log with its filters', async () => {
    await (
      await adminCaller()
    ).admin.audit.search({ studentId: studentB, action: 'view.', from: '2026-11-01' });
    const logged = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'view.audit_log')
      .where('student_id', '=', studentB)
      .executeTakeFirstOrThrow();
    expect(logged.actor_user_id).toBe(admin.userId);
    expect(logged.details).toMatchObject({
      filters: { student_id: studentB, action: 'view.', from: '2026-11-01' },
      page: 1,
      total: 1,
    });
  });

  it('refuses bad dates and a "to" before the "from"', async () => {
    const caller = await adminCaller();
    const bad = await refusalOf(caller.admin.audit.search({ from: '2026-02-30' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.fieldErrors?.from?.[0]).toMatch(/real date/);
    const backwards = await refusalOf(
      caller.admin.audit.search({ from: '2026-11-16', to: '2026-11-01' }),
    );
    expect(backwards.fieldErrors?.to?.[0]).toMatch(/on or after/);
  });
});

describe('exporting the audit log as CSV', () => {
  it('has a header, one row per entry, and formulas made plain text', async () => {
    const file = await (await adminCaller()).admin.audit.exportCsv({ userId: parent.userId });
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.fileName).toBe('audit-log-2026-11-17.csv');
    expect(file.truncated).toBe(false);
    const records = parseCsv(file.csv).map((r) => r.fields);
    expect(records[0]![0]).toBe('Entry');
    expect(records[0]).toContain('What happened');
    expect(records).toHaveLength(file.entries + 1);
    const header = records[0]!;
    const column = (name: string) => header.indexOf(name);
    const failed = records.find((r) => r[column('Action')] === 'auth.sign_in.failed')!;
    expect(failed[column('User agent')]).toBe(`'=HYPERLINK("http://evil.example","Click me")`);
    expect(failed[column('When (school time)')]).toBe('2026-11-16 12:00:00');
    expect(failed[column('Who')]).toBe('Not signed in');
    // No cell anywhere starts with a formula character.
    for (const row of records) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('keeps the details as JSON and names the command line', async () => {
    const file = await (await adminCaller()).admin.audit.exportCsv({ action: 'import.' });
    const records = parseCsv(file.csv).map((r) => r.fields);
    expect(records).toHaveLength(2);
    const details = records[1]![records[0]!.indexOf('Details')]!;
    expect(JSON.parse(details)).toEqual({ via: 'cli', search: '+SUM(A1)', note: '-2+3' });
    expect(records[1]![records[0]!.indexOf('Who')]).toBe('Command line');
  });

  it('is recorded', async () => {
    await (await adminCaller()).admin.audit.exportCsv({ studentId: studentA });
    const logged = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'export.audit_log')
      .where('student_id', '=', studentA)
      .executeTakeFirstOrThrow();
    expect(logged.details).toMatchObject({
      filters: { student_id: studentA },
      entries: expect.any(Number),
    });
  });
});

describe('finding whom to filter by', () => {
  it('finds students by full name or surname, leavers included', async () => {
    const caller = await adminCaller();
    await db
      .updateTable('students')
      .set({ leaving_date: '2025-07-20' })
      .where('id', '=', studentB)
      .execute();
    expect(
      (await caller.admin.audit.findStudents({ search: 'Daniela Okonjo' })).map((s) => s.id),
    ).toEqual([studentA]);
    expect((await caller.admin.audit.findStudents({ search: 'okonjo' })).map((s) => s.id)).toEqual([
      studentA,
    ]);
    const surname = (
      await db
        .selectFrom('students')
        .select('surname')
        .where('id', '=', studentB)
        .executeTakeFirstOrThrow()
    ).surname;
    expect((await caller.admin.audit.findStudents({ search: surname })).map((s) => s.id)).toEqual([
      studentB,
    ]);
  });

  it('finds accounts by username, email or name', async () => {
    const caller = await adminCaller();
    const byName = await caller.admin.audit.findUsers({ search: 'Nadira Okonjo' });
    expect(byName).toEqual([
      expect.objectContaining({
        userId: parent.userId,
        kind: 'parent',
        kindLabel: 'Parent or carer',
      }),
    ]);
    const byUsername = await caller.admin.audit.findUsers({ search: office.username });
    expect(byUsername.map((u) => u.userId)).toContain(office.userId);
    const byEmail = await caller.admin.audit.findUsers({ search: parent.email });
    expect(byEmail.map((u) => u.userId)).toEqual([parent.userId]);
  });
});

describe('who may read the audit log', () => {
  it('refuses everyone but administrators', async () => {
    for (const roles of [['office'], ['teacher'], ['dsl'], ['governor']] as const) {
      const staff = await newStaff(db, [...roles]);
      const caller = await callerFor(db, staff);
      expect((await refusalOf(caller.admin.audit.search({}))).code, roles[0]).toBe('FORBIDDEN');
      expect((await refusalOf(caller.admin.audit.exportCsv({}))).code, roles[0]).toBe('FORBIDDEN');
    }
    const asParent = await callerFor(db, parent);
    expect((await refusalOf(asParent.admin.audit.search({}))).code).toBe('FORBIDDEN');
  });
});
