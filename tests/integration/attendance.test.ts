import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { attendanceTotalsFor } from '../../packages/api/src/attendance';
import { freshDatabase } from './support/database';
import { createCaller } from '@schoolgate/api';
import {
  callerFor,
  contextFor,
  link,
  sessionTokenFor,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  type TestUser,
} from './support/factories';
import { countingQueries } from './support/query-counter';
import { refusalOf } from './support/refusal';
import {
  addMarks,
  addTeachingGroup,
  addTerm,
  auditCount,
  sessionsFrom,
} from './support/attendance-behaviour-data';

// TEST_NOW is Tuesday 17 November 2026: in Autumn 2, in the academic year 2026 to 2027.
let db: Database;
const ids = { daniel: '', amara: '', otherFamily: '', untaught: '' };
const terms = { summer: '', autumn1: '', autumn2: '', spring1: '' };
let parent: TestUser & { contactId: string };
let danielUser: TestUser;
let teacher: TestUser & { staffId: string };

const present = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? '/' : '\\'));
// Every category in Autumn 1: 18 present (including two late before the register closed),
// 6 approved activities, 10 authorised, 4 unauthorised (one unexplained) and 11 sessions that
// were not possible. Possible = 38, attended = 24: 63.2%.
const AUTUMN_1_CODES = [
  ...present(16),
  'L',
  'L',
  ...['K', 'V', 'P', 'W', 'B', 'D'],
  ...['C1', 'M', 'J1', 'S', 'C2', 'C', 'T', 'R', 'I', 'E'],
  ...['G', 'N', 'O', 'U'],
  ...['X', 'Q', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7', 'Z', '#'],
];
// Autumn 2 so far (2 to 13 November): 16 present, 2 unexplained, 2 ill: 80%.
const AUTUMN_2_CODES = [...present(16), 'N', 'N', 'I', 'I'];

beforeAll(async () => {
  db = await freshDatabase();
  terms.summer = await addTerm(db, 'Summer term 2026', '2026-04-13', '2026-07-22');
  terms.autumn1 = await addTerm(db, 'Autumn 1', '2026-09-02', '2026-10-23');
  terms.autumn2 = await addTerm(db, 'Autumn 2', '2026-11-02', '2026-12-18');
  terms.spring1 = await addTerm(db, 'Spring 1', '2027-01-05', '2027-02-12');

  ids.daniel = (await newStudent(db, { yearGroup: 10 })).studentId;
  ids.amara = (await newStudent(db, { yearGroup: 8 })).studentId;
  ids.otherFamily = (await newStudent(db, { yearGroup: 10 })).studentId;
  ids.untaught = (await newStudent(db, { yearGroup: 10 })).studentId;
  parent = await newParent(db);
  await link(db, parent.contactId, ids.daniel);
  await link(db, parent.contactId, ids.amara);
  await link(db, (await newParent(db)).contactId, ids.otherFamily);
  danielUser = await newStudentUser(db, ids.daniel);

  teacher = await newStaff(db, ['teacher']);
  await db
    .updateTable('staff')
    .set({ title: 'Mr', forename: 'Omar', surname: 'Khan' })
    .where('id', '=', teacher.staffId)
    .execute();
  await addTeachingGroup(db, teacher.staffId, [ids.daniel, ids.otherFamily]);

  await addMarks(db, ids.daniel, sessionsFrom('2026-09-07', AUTUMN_1_CODES), teacher.staffId);
  await addMarks(db, ids.daniel, sessionsFrom('2026-11-02', AUTUMN_2_CODES), teacher.staffId);
  // Last academic year: not part of this year's figures.
  await addMarks(db, ids.daniel, sessionsFrom('2026-06-01', [...present(4), 'N', 'N', 'N', 'N']));
  // A closure entered ahead of time: not shown until the day comes.
  await addMarks(db, ids.daniel, [{ date: '2026-11-20', session: 'AM', code: '#' }]);
  await addMarks(db, ids.otherFamily, sessionsFrom('2026-11-02', present(4)));
});

describe('attendance percentages (SPEC "UK facts")', () => {
  it('counts every category for the year so far, leaving out sessions that were not possible', async () => {
    const view = await (
      await callerFor(db, parent)
    ).attendance.forStudent({
      studentId: ids.daniel,
    });
    expect(view.academicYear).toMatchObject({
      label: '2026 to 2027',
      startsOn: '2026-09-01',
      endsOn: '2027-08-31',
      summary: {
        present: 34,
        approvedActivity: 6,
        authorised: 12,
        unauthorised: 6,
        notPossible: 11,
        possible: 58,
        attended: 40,
        percentage: 69,
        unexplained: 3,
      },
    });
  });

  it('splits the year by term, with a term still to come showing no percentage', async () => {
    const view = await (
      await callerFor(db, parent)
    ).attendance.forStudent({
      studentId: ids.daniel,
    });
    expect(
      view.terms.map((t) => [t.name, t.started, t.summary.percentage, t.summary.possible]),
    ).toEqual([
      ['Autumn 1', true, 63.2, 38],
      ['Autumn 2', true, 80, 20],
      ['Spring 1', false, null, 0],
    ]);
    expect(view.terms[0]?.summary).toMatchObject({
      present: 18,
      approvedActivity: 6,
      authorised: 10,
      unauthorised: 4,
      notPossible: 11,
      unexplained: 1,
    });
    expect(view.terms[0]?.updatedAt).toBeInstanceOf(Date);
  });

  it('shows the current term by default: marks by day, newest first, each code explained', async () => {
    const view = await (
      await callerFor(db, parent)
    ).attendance.forStudent({
      studentId: ids.daniel,
    });
    expect(view.selectedTerm?.name).toBe('Autumn 2');
    expect(view.days.map((d) => d.date)).toEqual([
      '2026-11-13',
      '2026-11-12',
      '2026-11-11',
      '2026-11-10',
      '2026-11-09',
      '2026-11-06',
      '2026-11-05',
      '2026-11-04',
      '2026-11-03',
      '2026-11-02',
    ]);
    const unexplainedDay = view.days.find((d) => d.date === '2026-11-12');
    expect(unexplainedDay?.am).toMatchObject({
      code: 'N',
      meaning: 'Absent: reason not yet provided',
      category: 'unauthorised',
      unexplained: true,
      recordedBy: 'Mr Khan',
    });
    expect(unexplainedDay?.am?.updatedAt).toBeInstanceOf(Date);
    expect(view.days[0]?.pm).toMatchObject({ code: 'I', meaning: 'Illness', unexplained: false });
    expect(view.updatedAt).toBeInstanceOf(Date);
    expect(view.termChoices.map((t) => t.name)).toEqual([
      'Autumn 2',
      'Autumn 1',
      'Summer term 2026',
    ]);
  });

  it('gives a weekly series for the chart', async () => {
    const view = await (
      await callerFor(db, parent)
    ).attendance.forStudent({
      studentId: ids.daniel,
    });
    expect(view.weeks.map((w) => [w.weekStarting, w.summary.percentage])).toEqual([
      ['2026-11-02', 100],
      ['2026-11-09', 60],
    ]);
  });

  it('shows another term when asked, including one from last year', async () => {
    const caller = await callerFor(db, parent);
    const autumn1 = await caller.attendance.forStudent({
      studentId: ids.daniel,
      termId: terms.autumn1,
    });
    expect(autumn1.selectedTerm?.summary.percentage).toBe(63.2);
    expect(autumn1.days).toHaveLength(25);
    expect(autumn1.days.at(-1)?.date).toBe('2026-09-07');
    const notPossible = autumn1.days.flatMap((d) => [d.am, d.pm]).filter((m) => m?.code === 'Y4');
    expect(notPossible[0]?.category).toBe('not_possible');

    const summer = await caller.attendance.forStudent({
      studentId: ids.daniel,
      termId: terms.summer,
    });
    expect(summer.selectedTerm).toMatchObject({
      name: 'Summer term 2026',
      summary: { percentage: 50, unexplained: 4 },
    });
    expect(summer.days).toHaveLength(4);
    // The year's own figures do not change with the term shown.
    expect(summer.academicYear.summary.percentage).toBe(69);
  });

  it('says "not found" for a term that does not exist', async () => {
    const answer = await refusalOf(
      (await callerFor(db, parent)).attendance.forStudent({
        studentId: ids.daniel,
        termId: crypto.randomUUID(),
      }),
    );
    expect(answer).toMatchObject({ code: 'NOT_FOUND', message: 'We could not find that term.' });
  });

  it('in a holiday, shows the term with the latest marks', async () => {
    const halfTerm = new Date('2026-10-28T09:00:00Z');
    const view = await (
      await callerFor(db, parent, { now: halfTerm })
    ).attendance.forStudent({ studentId: ids.daniel });
    expect(view.selectedTerm?.name).toBe('Autumn 1');
    expect(view.days[0]?.date).toBe('2026-10-09');
    expect(view.academicYear.summary.percentage).toBe(63.2);
  });

  it('shows no percentage for a child with no marks yet', async () => {
    const view = await (
      await callerFor(db, parent)
    ).attendance.forStudent({
      studentId: ids.amara,
    });
    expect(view.academicYear.summary).toMatchObject({ possible: 0, percentage: null });
    expect(view.days).toEqual([]);
    expect(view.weeks).toEqual([]);
    expect(view.updatedAt).toBeNull();
  });
});

describe('who may see attendance', () => {
  it('a parent sees their children, with the switcher, and "not found" for another family’s child', async () => {
    const caller = await callerFor(db, parent);
    const view = await caller.attendance.forStudent({ studentId: ids.daniel });
    expect(view.student.id).toBe(ids.daniel);
    expect(view.switcher.map((s) => s.id).sort()).toEqual([ids.daniel, ids.amara].sort());
    expect(await refusalOf(caller.attendance.forStudent({ studentId: ids.otherFamily }))).toEqual(
      expect.objectContaining({ code: 'NOT_FOUND', message: 'We could not find that student.' }),
    );
  });

  it('a student sees themselves and "not found" for a sibling', async () => {
    const caller = await callerFor(db, danielUser);
    const view = await caller.attendance.forStudent({ studentId: ids.daniel });
    expect(view.academicYear.summary.percentage).toBe(69);
    expect((await refusalOf(caller.attendance.forStudent({ studentId: ids.amara }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('a teacher sees a student they teach and "not found" for one they do not', async () => {
    const caller = await callerFor(db, teacher);
    const view = await caller.attendance.forStudent({ studentId: ids.daniel });
    expect(view.academicYear.summary.percentage).toBe(69);
    expect(view.switcher).toEqual([]);
    expect((await refusalOf(caller.attendance.forStudent({ studentId: ids.untaught }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('office staff see any student', async () => {
    const caller = await callerFor(db, await newStaff(db, ['office']));
    const view = await caller.attendance.forStudent({ studentId: ids.otherFamily });
    expect(view.selectedTerm?.summary.percentage).toBe(100);
  });

  it('governors and DSLs are told "not found", as for a student who does not exist', async () => {
    for (const role of ['governor', 'dsl'] as const) {
      const caller = await callerFor(db, await newStaff(db, [role]));
      expect((await refusalOf(caller.attendance.forStudent({ studentId: ids.daniel }))).code).toBe(
        'NOT_FOUND',
      );
    }
  });

  it('writes exactly one audit entry per view, naming the view and the student (P10)', async () => {
    const caller = await callerFor(db, parent);
    const before = await auditCount(db, { action: 'view.attendance', actorUserId: parent.userId });
    await caller.attendance.forStudent({ studentId: ids.daniel });
    expect(await auditCount(db, { action: 'view.attendance', actorUserId: parent.userId })).toBe(
      before + 1,
    );
    const entry = await db
      .selectFrom('audit_log')
      .select(['student_id', 'details', 'ip'])
      .where('actor_user_id', '=', parent.userId)
      .where('action', '=', 'view.attendance')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ student_id: ids.daniel, details: { view: 'attendance' } });
    expect(entry.ip).toBeTruthy();

    // A refused view leaves nothing behind.
    await refusalOf(caller.attendance.forStudent({ studentId: ids.otherFamily }));
    expect(
      await auditCount(db, {
        action: 'view.attendance',
        actorUserId: parent.userId,
        studentId: ids.otherFamily,
      }),
    ).toBe(0);
  });
});

describe('database work', () => {
  it('is the same fixed number of queries for a child with many marks as for one with none', async () => {
    const counter = countingQueries(db);
    const token = await sessionTokenFor(db, parent);
    const queriesFor = async (studentId: string) => {
      const caller = createCaller(await contextFor(counter.db, token));
      counter.reset();
      await caller.attendance.forStudent({ studentId });
      return counter.count;
    };
    const many = await queriesFor(ids.daniel);
    expect(many).toBe(await queriesFor(ids.amara));
    expect(many).toBeLessThanOrEqual(6);
  });
});

describe('attendance totals for the home page', () => {
  it('covers several children in one query', async () => {
    const counter = countingQueries(db);
    const totals = await attendanceTotalsFor(
      counter.db,
      [ids.daniel, ids.amara, ids.otherFamily],
      '2026-09-01',
      '2026-11-17',
    );
    expect(counter.count).toBe(1);
    expect(totals.get(ids.daniel)).toMatchObject({ percentage: 69, unexplained: 3 });
    expect(totals.get(ids.amara)).toMatchObject({ possible: 0, percentage: null });
    expect(totals.get(ids.otherFamily)?.percentage).toBe(100);
  });
});
