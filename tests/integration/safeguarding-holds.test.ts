import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  TEST_PASSWORD,
  anonymousCaller,
  callerFor,
  callerWithToken,
  link,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  sessionTokenFor,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';

const SUSPENDED =
  'Your access to the portal is suspended. Please contact the school at enquiries@school.invalid.';
const SIGN_IN_REFUSED =
  'Incorrect username or password. If you are sure both are right, please contact the school at enquiries@school.invalid.';
const REASON = 'Disclosure to form tutor on Monday; police informed; strategy meeting Thursday.';

let db: Database;
let office: TestUser;
let dsl: TestUser;
let admin: TestUser;

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
  dsl = await newStaff(db, ['dsl']);
  admin = await newStaff(db, ['admin']);
});

type Parent = TestUser & { contactId: string };

/**
 * A student with their own account; a mother (verified link), a stepfather (unverified link) and
 * a father who also has a verified link to a child in another year; and another family.
 */
async function scene() {
  const { studentId } = await newStudent(db);
  const sibling = (await newStudent(db, { yearGroup: 11 })).studentId;
  const student = await newStudentUser(db, studentId);
  const mother = await newParent(db);
  const stepfather = await newParent(db);
  const father = await newParent(db);
  await link(db, mother.contactId, studentId);
  await link(db, stepfather.contactId, studentId, { verified: false });
  await link(db, father.contactId, studentId);
  await link(db, father.contactId, sibling);
  const otherFamily = await newParent(db);
  const otherChild = (await newStudent(db)).studentId;
  await link(db, otherFamily.contactId, otherChild);
  return { studentId, sibling, student, mother, stepfather, father, otherFamily, otherChild };
}

async function place(
  studentId: string,
  scope: 'all_access' | 'this_student_only' = 'all_access',
  by: TestUser = dsl,
) {
  return (await callerFor(db, by)).safeguarding.holds.place({
    studentId,
    reason: REASON,
    scope,
    ...(scope === 'this_student_only' ? { scopeReason: 'Only this child is concerned.' } : {}),
  });
}

async function lift(id: string) {
  return (await callerFor(db, dsl)).safeguarding.holds.lift({ id, note: 'Concern closed.' });
}

async function answerFor(user: TestUser) {
  return (await callerFor(db, user)).auth.me().then(
    () => 'ok',
    (e: { message?: string }) => e.message,
  );
}

async function visibleTo(user: Parent) {
  return (await (await callerFor(db, user)).students.mine()).map((s) => s.id).sort();
}

describe('placing a hold', () => {
  it('suspends at once every parent linked to the student and the student’s own account, not another family', async () => {
    const s = await scene();
    const tokens = {
      mother: await sessionTokenFor(db, s.mother),
      father: await sessionTokenFor(db, s.father),
      student: await sessionTokenFor(db, s.student),
      other: await sessionTokenFor(db, s.otherFamily),
    };
    const { sessionsEnded } = await place(s.studentId);
    expect(sessionsEnded).toBe(3);

    for (const token of [tokens.mother, tokens.father, tokens.student]) {
      expect(await refusalOf((await callerWithToken(db, token)).auth.me())).toMatchObject({
        code: 'FORBIDDEN',
        message: SUSPENDED,
      });
    }
    // The father loses his other child too: the whole portal, not just this student.
    expect(await answerFor(s.father)).toBe(SUSPENDED);
    expect(await answerFor(s.stepfather)).toBe(SUSPENDED);
    expect(
      (await (await callerWithToken(db, tokens.other)).students.mine()).map((x) => x.id),
    ).toEqual([s.otherChild]);
  });

  it('narrowed to this student’s links, leaves parents their other children but suspends the student', async () => {
    const s = await scene();
    const fatherToken = await sessionTokenFor(db, s.father);
    const { sessionsEnded } = await place(s.studentId, 'this_student_only');
    expect(sessionsEnded).toBe(0);
    expect(
      (await (await callerWithToken(db, fatherToken)).students.mine()).map((x) => x.id),
    ).toEqual([s.sibling]);
    expect(
      await refusalOf(
        (await callerWithToken(db, fatherToken)).students.byId({ studentId: s.studentId }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await visibleTo(s.mother)).toEqual([]);
    expect(await answerFor(s.student)).toBe(SUSPENDED);
    const row = await db
      .selectFrom('safeguarding_holds')
      .select(['scope', 'scope_reason'])
      .where('student_id', '=', s.studentId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      scope: 'this_student_only',
      scope_reason: 'Only this child is concerned.',
    });
  });

  it('asks why when narrowed, and for a reason always', async () => {
    const { studentId } = await newStudent(db);
    const answer = await refusalOf(
      (await callerFor(db, dsl)).safeguarding.holds.place({
        studentId,
        reason: '  ',
        scope: 'this_student_only',
      }),
    );
    expect(answer.code).toBe('BAD_REQUEST');
    expect(answer.fieldErrors).toMatchObject({
      reason: ['Write the reason for the hold.'],
      scopeReason: ['Say why the hold covers only this student’s links.'],
    });
  });

  it('refuses a second active hold on the same student and an unknown student', async () => {
    const s = await scene();
    await place(s.studentId);
    expect(await refusalOf(place(s.studentId))).toMatchObject({ code: 'CONFLICT' });
    expect(await refusalOf(place(crypto.randomUUID()))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses sign-in with the right password neutrally; a wrong password as always', async () => {
    const s = await scene();
    await place(s.studentId);
    const anonymous = await anonymousCaller(db, { ip: '198.51.100.30' });
    const right = await refusalOf(
      anonymous.auth.signIn({ identifier: s.mother.email, password: TEST_PASSWORD }),
    );
    // The same answer as a wrong password (issue 10 item 9), naming where to ask (P12).
    expect(right).toMatchObject({ code: 'UNAUTHORIZED', message: SIGN_IN_REFUSED });
    const wrong = await refusalOf(
      anonymous.auth.signIn({ identifier: s.mother.email, password: 'Wrong-Password-1' }),
    );
    expect(wrong).toEqual(right);
  });
});

describe('lifting a hold', () => {
  it('restores exactly what it suspended: a parent revoked for another reason stays revoked', async () => {
    const s = await scene();
    await (
      await callerFor(db, office)
    ).admin.restrictions.create({
      target: { kind: 'contact', id: s.mother.contactId },
      reason: 'parental_responsibility_questioned',
      note: 'PR disputed by the father.',
    });
    const hold = await place(s.studentId);
    const other = await place(s.otherChild);
    await lift(hold.id);

    expect(await answerFor(s.mother)).toBe(SUSPENDED);
    expect(await answerFor(s.stepfather)).toBe('ok');
    expect(await answerFor(s.student)).toBe('ok');
    expect(await visibleTo(s.father)).toEqual([s.studentId, s.sibling].sort());
    // Another student's hold goes on applying to that family.
    expect(await answerFor(s.otherFamily)).toBe(SUSPENDED);
    await lift(other.id);
    expect(await answerFor(s.otherFamily)).toBe('ok');
    expect(await refusalOf(lift(hold.id))).toMatchObject({
      code: 'CONFLICT',
      message: 'That hold has already been lifted.',
    });
  });
});

describe('who may know of a hold', () => {
  it('only DSLs and admins see holds and their reasons; the office is refused', async () => {
    const s = await scene();
    const hold = await place(s.studentId, 'all_access', admin);
    const officeCaller = await callerFor(db, office);
    // One at a time, so no refusal arrives before something awaits it.
    for (const call of [
      () => officeCaller.safeguarding.holds.list({}),
      () => officeCaller.safeguarding.holds.place({ studentId: s.studentId, reason: 'x' }),
      () => officeCaller.safeguarding.holds.lift({ id: hold.id, note: 'x' }),
      () => officeCaller.safeguarding.students.search({ search: 'Sam' }),
    ]) {
      expect(await refusalOf(call())).toMatchObject({ code: 'FORBIDDEN' });
    }
    // The office's own view of the student says nothing of it.
    const officeView = await officeCaller.admin.restrictions.forStudent({ studentId: s.studentId });
    expect(JSON.stringify(officeView)).not.toContain('Disclosure');

    const later = new Date(TEST_NOW.getTime() + 3 * 24 * 60 * 60 * 1000 + 60_000);
    for (const user of [dsl, admin]) {
      const holds = await (await callerFor(db, user, { now: later })).safeguarding.holds.list({});
      expect(holds.find((h) => h.id === hold.id)).toMatchObject({
        reason: REASON,
        scope: 'all_access',
        ageDays: 3,
        placedAt: TEST_NOW,
        student: { id: s.studentId, form: '9N', yearGroup: 9 },
      });
      expect(holds.find((h) => h.id === hold.id)?.placedBy).toMatch(/^Pat Staff/);
    }
  });

  it('lists recently lifted holds only when asked', async () => {
    const s = await scene();
    const hold = await place(s.studentId);
    await lift(hold.id);
    const caller = await callerFor(db, dsl);
    expect((await caller.safeguarding.holds.list({})).map((h) => h.id)).not.toContain(hold.id);
    const withLifted = await caller.safeguarding.holds.list({ includeLifted: true });
    expect(withLifted.find((h) => h.id === hold.id)).toMatchObject({
      active: false,
      liftNote: 'Concern closed.',
      liftedAt: TEST_NOW,
    });
  });

  it('lets a DSL find a student by name with only name, year and form', async () => {
    const s = await scene();
    const { surname } = await db
      .selectFrom('students')
      .select('surname')
      .where('id', '=', s.studentId)
      .executeTakeFirstOrThrow();
    const found = await (
      await callerFor(db, dsl)
    ).safeguarding.students.search({ search: surname });
    expect(found).toEqual([
      { id: s.studentId, forename: 'Sam', surname, preferredName: null, yearGroup: 9, form: '9N' },
    ]);
  });
});

describe('audit', () => {
  it('records placing and lifting against the student, never the reason', async () => {
    const s = await scene();
    const hold = await place(s.studentId, 'this_student_only');
    await lift(hold.id);
    const rows = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'student_id', 'details'])
      .where('student_id', '=', s.studentId)
      .where('action', 'like', 'safeguarding.%')
      .orderBy('id')
      .execute();
    expect(rows).toMatchObject([
      {
        action: 'safeguarding.hold_placed',
        actor_user_id: dsl.userId,
        details: { hold_id: hold.id, scope: 'this_student_only' },
      },
      { action: 'safeguarding.hold_lifted', actor_user_id: dsl.userId },
    ]);
    const everything = JSON.stringify(await db.selectFrom('audit_log').select('details').execute());
    expect(everything).not.toContain('Disclosure');
    expect(everything).not.toContain('Only this child');
  });
});
