import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { latestBehaviourFor } from '../../packages/api/src/behaviour';
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
import { countingQueries } from './support/query-counter';
import { refusalOf } from './support/refusal';
import {
  addBehaviourEvent,
  addLesson,
  addTeachingGroup,
  addTerm,
  auditCount,
} from './support/attendance-behaviour-data';

// TEST_NOW is Tuesday 17 November 2026: in Autumn 2, in the academic year 2026 to 2027.
let db: Database;
const ids = { daniel: '', amara: '', otherFamily: '', untaught: '' };
let parent: TestUser & { contactId: string };
let danielUser: TestUser;
let teacher: TestUser & { staffId: string };
let office: TestUser & { staffId: string };
let lessonId = '';

const eventsOf = async (studentId: string) =>
  (
    await db
      .selectFrom('behaviour_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('student_id', '=', studentId)
      .executeTakeFirstOrThrow()
  ).n;

const goodEvent = () => ({
  studentId: ids.daniel,
  kind: 'positive' as const,
  category: 'Helping others',
  points: 2,
  description: 'Helped a new student find their way around.',
  occurredOn: '2026-11-17',
});

beforeAll(async () => {
  db = await freshDatabase();
  await addTerm(db, 'Summer term 2026', '2026-04-13', '2026-07-22');
  await addTerm(db, 'Autumn 1', '2026-09-02', '2026-10-23');
  await addTerm(db, 'Autumn 2', '2026-11-02', '2026-12-18');

  ids.daniel = (await newStudent(db, { yearGroup: 10, admissionDate: '2022-09-01' })).studentId;
  ids.amara = (await newStudent(db, { yearGroup: 8 })).studentId;
  ids.otherFamily = (await newStudent(db, { yearGroup: 10 })).studentId;
  ids.untaught = (await newStudent(db, { yearGroup: 10 })).studentId;
  parent = await newParent(db);
  await link(db, parent.contactId, ids.daniel);
  await link(db, parent.contactId, ids.amara);
  await link(db, (await newParent(db)).contactId, ids.otherFamily);
  danielUser = await newStudentUser(db, ids.daniel);
  office = await newStaff(db, ['office']);

  teacher = await newStaff(db, ['teacher']);
  await db
    .updateTable('staff')
    .set({ title: 'Ms', forename: 'Rachel', surname: 'Hughes' })
    .where('id', '=', teacher.staffId)
    .execute();
  const group = await addTeachingGroup(db, teacher.staffId, [ids.daniel], 'Geography');
  lessonId = await addLesson(db, group, 'Period 1');

  await addBehaviourEvent(db, ids.daniel, {
    kind: 'positive',
    points: 3,
    occurredOn: '2026-11-10',
    category: 'Achievement',
    description: 'Outstanding fieldwork write-up.',
    staffId: teacher.staffId,
    lessonId,
  });
  await addBehaviourEvent(db, ids.daniel, {
    kind: 'negative',
    points: -2,
    occurredOn: '2026-09-20',
    category: 'Disruption',
    description: 'Talking over the teacher.',
    staffId: teacher.staffId,
    place: 'Corridor',
    actionTaken: 'Detention',
    actionDate: '2026-09-22',
  });
  // Last academic year: in the list, not in this year's totals.
  await addBehaviourEvent(db, ids.daniel, {
    kind: 'positive',
    points: 1,
    occurredOn: '2026-06-10',
  });
  await addBehaviourEvent(db, ids.amara, {
    kind: 'negative',
    points: -1,
    occurredOn: '2026-11-16',
  });
});

describe('the behaviour view', () => {
  it('lists events newest first with lesson, place, staff and action taken', async () => {
    const view = await (
      await callerFor(db, parent)
    ).behaviour.forStudent({
      studentId: ids.daniel,
    });
    expect(view.events.map((e) => [e.occurredOn, e.kind, e.points])).toEqual([
      ['2026-11-10', 'positive', 3],
      ['2026-09-20', 'negative', -2],
      ['2026-06-10', 'positive', 1],
    ]);
    expect(view.events[0]).toMatchObject({
      category: 'Achievement',
      description: 'Outstanding fieldwork write-up.',
      lesson: { subject: 'Geography', period: 'Period 1' },
      place: null,
      staffName: 'Ms Hughes',
    });
    expect(view.events[1]).toMatchObject({
      lesson: null,
      place: 'Corridor',
      actionTaken: 'Detention',
      actionDate: '2026-09-22',
    });
    expect(view.events[0]?.updatedAt).toBeInstanceOf(Date);
    expect(view.updatedAt).toBeInstanceOf(Date);
    expect(view.totalEvents).toBe(3);
    expect(view.canRecord).toBe(false);
  });

  it('totals points and events for this term and this academic year', async () => {
    const view = await (
      await callerFor(db, parent)
    ).behaviour.forStudent({
      studentId: ids.daniel,
    });
    expect(view.thisTerm).toMatchObject({
      name: 'Autumn 2',
      totals: { positivePoints: 3, negativePoints: 0, positiveEvents: 1, negativeEvents: 0 },
    });
    expect(view.academicYear).toMatchObject({
      label: '2026 to 2027',
      totals: { positivePoints: 3, negativePoints: -2, positiveEvents: 1, negativeEvents: 1 },
    });
  });

  it('is for the parent’s own children, the student themselves and taught students only', async () => {
    const parentCaller = await callerFor(db, parent);
    expect(
      (await refusalOf(parentCaller.behaviour.forStudent({ studentId: ids.otherFamily }))).code,
    ).toBe('NOT_FOUND');
    const amara = await parentCaller.behaviour.forStudent({ studentId: ids.amara });
    expect(amara.events.map((e) => e.points)).toEqual([-1]);

    const student = await callerFor(db, danielUser);
    expect((await student.behaviour.forStudent({ studentId: ids.daniel })).events).toHaveLength(3);
    expect((await refusalOf(student.behaviour.forStudent({ studentId: ids.amara }))).code).toBe(
      'NOT_FOUND',
    );

    const teacherCaller = await callerFor(db, teacher);
    const taught = await teacherCaller.behaviour.forStudent({ studentId: ids.daniel });
    expect(taught.canRecord).toBe(true);
    expect(
      (await refusalOf(teacherCaller.behaviour.forStudent({ studentId: ids.untaught }))).code,
    ).toBe('NOT_FOUND');

    for (const role of ['governor', 'dsl'] as const) {
      const caller = await callerFor(db, await newStaff(db, [role]));
      expect((await refusalOf(caller.behaviour.forStudent({ studentId: ids.daniel }))).code).toBe(
        'NOT_FOUND',
      );
    }
  });

  it('writes exactly one audit entry per view (P10)', async () => {
    const before = await auditCount(db, { action: 'view.behaviour', actorUserId: parent.userId });
    await (await callerFor(db, parent)).behaviour.forStudent({ studentId: ids.daniel });
    expect(await auditCount(db, { action: 'view.behaviour', actorUserId: parent.userId })).toBe(
      before + 1,
    );
    const entry = await db
      .selectFrom('audit_log')
      .select(['student_id', 'details'])
      .where('actor_user_id', '=', parent.userId)
      .where('action', '=', 'view.behaviour')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ student_id: ids.daniel, details: { view: 'behaviour' } });
  });
});

describe('recording a behaviour event', () => {
  it('a teacher records one for a student they teach: audited, and the parent sees it', async () => {
    const caller = await callerFor(db, teacher);
    const form = await caller.behaviour.recordForm({ studentId: ids.daniel });
    expect(form.student.id).toBe(ids.daniel);
    expect(form.options).toMatchObject({ today: '2026-11-17', admissionDate: '2022-09-01' });
    expect(form.options.categories.positive).toContain('Helping others');

    const { id } = await caller.behaviour.record({
      ...goodEvent(),
      lessonId,
      action: 'Postcard home',
      actionDate: '2026-11-18',
    });
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'student_id', 'details'])
      .where('action', '=', 'behaviour.recorded')
      .execute();
    expect(audit).toEqual([
      {
        actor_user_id: teacher.userId,
        student_id: ids.daniel,
        details: { event_id: id, kind: 'positive', category: 'Helping others', points: 2 },
      },
    ]);

    const view = await (
      await callerFor(db, parent)
    ).behaviour.forStudent({
      studentId: ids.daniel,
    });
    expect(view.events[0]).toMatchObject({
      id,
      kind: 'positive',
      category: 'Helping others',
      points: 2,
      occurredOn: '2026-11-17',
      staffName: 'Ms Hughes',
      lesson: { subject: 'Geography', period: 'Period 1' },
      actionTaken: 'Postcard home',
      actionDate: '2026-11-18',
    });
    expect(view.thisTerm?.totals).toMatchObject({ positivePoints: 5, positiveEvents: 2 });
  });

  it('a teacher gets "not found" for a student they do not teach, and nothing is written', async () => {
    const caller = await callerFor(db, teacher);
    const answer = await refusalOf(
      caller.behaviour.record({ ...goodEvent(), studentId: ids.untaught }),
    );
    expect(answer).toMatchObject({ code: 'NOT_FOUND', message: 'We could not find that student.' });
    expect(await eventsOf(ids.untaught)).toBe(0);
    expect((await refusalOf(caller.behaviour.recordForm({ studentId: ids.untaught }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('office staff record for any student', async () => {
    const caller = await callerFor(db, office);
    await caller.behaviour.record({
      ...goodEvent(),
      studentId: ids.untaught,
      kind: 'negative',
      category: 'Uniform',
      points: -1,
      action: 'Detention',
      actionDate: '2026-11-19',
    });
    expect(await eventsOf(ids.untaught)).toBe(1);
  });

  it('parents, students and governors cannot record at all', async () => {
    for (const user of [parent, danielUser, await newStaff(db, ['governor'])]) {
      const caller = await callerFor(db, user);
      expect((await refusalOf(caller.behaviour.record(goodEvent()))).code).toBe('FORBIDDEN');
      expect((await refusalOf(caller.behaviour.recordForm({ studentId: ids.daniel }))).code).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('bad input gets a clear message beside the field, and nothing is written', async () => {
    const caller = await callerFor(db, teacher);
    const before = await eventsOf(ids.daniel);
    const auditBefore = await auditCount(db, { action: 'behaviour.recorded' });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ occurredOn: '2026-11-18' }, 'occurredOn', 'The date cannot be in the future.'],
      [
        { occurredOn: '2022-08-31' },
        'occurredOn',
        'The date is before the student joined the school.',
      ],
      [{ points: -2 }, 'points', 'A positive event has between 1 and 10 points.'],
      [
        { kind: 'negative', category: 'Late to lesson', points: 2 },
        'points',
        'A negative event has between −1 and −10 points (a minus number).',
      ],
      [{ category: 'Late to lesson' }, 'category', 'Choose a category for a positive event.'],
      [{ action: 'Detention' }, 'actionDate', 'Give the date of the detention.'],
      [{ description: '   ' }, 'description', 'Describe what happened.'],
      [
        { description: 'x'.repeat(501) },
        'description',
        'Keep the description to 500 characters or fewer.',
      ],
      [{ points: 1.5 }, 'points', 'Enter the points as a whole number.'],
      // What the form sends for an empty or non-numeric entry.
      [{ points: Number.NaN }, 'points', 'Enter the points as a whole number.'],
      [{ occurredOn: '' }, 'occurredOn', 'Enter the date it happened, for example 17/11/2026.'],
      [
        { occurredOn: '17/11/2026' },
        'occurredOn',
        'Enter the date it happened, for example 17/11/2026.',
      ],
      [{ lessonId: crypto.randomUUID() }, 'lessonId', 'Choose one of this student’s lessons.'],
    ];
    for (const [change, field, message] of cases) {
      const answer = await refusalOf(
        caller.behaviour.record({ ...goodEvent(), ...change } as ReturnType<typeof goodEvent>),
      );
      expect(answer.code, JSON.stringify(change)).toBe('BAD_REQUEST');
      expect(answer.fieldErrors?.[field], JSON.stringify(change)).toEqual([message]);
      expect(answer.message).toMatch(message);
    }
    expect(await eventsOf(ids.daniel)).toBe(before);
    expect(await auditCount(db, { action: 'behaviour.recorded' })).toBe(auditBefore);
  });
});

describe('latest behaviour for the home page', () => {
  it('covers several children in one query, newest first, a few each', async () => {
    const counter = countingQueries(db);
    const latest = await latestBehaviourFor(
      counter.db,
      [ids.daniel, ids.amara, ids.otherFamily],
      2,
    );
    expect(counter.count).toBe(1);
    expect(latest.get(ids.daniel)?.map((e) => e.occurredOn)).toEqual(['2026-11-17', '2026-11-10']);
    expect(latest.get(ids.daniel)?.[1]?.lesson).toEqual({
      subject: 'Geography',
      period: 'Period 1',
    });
    expect(latest.get(ids.amara)?.map((e) => e.points)).toEqual([-1]);
    expect(latest.get(ids.otherFamily)).toEqual([]);
  });
});
