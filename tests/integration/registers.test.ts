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
import { refusalOf } from './support/refusal';
import { addTeachingGroup, addTerm } from './support/attendance-behaviour-data';
import { nameStaff, newNamedStudent } from './support/reports-data';

// TEST_NOW is Tuesday 17 November 2026, 09:30 at the school (GMT): a school day in Autumn 2.
const TODAY = '2026-11-17';
const YESTERDAY = '2026-11-16';

let db: Database;
let teacher: TestUser & { staffId: string };
let otherTeacher: TestUser & { staffId: string };
let office: TestUser & { staffId: string };
let parent: TestUser & { contactId: string };
const students = { daniel: '', zara: '', leo: '', left: '', year9: '' };
const groups = { mine: '', theirs: '' };

beforeAll(async () => {
  db = await freshDatabase();
  await addTerm(db, 'Autumn 1', '2026-09-02', '2026-10-23');
  await addTerm(db, 'Autumn 2', '2026-11-02', '2026-12-18');
  await db
    .insertInto('school_closures')
    .values({ starts_on: '2026-11-13', ends_on: '2026-11-13', reason: 'Training day' })
    .execute();

  const inForm = (forename: string, surname: string) =>
    newNamedStudent(db, { forename, surname, yearGroup: 10, form: '10K' });
  students.daniel = await inForm('Daniel', 'Okafor');
  students.zara = await inForm('Zara', 'Ahmed');
  students.leo = await inForm('Leo', 'Brennan');
  students.left = await inForm('Ruth', 'Left');
  await db
    .updateTable('students')
    .set({ leaving_date: '2026-10-01' })
    .where('id', '=', students.left)
    .execute();
  students.year9 = await newNamedStudent(db, {
    forename: 'Iris',
    surname: 'Novak',
    yearGroup: 9,
    form: '9J',
  });

  teacher = await newStaff(db, ['teacher']);
  await nameStaff(db, teacher.staffId, { title: 'Mr', forename: 'Omar', surname: 'Khan' });
  otherTeacher = await newStaff(db, ['teacher']);
  office = await newStaff(db, ['office']);
  await nameStaff(db, office.staffId, { title: 'Mrs', forename: 'Jo', surname: 'Patel' });
  groups.mine = await addTeachingGroup(db, teacher.staffId, [
    students.daniel,
    students.zara,
    students.left,
  ]);
  groups.theirs = await addTeachingGroup(db, otherTeacher.staffId, [students.year9, students.leo]);

  parent = await newParent(db);
  await link(db, parent.contactId, students.daniel);
});

const marksOf = (studentId: string) =>
  db
    .selectFrom('attendance_marks')
    .selectAll()
    .where('student_id', '=', studentId)
    .orderBy('on_date')
    .orderBy('session')
    .execute();

const auditOf = (action: string, actorUserId: string) =>
  db
    .selectFrom('audit_log')
    .select(['details', 'student_id'])
    .where('action', '=', action)
    .where('actor_user_id', '=', actorUserId)
    .orderBy('id')
    .execute();

describe('what a member of staff may register', () => {
  it('offers a teacher only the classes they teach, with today and the morning suggested', async () => {
    const options = await (await callerFor(db, teacher)).admin.registers.options();
    expect(options.forms).toEqual([]);
    expect(options.groups.map((g) => [g.id, g.students])).toEqual([[groups.mine, 2]]);
    expect(options).toMatchObject({
      today: TODAY,
      todayIsSchoolDay: true,
      suggestedDate: TODAY,
      suggestedSession: 'AM',
    });
  });

  it('offers the office every form on roll and every class', async () => {
    const options = await (await callerFor(db, office)).admin.registers.options();
    expect(options.forms.map((f) => [f.form, f.yearGroup, f.students])).toEqual([
      ['9J', 9, 1],
      ['10K', 10, 3],
    ]);
    expect(options.groups.map((g) => g.id).sort()).toEqual([groups.mine, groups.theirs].sort());
    expect(options.forms[0]?.updatedAt).toBeInstanceOf(Date);
  });

  it('suggests the last school day at a weekend, and the afternoon after midday', async () => {
    const saturday = await (
      await callerFor(db, office, { now: new Date('2026-11-21T10:00:00Z') })
    ).admin.registers.options();
    expect(saturday).toMatchObject({
      today: '2026-11-21',
      todayIsSchoolDay: false,
      suggestedDate: '2026-11-20',
    });
    const afternoon = await (
      await callerFor(db, office, { now: new Date('2026-11-17T13:15:00Z') })
    ).admin.registers.options();
    expect(afternoon.suggestedSession).toBe('PM');
  });
});

describe('a teacher registers their class', () => {
  it('lists the class’s students on roll, unmarked, with the codes and one audit entry', async () => {
    const register = await (
      await callerFor(db, teacher)
    ).admin.registers.get({ groupId: groups.mine, date: TODAY, session: 'AM' });
    expect(register.students.map((s) => [s.displayName, s.mark])).toEqual([
      ['Zara Ahmed', null],
      ['Daniel Okafor', null],
    ]);
    expect(register.presentCode).toBe('/');
    expect(register.unmarked).toBe(2);
    expect(register.codes.common.map((c) => c.code)).toEqual(['/', 'L', 'N', 'I', 'M', 'C', 'O']);
    expect(register.codes.groups[0]?.label).toBe(
      'Approved educational activity (counts as present)',
    );
    const audits = await auditOf('view.register', teacher.userId);
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details).toMatchObject({
      group_id: groups.mine,
      date: TODAY,
      session: 'AM',
      student_ids: [students.zara, students.daniel],
    });
  });

  it('saves the marks with the teacher as the recorder, and shows them when reopened', async () => {
    const caller = await callerFor(db, teacher);
    const saved = await caller.admin.registers.save({
      groupId: groups.mine,
      date: TODAY,
      session: 'AM',
      marks: [
        { studentId: students.daniel, code: 'L', minutesLate: 12 },
        { studentId: students.zara, code: '/' },
      ],
    });
    expect(saved).toMatchObject({
      counts: { present: 1, late: 1, absent: 0 },
      written: 2,
      unchanged: 0,
      unmarked: 0,
    });
    const [mark] = await marksOf(students.daniel);
    expect(mark).toMatchObject({
      on_date: TODAY,
      session: 'AM',
      code: 'L',
      minutes_late: 12,
      recorded_by_staff_id: teacher.staffId,
    });
    expect(mark?.recorded_at).toEqual(TEST_NOW);
    expect(mark?.updated_at).toEqual(TEST_NOW);

    const reopened = await caller.admin.registers.get({
      groupId: groups.mine,
      date: TODAY,
      session: 'AM',
    });
    expect(reopened.students.find((s) => s.id === students.daniel)?.mark).toMatchObject({
      code: 'L',
      minutesLate: 12,
      recordedBy: 'Mr Khan',
      meaning: 'Late, but arrived before the register closed',
    });
    expect(reopened.updatedAt).toEqual(TEST_NOW);

    const audits = await auditOf('register.saved', teacher.userId);
    expect(audits.at(-1)?.details).toMatchObject({
      group_id: groups.mine,
      date: TODAY,
      session: 'AM',
      present: 1,
      late: 1,
      absent: 0,
      written: 2,
    });
  });

  it('shows the saved mark in the parent’s attendance view, with who recorded it', async () => {
    const view = await (
      await callerFor(db, parent)
    ).attendance.forStudent({ studentId: students.daniel });
    const today = view.days.find((d) => d.date === TODAY);
    expect(today?.am).toMatchObject({
      code: 'L',
      minutesLate: 12,
      recordedBy: 'Mr Khan',
    });
  });

  it('cannot see or save another teacher’s class: "not found", and nothing is written', async () => {
    const caller = await callerFor(db, teacher);
    const seen = await refusalOf(
      caller.admin.registers.get({ groupId: groups.theirs, date: TODAY, session: 'AM' }),
    );
    expect(seen).toMatchObject({ code: 'NOT_FOUND', message: 'We could not find that register.' });
    const saved = await refusalOf(
      caller.admin.registers.save({
        groupId: groups.theirs,
        date: TODAY,
        session: 'AM',
        marks: [{ studentId: students.year9, code: 'O' }],
      }),
    );
    expect(saved.code).toBe('NOT_FOUND');
    expect(await marksOf(students.year9)).toEqual([]);
  });

  it('cannot take a form’s register', async () => {
    const refusal = await refusalOf(
      (await callerFor(db, teacher)).admin.registers.get({
        form: '10K',
        date: TODAY,
        session: 'AM',
      }),
    );
    expect(refusal.code).toBe('NOT_FOUND');
  });

  it('cannot slip a student from another class into their own register', async () => {
    const refusal = await refusalOf(
      (await callerFor(db, teacher)).admin.registers.save({
        groupId: groups.mine,
        date: TODAY,
        session: 'PM',
        marks: [
          { studentId: students.zara, code: '\\' },
          { studentId: students.leo, code: 'O' },
        ],
      }),
    );
    expect(refusal).toMatchObject({
      code: 'NOT_FOUND',
      message: 'We could not find one of those students in this register, so nothing was saved.',
    });
    expect((await marksOf(students.zara)).map((m) => m.session)).toEqual(['AM']);
    expect(await marksOf(students.leo)).toEqual([]);
  });
});

describe('the office registers a form', () => {
  it('lists the form’s students on roll that day, not one who has left', async () => {
    const register = await (
      await callerFor(db, office)
    ).admin.registers.get({ form: '10K', date: YESTERDAY, session: 'PM' });
    expect(register.register).toMatchObject({ kind: 'form', form: '10K', label: 'Form 10K' });
    expect(register.presentCode).toBe('\\');
    expect(register.students.map((s) => s.displayName)).toEqual([
      'Zara Ahmed',
      'Leo Brennan',
      'Daniel Okafor',
    ]);
  });

  it('saves the whole form, keeping the recorder of a mark left as it was', async () => {
    const saved = await (
      await callerFor(db, office)
    ).admin.registers.save({
      form: '10K',
      date: TODAY,
      session: 'AM',
      marks: [
        { studentId: students.daniel, code: 'L', minutesLate: 12 },
        { studentId: students.zara, code: 'M' },
        { studentId: students.leo, code: 'N' },
      ],
    });
    expect(saved).toMatchObject({
      label: 'Form 10K',
      counts: { present: 0, late: 1, absent: 2 },
      written: 2,
      unchanged: 1,
    });
    expect((await marksOf(students.daniel))[0]?.recorded_by_staff_id).toBe(teacher.staffId);
    expect((await marksOf(students.zara))[0]).toMatchObject({
      code: 'M',
      recorded_by_staff_id: office.staffId,
    });
    expect((await marksOf(students.leo))[0]).toMatchObject({
      code: 'N',
      recorded_by_staff_id: office.staffId,
    });
  });

  it('refuses a student who is not in the form, writing nothing', async () => {
    const refusal = await refusalOf(
      (await callerFor(db, office)).admin.registers.save({
        form: '10K',
        date: YESTERDAY,
        session: 'AM',
        marks: [
          { studentId: students.daniel, code: '/' },
          { studentId: students.year9, code: '/' },
        ],
      }),
    );
    expect(refusal.code).toBe('NOT_FOUND');
    expect((await marksOf(students.daniel)).map((m) => m.on_date)).toEqual([TODAY]);
    expect(await marksOf(students.year9)).toEqual([]);
  });

  it('refuses a form nobody is in', async () => {
    const refusal = await refusalOf(
      (await callerFor(db, office)).admin.registers.get({
        form: '11Z',
        date: TODAY,
        session: 'AM',
      }),
    );
    expect(refusal.code).toBe('NOT_FOUND');
  });
});

describe('checking the marks', () => {
  it('refuses a code that does not exist, naming the student, and writes nothing', async () => {
    const refusal = await refusalOf(
      (await callerFor(db, office)).admin.registers.save({
        form: '10K',
        date: YESTERDAY,
        session: 'AM',
        marks: [
          { studentId: students.daniel, code: '/' },
          { studentId: students.zara, code: 'ZZ' },
        ],
      }),
    );
    expect(refusal).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Nothing was saved. Zara Ahmed: “ZZ” is not an attendance code.',
    });
    expect(refusal.fieldErrors).toEqual({
      [`code-${students.zara}`]: ['“ZZ” is not an attendance code.'],
    });
    expect((await marksOf(students.daniel)).map((m) => m.on_date)).toEqual([TODAY]);
  });

  it('refuses the afternoon’s present mark in a morning register', async () => {
    const refusal = await refusalOf(
      (await callerFor(db, office)).admin.registers.save({
        form: '10K',
        date: YESTERDAY,
        session: 'AM',
        marks: [{ studentId: students.daniel, code: '\\' }],
      }),
    );
    expect(refusal.fieldErrors).toEqual({
      [`code-${students.daniel}`]: ['Use “/” for present in the morning.'],
    });
  });

  it('takes minutes late only with the late mark', async () => {
    const caller = await callerFor(db, office);
    const refusal = await refusalOf(
      caller.admin.registers.save({
        form: '10K',
        date: YESTERDAY,
        session: 'AM',
        marks: [{ studentId: students.daniel, code: '/', minutesLate: 5 }],
      }),
    );
    expect(refusal).toMatchObject({ code: 'BAD_REQUEST' });
    expect(refusal.fieldErrors).toEqual({
      [`late-${students.daniel}`]: ['Minutes late go only with the late mark (L).'],
    });
    expect((await marksOf(students.daniel)).map((m) => m.on_date)).toEqual([TODAY]);

    await caller.admin.registers.save({
      form: '10K',
      date: YESTERDAY,
      session: 'AM',
      marks: [{ studentId: students.daniel, code: 'L', minutesLate: 5 }],
    });
    expect((await marksOf(students.daniel))[0]).toMatchObject({
      on_date: YESTERDAY,
      code: 'L',
      minutes_late: 5,
    });
  });

  it('refuses a day that has not come yet', async () => {
    const refusal = await refusalOf(
      (await callerFor(db, office)).admin.registers.get({
        form: '10K',
        date: '2026-11-18',
        session: 'AM',
      }),
    );
    expect(refusal).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'That day has not happened yet: registers are taken on the day or afterwards.',
    });
  });

  it('refuses a weekend and a closure day, saying why', async () => {
    const caller = await callerFor(db, office);
    const weekend = await refusalOf(
      caller.admin.registers.save({
        form: '10K',
        date: '2026-11-14',
        session: 'AM',
        marks: [{ studentId: students.daniel, code: '/' }],
      }),
    );
    expect(weekend).toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'There is no register on Saturday 14 November 2026: it is not a school day (Weekend).',
    });
    const closure = await refusalOf(
      caller.admin.registers.get({ form: '10K', date: '2026-11-13', session: 'AM' }),
    );
    expect(closure.message).toBe(
      'There is no register on Friday 13 November 2026: it is not a school day (Training day).',
    );
    expect((await marksOf(students.daniel)).map((m) => m.on_date)).not.toContain('2026-11-14');
  });

  it('refuses a register that is neither a form nor a class, or both', async () => {
    const caller = await callerFor(db, office);
    const neither = await refusalOf(
      caller.admin.registers.get({ date: TODAY, session: 'AM' } as never),
    );
    expect(neither.fieldErrors).toEqual({ form: ['Choose a form or a class.'] });
    const both = await refusalOf(
      caller.admin.registers.get({ form: '10K', groupId: groups.mine, date: TODAY, session: 'AM' }),
    );
    expect(both.code).toBe('BAD_REQUEST');
  });
});

describe('who may not take registers', () => {
  it('refuses parents, students and governors', async () => {
    const student = await newStudentUser(db, students.daniel);
    const governor = await newStaff(db, ['governor']);
    const dsl = await newStaff(db, ['dsl']);
    for (const user of [parent, student, governor, dsl]) {
      const caller = await callerFor(db, user);
      const refusal = await refusalOf(
        caller.admin.registers.save({
          form: '10K',
          date: TODAY,
          session: 'PM',
          marks: [{ studentId: students.daniel, code: '\\' }],
        }),
      );
      expect(refusal.code).toBe('FORBIDDEN');
    }
    expect((await marksOf(students.daniel)).map((m) => m.session)).toEqual(['AM', 'AM']);
  });
});
