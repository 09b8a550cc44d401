import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { loadSchoolCalendar } from '../../packages/api/src/core';
import { lessonsOnFor } from '../../packages/api/src/timetable';
import { freshDatabase } from './support/database';
import {
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  type TestUser,
} from './support/factories';
import {
  countingQueries,
  nameStaff,
  newClosure,
  newGroup,
  newLesson,
  newLessonChange,
  newPeriods,
  newTerm,
  setCycle,
} from './support/timetable-data';

// TEST_NOW is Tuesday 17 November 2026. Week A began on Monday 7 September 2026, so the week of
// 16 November is Week A (ten weeks on), 23 November is Week B and 30 November Week A again.
let db: Database;
const student: Record<'daniel' | 'amara' | 'classmate' | 'noLessons', string> = {
  daniel: '',
  amara: '',
  classmate: '',
  noLessons: '',
};
const lesson: Record<string, string> = {};
let parent: TestUser & { contactId: string };
let danielUser: TestUser;
let patel: TestUser;
let jones: TestUser;
let governor: TestUser;
let dsl: TestUser;
let office: TestUser;

beforeAll(async () => {
  db = await freshDatabase();
  await setCycle(db, 2, '2026-09-07');
  await newTerm(db, 'Autumn term', '2026-09-03', '2026-12-18');
  await newTerm(db, 'Spring term', '2027-01-05', '2027-03-26');
  await newClosure(db, 'Half term', '2026-10-26', '2026-10-30');
  await newClosure(db, 'Training day', '2026-11-20');
  const [p1, p2, p3] = (await newPeriods(db, [
    ['Period 1', '08:50', '09:50'],
    ['Period 2', '09:50', '10:50'],
    ['Period 3', '11:10', '12:10'],
  ])) as [string, string, string];

  student.daniel = (await newStudent(db, { yearGroup: 10 })).studentId;
  student.amara = (await newStudent(db, { yearGroup: 8 })).studentId;
  student.classmate = (await newStudent(db, { yearGroup: 10 })).studentId;
  student.noLessons = (await newStudent(db, { yearGroup: 10 })).studentId;

  parent = await newParent(db);
  await link(db, parent.contactId, student.daniel);
  await link(db, parent.contactId, student.amara);
  const otherParent = await newParent(db);
  await link(db, otherParent.contactId, student.classmate);
  danielUser = await newStudentUser(db, student.daniel);

  const patelStaff = await newStaff(db, ['teacher']);
  await nameStaff(db, patelStaff.staffId, 'Mrs', 'Priya', 'Patel');
  patel = patelStaff;
  const shah = await newStaff(db, ['teacher']);
  await nameStaff(db, shah.staffId, 'Mr', 'Imran', 'Shah');
  const jonesStaff = await newStaff(db, ['teacher']);
  await nameStaff(db, jonesStaff.staffId, 'Ms', 'Carys', 'Jones');
  jones = jonesStaff;
  const cole = await newStaff(db, []);
  await nameStaff(db, cole.staffId, 'Mr', 'Tom', 'Cole');
  governor = await newStaff(db, ['governor']);
  dsl = await newStaff(db, ['dsl']);
  office = await newStaff(db, ['office']);

  const maths = await newGroup(db, {
    code: '10A/Ma1',
    subject: 'Mathematics',
    teacherStaffId: patelStaff.staffId,
    room: 'M1',
    yearGroup: 10,
    members: [student.daniel, student.classmate],
  });
  const science = await newGroup(db, {
    code: '10A/Sc1',
    subject: 'Science',
    teacherStaffId: shah.staffId,
    room: 'S1',
    yearGroup: 10,
    members: [student.daniel],
  });
  const english = await newGroup(db, {
    code: '8B/En1',
    subject: 'English',
    teacherStaffId: jonesStaff.staffId,
    room: 'E2',
    yearGroup: 8,
    members: [student.amara],
  });
  lesson.mathsMonA = await newLesson(db, {
    groupId: maths,
    cycleWeek: 1,
    weekday: 1,
    periodId: p1,
  });
  lesson.mathsTueA = await newLesson(db, {
    groupId: maths,
    cycleWeek: 1,
    weekday: 2,
    periodId: p2,
  });
  lesson.mathsMonB = await newLesson(db, {
    groupId: maths,
    cycleWeek: 2,
    weekday: 1,
    periodId: p1,
    room: 'M4',
  });
  lesson.scienceFriA = await newLesson(db, {
    groupId: science,
    cycleWeek: 1,
    weekday: 5,
    periodId: p3,
  });
  lesson.scienceTueB = await newLesson(db, {
    groupId: science,
    cycleWeek: 2,
    weekday: 2,
    periodId: p1,
  });
  lesson.englishTueA = await newLesson(db, {
    groupId: english,
    cycleWeek: 1,
    weekday: 2,
    periodId: p1,
  });
  await newLessonChange(db, {
    lessonId: lesson.mathsTueA,
    onDate: '2026-11-17',
    coverStaffId: cole.staffId,
    room: 'S3',
    note: 'Mrs Patel is on a course',
  });
  await newLessonChange(db, {
    lessonId: lesson.scienceTueB,
    onDate: '2026-11-24',
    cancelled: true,
    note: 'Year 10 trip',
  });
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code,
  );

const summary = (days: { dayName: string; lessons: { subject: string; periodName: string }[] }[]) =>
  Object.fromEntries(
    days.map((day) => [day.dayName, day.lessons.map((l) => `${l.periodName} ${l.subject}`)]),
  );

describe('a student’s week', () => {
  it('shows this week by default, Week A, with today marked and the periods of the day', async () => {
    const week = await (
      await callerFor(db, parent)
    ).timetable.forStudent({ studentId: student.daniel });
    expect(week.student.id).toBe(student.daniel);
    expect(week).toMatchObject({
      weekOf: '2026-11-16',
      weekEnds: '2026-11-20',
      weekLabel: 'Week A',
      termName: 'Autumn term',
      today: '2026-11-17',
      thisWeek: '2026-11-16',
      previousWeek: '2026-11-09',
      nextWeek: '2026-11-23',
    });
    expect(week.periods.map((p) => `${p.name} ${p.startsAt}–${p.endsAt}`)).toEqual([
      'Period 1 08:50–09:50',
      'Period 2 09:50–10:50',
      'Period 3 11:10–12:10',
    ]);
    expect(week.days.map((d) => d.date)).toEqual([
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
    ]);
    expect(week.days.filter((d) => d.isToday).map((d) => d.dayName)).toEqual(['Tuesday']);
    expect(week.updatedAt).toBeInstanceOf(Date);
  });

  it('shows Week A lessons in Week A and Week B lessons in Week B', async () => {
    const caller = await callerFor(db, parent);
    const weekA = await caller.timetable.forStudent({ studentId: student.daniel });
    const weekB = await caller.timetable.forStudent({
      studentId: student.daniel,
      weekOf: '2026-11-25',
    });
    expect(summary(weekA.days)).toEqual({
      Monday: ['Period 1 Mathematics'],
      Tuesday: ['Period 2 Mathematics'],
      Wednesday: [],
      Thursday: [],
      Friday: [],
    });
    expect(weekB.weekOf).toBe('2026-11-23');
    expect(weekB.weekLabel).toBe('Week B');
    expect(summary(weekB.days)).toEqual({
      Monday: ['Period 1 Mathematics'],
      Tuesday: ['Period 1 Science'],
      Wednesday: [],
      Thursday: [],
      Friday: [],
    });
    // Week B's Monday maths is in another room; the teacher's name is as the school writes it.
    const mondayB = weekB.days[0]!.lessons[0]!;
    expect(mondayB).toMatchObject({
      id: lesson.mathsMonB,
      date: '2026-11-23',
      subject: 'Mathematics',
      groupCode: '10A/Ma1',
      teacher: 'Mrs Patel',
      room: 'M4',
      change: null,
    });
    expect(mondayB.updatedAt).toBeInstanceOf(Date);
    expect(weekA.days[0]!.lessons[0]!.room).toBe('M1');
  });

  it("applies a lesson's change on its date only", async () => {
    const caller = await callerFor(db, parent);
    const thisWeek = await caller.timetable.forStudent({ studentId: student.daniel });
    expect(thisWeek.days[1]!.lessons[0]).toMatchObject({
      id: lesson.mathsTueA,
      teacher: 'Mrs Patel',
      room: 'M1',
      change: {
        coverTeacher: 'Mr Cole',
        room: 'S3',
        cancelled: false,
        note: 'Mrs Patel is on a course',
      },
    });
    const twoWeeksOn = await caller.timetable.forStudent({
      studentId: student.daniel,
      weekOf: '2026-11-30',
    });
    expect(twoWeeksOn.weekLabel).toBe('Week A');
    expect(twoWeeksOn.days[1]!.lessons[0]).toMatchObject({ id: lesson.mathsTueA, change: null });

    const weekB = await caller.timetable.forStudent({
      studentId: student.daniel,
      weekOf: '2026-11-23',
    });
    expect(weekB.days[1]!.lessons[0]!.change).toEqual({
      coverTeacher: null,
      room: null,
      cancelled: true,
      note: 'Year 10 trip',
    });
  });

  it('shows no lessons on a closure day, with its reason, and none in half-term or the holidays', async () => {
    const caller = await callerFor(db, parent);
    const week = await caller.timetable.forStudent({ studentId: student.daniel });
    const friday = week.days[4]!;
    expect(friday).toMatchObject({
      dayName: 'Friday',
      schoolDay: false,
      noSchoolReason: 'Training day',
      lessons: [],
    });
    expect(week.days[0]).toMatchObject({ schoolDay: true, noSchoolReason: null });

    const halfTerm = await caller.timetable.forStudent({
      studentId: student.daniel,
      weekOf: '2026-10-28',
    });
    expect(halfTerm.days.map((d) => d.noSchoolReason)).toEqual(Array(5).fill('Half term'));
    expect(halfTerm.days.flatMap((d) => d.lessons)).toEqual([]);

    const christmas = await caller.timetable.forStudent({
      studentId: student.daniel,
      weekOf: '2026-12-23',
    });
    expect(christmas.days.map((d) => d.noSchoolReason)).toEqual(Array(5).fill('School holiday'));
    expect(christmas.termName).toBeNull();
  });

  it('shows next week at the weekend, with no day marked as today', async () => {
    const saturday = new Date('2026-11-21T10:00:00Z');
    const week = await (
      await callerFor(db, parent, { now: saturday })
    ).timetable.forStudent({ studentId: student.daniel });
    expect(week.weekOf).toBe('2026-11-23');
    expect(week.weekLabel).toBe('Week B');
    expect(week.thisWeek).toBe('2026-11-23');
    expect(week.days.some((d) => d.isToday)).toBe(false);
  });

  it('refuses a week that is not a real date, in plain English', async () => {
    const caller = await callerFor(db, parent);
    const error = (await caller.timetable
      .forStudent({ studentId: student.daniel, weekOf: '2026-02-30' })
      .catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('writes exactly one audit entry per view, naming the student and the view', async () => {
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'view.timetable')
            .where('student_id', '=', student.amara)
            .where('actor_user_id', '=', parent.userId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const week = await (
      await callerFor(db, parent)
    ).timetable.forStudent({ studentId: student.amara });
    expect(week.days[1]!.lessons.map((l) => `${l.subject} ${l.teacher} ${l.room}`)).toEqual([
      'English Ms Jones E2',
    ]);
    expect(await count()).toBe(before + 1);
  });
});

describe('who may see a timetable', () => {
  it('a parent sees their own children, and another family’s child is "not found"', async () => {
    const caller = await callerFor(db, parent);
    expect(await refusal(caller.timetable.forStudent({ studentId: student.daniel }))).toBe('ok');
    expect(await refusal(caller.timetable.forStudent({ studentId: student.amara }))).toBe('ok');
    expect(await refusal(caller.timetable.forStudent({ studentId: student.classmate }))).toBe(
      'NOT_FOUND',
    );
    expect(await refusal(caller.timetable.forStudent({ studentId: crypto.randomUUID() }))).toBe(
      'NOT_FOUND',
    );
  });

  it('a parent gets their other children for the switcher', async () => {
    const week = await (
      await callerFor(db, parent)
    ).timetable.forStudent({ studentId: student.daniel });
    expect(week.switcher.map((s) => s.id).sort()).toEqual([student.daniel, student.amara].sort());
  });

  it('a student sees only themselves, not a sibling', async () => {
    const caller = await callerFor(db, danielUser);
    const own = await caller.timetable.forStudent({ studentId: student.daniel });
    expect(own.days[0]!.lessons[0]!.subject).toBe('Mathematics');
    expect(own.switcher).toEqual([]);
    expect(await refusal(caller.timetable.forStudent({ studentId: student.amara }))).toBe(
      'NOT_FOUND',
    );
  });

  it('a teacher sees only students they teach', async () => {
    const mrsPatel = await callerFor(db, patel);
    expect(await refusal(mrsPatel.timetable.forStudent({ studentId: student.daniel }))).toBe('ok');
    expect(await refusal(mrsPatel.timetable.forStudent({ studentId: student.amara }))).toBe(
      'NOT_FOUND',
    );
    const msJones = await callerFor(db, jones);
    expect(await refusal(msJones.timetable.forStudent({ studentId: student.amara }))).toBe('ok');
    expect(await refusal(msJones.timetable.forStudent({ studentId: student.daniel }))).toBe(
      'NOT_FOUND',
    );
  });

  it('office staff see any student; governors and DSLs are told "not found"', async () => {
    const officeCaller = await callerFor(db, office);
    expect(await refusal(officeCaller.timetable.forStudent({ studentId: student.classmate }))).toBe(
      'ok',
    );
    for (const user of [governor, dsl]) {
      const caller = await callerFor(db, user);
      expect(await refusal(caller.timetable.forStudent({ studentId: student.daniel }))).toBe(
        'NOT_FOUND',
      );
    }
  });
});

describe('lessons on one date for several students (the home page)', () => {
  it('loads the calendar in one query', async () => {
    const counting = countingQueries(db);
    const cal = await loadSchoolCalendar(counting.db);
    expect(counting.count()).toBe(1);
    expect(cal).toMatchObject({ cycleWeeks: 2, cycleAnchor: '2026-09-07' });
    expect(cal.terms.map((t) => t.name)).toEqual(['Autumn term', 'Spring term']);
    expect(cal.closures).toEqual([
      { startsOn: '2026-10-26', endsOn: '2026-10-30', reason: 'Half term' },
      { startsOn: '2026-11-20', endsOn: '2026-11-20', reason: 'Training day' },
    ]);
  });

  it("returns each student's lessons on a date, with changes, in one query", async () => {
    const cal = await loadSchoolCalendar(db);
    const counting = countingQueries(db);
    const ids = [student.daniel, student.amara, student.classmate, student.noLessons];
    const byStudent = await lessonsOnFor(counting.db, ids, '2026-11-17', cal);
    expect(counting.count()).toBe(1);
    expect([...byStudent.keys()].sort()).toEqual([...ids].sort());
    const line = (id: string) =>
      byStudent
        .get(id)!
        .map(
          (l) =>
            `${l.date} ${l.periodName} ${l.startsAt} ${l.subject} ${l.teacher} ${l.room}${l.change ? ` cover ${l.change.coverTeacher} in ${l.change.room}` : ''}`,
        );
    expect(line(student.daniel)).toEqual([
      '2026-11-17 Period 2 09:50 Mathematics Mrs Patel M1 cover Mr Cole in S3',
    ]);
    expect(line(student.classmate)).toEqual(line(student.daniel));
    expect(line(student.amara)).toEqual(['2026-11-17 Period 1 08:50 English Ms Jones E2']);
    expect(line(student.noLessons)).toEqual([]);
  });

  it('follows the cycle: Week B on a Week B date', async () => {
    const cal = await loadSchoolCalendar(db);
    const byStudent = await lessonsOnFor(db, [student.daniel], '2026-11-24', cal);
    expect(byStudent.get(student.daniel)!.map((l) => [l.subject, l.change?.cancelled])).toEqual([
      ['Science', true],
    ]);
  });

  it('runs no query and returns empty lists on a day with no school', async () => {
    const cal = await loadSchoolCalendar(db);
    const counting = countingQueries(db);
    for (const date of ['2026-11-20', '2026-11-21', '2026-10-27', '2026-12-25']) {
      const byStudent = await lessonsOnFor(counting.db, [student.daniel, student.amara], date, cal);
      expect([...byStudent.values()]).toEqual([[], []]);
    }
    expect(counting.count()).toBe(0);
  });
});
