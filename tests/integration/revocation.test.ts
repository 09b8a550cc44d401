import { beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@schoolgate/auth';
import type { Database } from '@schoolgate/db';
import { activeRestrictionForContact } from '../../packages/api/src/access';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  TEST_PASSWORD,
  anonymousCaller,
  callerFor,
  callerWithToken,
  link,
  linkIdOf,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  recordingCookieJar,
  sessionTokenFor,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';

const SUSPENDED =
  'Your access to the portal is suspended. Please contact the school at enquiries@school.invalid.';
const SIGN_IN_REFUSED =
  'Incorrect username or password. If you are sure both are right, please contact the school at enquiries@school.invalid.';

let db: Database;
let office: TestUser;
let admin: TestUser;
let dsl: TestUser;

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
  admin = await newStaff(db, ['admin']);
  dsl = await newStaff(db, ['dsl']);
});

type Parent = TestUser & { contactId: string };

/** A parent with verified links to `children` new students. */
async function family(children = 1): Promise<{ parent: Parent; studentIds: string[] }> {
  const parent = await newParent(db);
  const studentIds: string[] = [];
  for (let i = 0; i < children; i++) {
    const { studentId } = await newStudent(db);
    await link(db, parent.contactId, studentId);
    studentIds.push(studentId);
  }
  return { parent, studentIds };
}

async function revokePerson(contactId: string, note = 'Shared their password with a neighbour.') {
  return (await callerFor(db, office)).admin.restrictions.create({
    target: { kind: 'contact', id: contactId },
    reason: 'policy_breach',
    note,
  });
}

const courtOrder = {
  reason: 'court_order' as const,
  courtOrderType: 'prohibited_steps' as const,
  courtOrderDate: '2026-10-01',
  courtOrderScope: 'No contact with the child named in the order',
  courtOrderReference: 'ZW26P01234',
  note: 'Copy of the order scanned to the student file.',
};

async function visibleTo(user: TestUser) {
  return (await (await callerFor(db, user)).students.mine()).map((s) => s.id).sort();
}

describe('revoking a person', () => {
  it('ends their sessions, and the very next request is refused with the neutral message, once', async () => {
    const { parent, studentIds } = await family();
    const token = await sessionTokenFor(db, parent);
    expect(await (await callerWithToken(db, token)).students.mine()).toHaveLength(1);

    const { sessionsEnded } = await revokePerson(parent.contactId);
    expect(sessionsEnded).toBe(1);
    const marked = await db
      .selectFrom('sessions')
      .select(['ended_at', 'ended_reason'])
      .where('id', '=', hashToken(token))
      .executeTakeFirstOrThrow();
    expect(marked).toEqual({ ended_at: TEST_NOW, ended_reason: 'suspended' });

    const cookies = recordingCookieJar();
    const next = await refusalOf((await callerWithToken(db, token, { cookies })).students.mine());
    expect(next).toMatchObject({ code: 'FORBIDDEN', message: SUSPENDED });
    expect(next.message).not.toMatch(/breach|neighbour|password/i);
    expect(cookies.cleared).toBe(true);

    // Told once; after that the old cookie is worth nothing at all.
    const after = await refusalOf((await callerWithToken(db, token)).auth.me());
    expect(after.code).toBe('UNAUTHORIZED');
    expect(
      await db.selectFrom('sessions').select('id').where('id', '=', hashToken(token)).execute(),
    ).toEqual([]);
    expect(
      await refusalOf((await callerFor(db, parent)).students.byId({ studentId: studentIds[0]! })),
    ).toMatchObject({ code: 'FORBIDDEN', message: SUSPENDED });
  });

  it('refuses sign-in with the right password neutrally, and a wrong one as always', async () => {
    const { parent } = await family();
    await revokePerson(parent.contactId);
    const anonymous = await anonymousCaller(db, { ip: '198.51.100.20' });
    const right = await refusalOf(
      anonymous.auth.signIn({ identifier: parent.username, password: TEST_PASSWORD }),
    );
    // The same answer as a wrong password (issue 10 item 9), naming where to ask (P12).
    expect(right).toMatchObject({ code: 'UNAUTHORIZED', message: SIGN_IN_REFUSED });
    const wrong = await refusalOf(
      anonymous.auth.signIn({ identifier: parent.username, password: 'Wrong-Password-1' }),
    );
    expect(wrong).toEqual(right);
    const refused = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'auth.sign_in.refused')
      .where('target_user_id', '=', parent.userId)
      .executeTakeFirstOrThrow();
    expect(refused.details).toEqual({ reason: 'suspended' });
  });

  it('is reported to account creation, even before the person has an account', async () => {
    const contact = await db
      .insertInto('contacts')
      .values({ forename: 'Robin', surname: 'Denied' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await activeRestrictionForContact(db, contact.id)).toBeNull();
    const { id } = await revokePerson(contact.id, 'Parental responsibility not shown.');
    expect(await activeRestrictionForContact(db, contact.id)).toMatchObject({
      id,
      reason: 'policy_breach',
    });
  });

  it('is audited, naming the person’s children, without the note', async () => {
    const { parent, studentIds } = await family();
    const { id } = await revokePerson(parent.contactId, 'A very private note');
    const entry = await db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'target_user_id', 'student_id', 'details'])
      .where('action', '=', 'access.revoked')
      .where('target_user_id', '=', parent.userId)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      actor_user_id: office.userId,
      student_id: studentIds[0],
      details: { restriction_id: id, target: 'contact', reason: 'policy_breach' },
    });
    expect(JSON.stringify(entry.details)).not.toContain('private');
  });

  it('stays revoked when an unrelated hold is placed on their child and then lifted', async () => {
    const { parent, studentIds } = await family();
    await revokePerson(parent.contactId);
    const dslCaller = await callerFor(db, dsl);
    const hold = await dslCaller.safeguarding.holds.place({
      studentId: studentIds[0]!,
      reason: 'Disclosure made to form tutor.',
      scope: 'all_access',
    });
    await dslCaller.safeguarding.holds.lift({ id: hold.id, note: 'Strategy meeting closed it.' });
    expect(await refusalOf((await callerFor(db, parent)).auth.me())).toMatchObject({
      code: 'FORBIDDEN',
      message: SUSPENDED,
    });
  });
});

describe('a court order on one child', () => {
  it('hides that child only, without ending the parent’s session', async () => {
    const { parent, studentIds } = await family(2);
    const [restricted, other] = studentIds as [string, string];
    const token = await sessionTokenFor(db, parent);
    const result = await (
      await callerFor(db, office)
    ).admin.restrictions.create({
      ...courtOrder,
      target: { kind: 'link', id: await linkIdOf(db, parent.contactId, restricted) },
    });
    expect(result.sessionsEnded).toBe(0);

    const caller = await callerWithToken(db, token);
    expect((await caller.students.mine()).map((s) => s.id)).toEqual([other]);
    expect(await refusalOf(caller.students.byId({ studentId: restricted }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(caller.students.byId({ studentId: other })).resolves.toMatchObject({ id: other });

    const entry = await db
      .selectFrom('audit_log')
      .select(['student_id', 'details'])
      .where('action', '=', 'access.revoked')
      .where('details', '@>', JSON.stringify({ restriction_id: result.id }))
      .executeTakeFirstOrThrow();
    expect(entry.student_id).toBe(restricted);
    expect(entry.details).toMatchObject({ court_order_type: 'prohibited_steps' });
  });

  it('is refused without its type, date, scope and reference, in plain English', async () => {
    const { parent } = await family();
    const answer = await refusalOf(
      (await callerFor(db, office)).admin.restrictions.create({
        target: { kind: 'contact', id: parent.contactId },
        reason: 'court_order',
        note: 'Order seen.',
      } as never),
    );
    expect(answer.code).toBe('BAD_REQUEST');
    expect(answer.message).toBe('Please check your answers: Choose the type of court order.');
    expect(answer.fieldErrors).toMatchObject({
      courtOrderType: ['Choose the type of court order.'],
      courtOrderDate: ['Enter the date of the court order, for example 2026-03-14.'],
      courtOrderScope: ['Say what the court order covers.'],
      courtOrderReference: ['Enter the court order’s document reference.'],
    });
    const future = await refusalOf(
      (await callerFor(db, office)).admin.restrictions.create({
        ...courtOrder,
        courtOrderDate: '2027-01-01',
        target: { kind: 'contact', id: parent.contactId },
      }),
    );
    expect(future.message).toBe('The date of the court order cannot be in the future.');
    expect(await activeRestrictionForContact(db, parent.contactId)).toBeNull();
  });
});

describe('reinstating', () => {
  it('restores access, is recorded and audited, and cannot be done twice', async () => {
    const { parent, studentIds } = await family(2);
    const officeCaller = await callerFor(db, office);
    const person = await revokePerson(parent.contactId);
    const child = await officeCaller.admin.restrictions.create({
      ...courtOrder,
      target: { kind: 'link', id: await linkIdOf(db, parent.contactId, studentIds[0]!) },
    });
    await officeCaller.admin.restrictions.lift({ id: person.id, note: 'Investigation closed.' });
    expect(await visibleTo(parent)).toEqual([studentIds[1]]);
    await officeCaller.admin.restrictions.lift({ id: child.id, note: 'Order discharged.' });
    expect(await visibleTo(parent)).toEqual([...studentIds].sort());

    const record = await db
      .selectFrom('access_restrictions')
      .select(['lifted_at', 'lifted_by_user_id', 'lift_note'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(record).toEqual({
      lifted_at: TEST_NOW,
      lifted_by_user_id: office.userId,
      lift_note: 'Investigation closed.',
    });
    const audited = await db
      .selectFrom('audit_log')
      .select(['student_id', 'target_user_id'])
      .where('action', '=', 'access.reinstated')
      .where('actor_user_id', '=', office.userId)
      .where('details', '@>', JSON.stringify({ restriction_id: child.id }))
      .executeTakeFirstOrThrow();
    expect(audited).toEqual({ student_id: studentIds[0], target_user_id: parent.userId });
    expect(
      await refusalOf(officeCaller.admin.restrictions.lift({ id: child.id, note: 'Again.' })),
    ).toMatchObject({ code: 'CONFLICT', message: 'That restriction has already been lifted.' });
  });

  it('leaves a second restriction on the same person in force', async () => {
    const { parent } = await family();
    const first = await revokePerson(parent.contactId);
    await (
      await callerFor(db, office)
    ).admin.restrictions.create({
      target: { kind: 'contact', id: parent.contactId },
      reason: 'parental_responsibility_questioned',
      note: 'The other parent disputes PR.',
    });
    await (
      await callerFor(db, office)
    ).admin.restrictions.lift({ id: first.id, note: 'Resolved.' });
    expect(await refusalOf((await callerFor(db, parent)).auth.me())).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('accounts', () => {
  it('revoking a student’s own account suspends the student and not their parents', async () => {
    const { parent, studentIds } = await family();
    const student = await newStudentUser(db, studentIds[0]!);
    await (
      await callerFor(db, office)
    ).admin.restrictions.create({
      target: { kind: 'user', id: student.userId },
      reason: 'policy_breach',
      note: 'Logged in as a friend.',
    });
    expect(await refusalOf((await callerFor(db, student)).students.mine())).toMatchObject({
      code: 'FORBIDDEN',
      message: SUSPENDED,
    });
    expect(await visibleTo(parent)).toEqual(studentIds);
  });

  it('only an admin may revoke a staff account; a parent’s account is revoked through the person', async () => {
    const teacher = await newStaff(db, ['teacher']);
    const { parent } = await family();
    const target = (id: string) => ({
      target: { kind: 'user' as const, id },
      reason: 'other' as const,
      note: 'Left the school.',
    });
    const officeCaller = await callerFor(db, office);
    expect(
      await refusalOf(officeCaller.admin.restrictions.create(target(teacher.userId))),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await refusalOf(officeCaller.admin.restrictions.create(target(parent.userId))),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await refusalOf(officeCaller.admin.restrictions.create(target(office.userId))),
    ).toMatchObject({ code: 'BAD_REQUEST', message: 'You cannot revoke your own access.' });
    await (await callerFor(db, admin)).admin.restrictions.create(target(teacher.userId));
    expect(await refusalOf((await callerFor(db, teacher)).auth.me())).toMatchObject({
      code: 'FORBIDDEN',
      message: SUSPENDED,
    });
  });

  it('answers "not found" for targets that do not exist', async () => {
    const caller = await callerFor(db, office);
    for (const kind of ['contact', 'link', 'user'] as const) {
      const answer = await refusalOf(
        caller.admin.restrictions.create({
          target: { kind, id: crypto.randomUUID() },
          reason: 'other',
          note: 'Testing.',
        }),
      );
      expect(answer.code).toBe('NOT_FOUND');
    }
  });
});

describe('the office’s view', () => {
  it('lists a student’s links and every restriction, active and lifted, with who and when', async () => {
    const { parent, studentIds } = await family(1);
    const otherParent = await newParent(db);
    await link(db, otherParent.contactId, studentIds[0]!);
    const caller = await callerFor(db, office);
    const person = await revokePerson(otherParent.contactId);
    await caller.admin.restrictions.lift({ id: person.id, note: 'Resolved.' });
    const linkId = await linkIdOf(db, parent.contactId, studentIds[0]!);
    const anHourLater = new Date(TEST_NOW.getTime() + 60 * 60 * 1000);
    await (
      await callerFor(db, office, { now: anHourLater })
    ).admin.restrictions.create({ ...courtOrder, target: { kind: 'link', id: linkId } });

    const view = await caller.admin.restrictions.forStudent({ studentId: studentIds[0]! });
    expect(view.links.map((l) => l.contactId).sort()).toEqual(
      [parent.contactId, otherParent.contactId].sort(),
    );
    expect(view.links.find((l) => l.linkId === linkId)?.account?.userId).toBe(parent.userId);

    const history = await caller.admin.restrictions.list({ studentId: studentIds[0]! });
    expect(history.map((r) => [r.kind, r.active])).toEqual([
      ['link', true],
      ['contact', false],
    ]);
    expect(history[0]).toMatchObject({
      linkId,
      contactId: parent.contactId,
      studentId: studentIds[0],
      reason: 'court_order',
      courtOrder: { type: 'prohibited_steps', date: '2026-10-01', reference: 'ZW26P01234' },
      createdAt: anHourLater,
    });
    expect(history[0]?.createdBy).toMatch(/^Pat Staff/);
    expect(history[1]).toMatchObject({ liftNote: 'Resolved.', liftedAt: TEST_NOW });

    const byPerson = await caller.admin.restrictions.list({ contactId: parent.contactId });
    expect(byPerson.map((r) => r.linkId)).toEqual([linkId]);
  });
});
