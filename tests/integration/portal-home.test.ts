import { beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  callerFor,
  contextFor,
  link,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  sessionTokenFor,
  type TestUser,
} from './support/factories';
import { countingStatements } from './support/query-counter';

// TEST_NOW is Tuesday 17 November 2026, 09:30 UTC: a school day in the autumn term below.
const TUESDAY = '2026-11-17';

let db: Database;
let teacher: TestUser & { staffId: string };
let period1: string;
let groupId: string;

/** A child in Year 9 with a lesson on Tuesdays, `marks` attendance marks and `events` behaviour events. */
async function childWith(contactId: string, marks: number, events: number) {
  const { studentId } = await newStudent(db, { yearGroup: 9 });
  await link(db, contactId, studentId);
  await db
    .insertInto('teaching_group_members')
    .values({ group_id: groupId, student_id: studentId })
    .execute();
  const days = schoolDaysBefore(TUESDAY, Math.ceil(marks / 2));
  const rows = days.flatMap((date, i) =>
    (['AM', 'PM'] as const).map((session) => ({
      student_id: studentId,
      on_date: date,
      session,
      code: i % 10 === 3 && session === 'AM' ? 'N' : session === 'AM' ? '/' : '\\',
      recorded_at: new Date(`${date}T09:00:00Z`),
    })),
  );
  if (rows.length > 0)
    await db.insertInto('attendance_marks').values(rows.slice(0, marks)).execute();
  if (events > 0) {
    await db
      .insertInto('behaviour_events')
      .values(
        Array.from({ length: events }, (_, i) => ({
          student_id: studentId,
          kind: i % 2 === 0 ? ('positive' as const) : ('negative' as const),
          category: i % 2 === 0 ? 'Achievement' : 'Homework not done',
          points: i % 2 === 0 ? 2 : -1,
          description: `Event ${i}`,
          occurred_on: days[i % days.length] ?? TUESDAY,
          recorded_by_staff_id: teacher.staffId,
        })),
      )
      .execute();
  }
  const cycle = await db
    .insertInto('report_cycles')
    .values({ name: 'Year 9 Autumn', year_group: 9, publish_at: new Date('2026-11-01T08:00:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('reports').values({ cycle_id: cycle.id, student_id: studentId }).execute();
  return studentId;
}

/** `count` weekdays before `date`, newest first (the test term has no closures in November). */
function schoolDaysBefore(date: string, count: number): string[] {
  const days: string[] = [];
  let at = Date.parse(`${date}T00:00:00Z`);
  while (days.length < count) {
    at -= 86_400_000;
    const day = new Date(at).getUTCDay();
    if (day !== 0 && day !== 6) days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

beforeAll(async () => {
  db = await freshDatabase();
  teacher = await newStaff(db, ['teacher']);
  await db
    .insertInto('terms')
    .values({ name: 'Autumn 2026', starts_on: '2026-09-02', ends_on: '2026-12-18' })
    .execute();
  const period = await db
    .insertInto('periods')
    .values({ name: 'Period 1', starts_at: '08:50', ends_at: '09:50', sort_order: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  period1 = period.id;
  const group = await db
    .insertInto('teaching_groups')
    .values({
      code: '9/Ma',
      subject: 'Maths',
      year_group: 9,
      teacher_staff_id: teacher.staffId,
      room: 'M4',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  groupId = group.id;
  await db
    .insertInto('lessons')
    .values(
      [1, 2].map((week) => ({
        group_id: groupId,
        cycle_week: week,
        weekday: 2,
        period_id: period1,
      })),
    )
    .execute();
  await db
    .insertInto('notices')
    .values({
      title: 'Winter concert',
      body_markdown: 'Come along.',
      for_parents: true,
      for_students: true,
      publish_at: new Date('2026-11-10T08:00:00Z'),
    })
    .execute();
});

/**
 * The home page as the web app serves it to `user`, counting the statements each part sends: the
 * session and its user (every request), the school's name (the layout) and portal.home.
 */
async function homeCountingStatements(user: TestUser) {
  const token = await sessionTokenFor(db, user);
  const counter = countingStatements(db);
  const context = await contextFor(counter.db, token);
  const session = counter.count;
  const caller = createCaller(context);
  await caller.school.info();
  const layout = counter.count - session;
  const home = await caller.portal.home();
  return {
    home,
    session,
    layout,
    procedure: counter.count - session - layout,
    page: counter.count,
  };
}

describe('the portal home', () => {
  it('shows each child’s day, attendance, latest behaviour and newest report, and unread notices', async () => {
    const parent = await newParent(db);
    const studentId = await childWith(parent.contactId, 40, 6);
    const home = await (await callerFor(db, parent)).portal.home();
    expect(home.children).toHaveLength(1);
    const child = home.children[0]!;
    expect(child.student.id).toBe(studentId);
    expect(home.day).toMatchObject({ date: TUESDAY, isToday: true });
    expect(child.lessons).toHaveLength(1);
    expect(child.attendance).toMatchObject({ possible: 40, unexplained: 2 });
    expect(child.attendance?.percentage).toBe(95);
    expect(child.behaviour).toHaveLength(3);
    expect(child.newestReport).toMatchObject({ cycleName: 'Year 9 Autumn' });
    expect(home.notices.count).toBe(1);
  });

  it('says when each block last changed, from the records it shows', async () => {
    const parent = await newParent(db);
    const studentId = await childWith(parent.contactId, 40, 6);
    const earlier = new Date('2026-11-02T08:00:00Z');
    const at = (time: string) => new Date(`2026-11-16T${time}Z`);
    // Everything dated `earlier`, then one record of each block changed later.
    await db
      .updateTable('attendance_marks')
      .set({ updated_at: earlier })
      .where('student_id', '=', studentId)
      .execute();
    await db
      .updateTable('attendance_marks')
      .set({ updated_at: at('15:10:00') })
      .where('student_id', '=', studentId)
      .where('on_date', '=', '2026-11-12')
      .where('session', '=', 'PM')
      .execute();
    await db
      .updateTable('behaviour_events')
      .set({ updated_at: earlier })
      .where('student_id', '=', studentId)
      .execute();
    await db
      .updateTable('behaviour_events')
      .set({ updated_at: at('12:20:00') })
      .where('student_id', '=', studentId)
      .where('description', '=', 'Event 1')
      .execute();
    const report = await db
      .updateTable('reports')
      .set({ updated_at: earlier })
      .where('student_id', '=', studentId)
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('report_subjects')
      .values({
        report_id: report.id,
        subject: 'Maths',
        attainment: '6',
        updated_at: at('16:30:00'),
      })
      .execute();
    // A lesson's date is its own, its class's or that day's change's, whichever is latest.
    await db
      .updateTable('lessons')
      .set({ updated_at: earlier })
      .where('group_id', '=', groupId)
      .execute();
    await db
      .updateTable('teaching_groups')
      .set({ updated_at: at('07:45:00') })
      .where('id', '=', groupId)
      .execute();

    const home = await (await callerFor(db, parent)).portal.home();
    const child = home.children[0]!;
    expect(child.attendance?.updatedAt).toEqual(at('15:10:00'));
    expect(child.behaviour.map((e) => e.description)).toContain('Event 1');
    expect(child.behaviourUpdatedAt).toEqual(at('12:20:00'));
    // The report's date is its newest subject's when that is later than the report itself.
    expect(child.newestReport?.updatedAt).toEqual(at('16:30:00'));
    expect(child.lessons).toHaveLength(1);
    expect(child.lessonsUpdatedAt).toEqual(at('07:45:00'));

    // The overview shows the same blocks with the same dates.
    const overview = await (await callerFor(db, parent)).portal.overview({ studentId });
    expect(overview).toMatchObject({
      lessonsUpdatedAt: at('07:45:00'),
      attendance: { updatedAt: at('15:10:00') },
      behaviourUpdatedAt: at('12:20:00'),
      newestReport: { updatedAt: at('16:30:00') },
    });

    // A child with nothing recorded has no dates to show.
    const quiet = await newParent(db);
    await childWith(quiet.contactId, 0, 0);
    const empty = (await (await callerFor(db, quiet)).portal.home()).children[0]!;
    expect(empty.attendance?.updatedAt).toBeNull();
    expect(empty.behaviourUpdatedAt).toBeNull();
  });

  it('sends the same few statements for one child with little data as for three with a lot', async () => {
    const small = await newParent(db);
    await childWith(small.contactId, 2, 1);
    const large = await newParent(db);
    for (let i = 0; i < 3; i++) await childWith(large.contactId, 120, 30);

    const one = await homeCountingStatements(small);
    const three = await homeCountingStatements(large);
    expect(one.home.children).toHaveLength(1);
    expect(three.home.children).toHaveLength(3);
    expect(three.page).toBe(one.page);
    // The procedure: the calendar with the children; then every block, the notices and the audit.
    expect(one.procedure).toBe(2);
    // Every signed-in request: the session and its user in one statement.
    expect(one.session).toBe(1);
    // The whole page (issue 17): the session and its user, the school's name, the home.
    expect(one.page).toBeLessThanOrEqual(5);
  });

  it('sends two statements for a parent with no child to show, and still audits the view', async () => {
    const parent = await newParent(db);
    const counted = await homeCountingStatements(parent);
    expect(counted.home).toMatchObject({ children: [], day: null, notices: { count: 1 } });
    expect(counted.procedure).toBe(2);
    const entries = await db
      .selectFrom('audit_log')
      .select(['action', 'student_id', 'details'])
      .where('actor_user_id', '=', parent.userId)
      .execute();
    expect(entries).toEqual([
      { action: 'view.home', student_id: null, details: { view: 'home', student_ids: [] } },
    ]);
  });

  it('writes one audit entry per view naming every child shown', async () => {
    const parent = await newParent(db);
    const first = await childWith(parent.contactId, 4, 0);
    const second = await childWith(parent.contactId, 4, 0);
    await (await callerFor(db, parent)).portal.home();
    const entries = await db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('actor_user_id', '=', parent.userId)
      .where('action', 'like', 'view.%')
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.action).toBe('view.home');
    expect((entries[0]?.details as { student_ids: string[] }).student_ids.sort()).toEqual(
      [first, second].sort(),
    );
  });

  it('gives a student their own summary only', async () => {
    const parent = await newParent(db);
    const me = await childWith(parent.contactId, 4, 0);
    await childWith(parent.contactId, 4, 0);
    const student = await newStudentUser(db, me);
    const home = await (await callerFor(db, student)).portal.home();
    expect(home.children.map((c) => c.student.id)).toEqual([me]);
  });
});

describe('a student overview', () => {
  it('lets a teacher see a student they teach and not one they do not', async () => {
    const parent = await newParent(db);
    const taught = await childWith(parent.contactId, 4, 1);
    const { studentId: untaught } = await newStudent(db, { yearGroup: 9 });
    const caller = await callerFor(db, teacher);
    const overview = await caller.portal.overview({ studentId: taught });
    expect(overview.student.id).toBe(taught);
    expect(overview.lessons).toHaveLength(1);
    await expect(caller.portal.overview({ studentId: untaught })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('answers a governor and a parent asking for someone else’s child alike: not found', async () => {
    const parent = await newParent(db);
    const child = await childWith(parent.contactId, 2, 0);
    const governor = await newStaff(db, ['governor']);
    await expect(
      (await callerFor(db, governor)).portal.overview({ studentId: child }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const stranger = await newParent(db);
    await expect(
      (await callerFor(db, stranger)).portal.overview({ studentId: child }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('a teacher’s classes', () => {
  it('lists the class they teach and answers "not found" for another teacher’s, writing no audit entry', async () => {
    const parent = await newParent(db);
    const taught = await childWith(parent.contactId, 2, 0);
    const caller = await callerFor(db, teacher);
    const groups = await caller.teaching.myGroups();
    expect(groups.map((g) => g.id)).toContain(groupId);
    const group = await caller.teaching.group({ groupId });
    expect(group.students.map((s) => s.id)).toContain(taught);

    const other = await newStaff(db, ['teacher']);
    const otherCaller = await callerFor(db, other);
    expect(await otherCaller.teaching.myGroups()).toEqual([]);
    await expect(otherCaller.teaching.group({ groupId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const audited = await db
      .selectFrom('audit_log')
      .select('id')
      .where('actor_user_id', '=', other.userId)
      .where('action', '=', 'view.teaching_group')
      .execute();
    expect(audited).toEqual([]);
  });

  it('gives a teacher named on one of a class’s lessons that class and its students', async () => {
    const parent = await newParent(db);
    const child = await childWith(parent.contactId, 2, 0);
    const sharing = await newStaff(db, ['teacher']);
    const caller = await callerFor(db, sharing);
    await expect(caller.portal.overview({ studentId: child })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await db
      .updateTable('lessons')
      .set({ teacher_staff_id: sharing.staffId })
      .where('group_id', '=', groupId)
      .where('cycle_week', '=', 2)
      .execute();
    try {
      expect((await caller.teaching.myGroups()).map((g) => g.id)).toEqual([groupId]);
      expect((await caller.portal.overview({ studentId: child })).student.id).toBe(child);
    } finally {
      await db
        .updateTable('lessons')
        .set({ teacher_staff_id: null })
        .where('group_id', '=', groupId)
        .execute();
    }
  });
});
