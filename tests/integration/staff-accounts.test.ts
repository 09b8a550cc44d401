import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_PASSWORD,
  anonymousCaller,
  callerFor,
  callerWithToken,
  newStaff,
  recordingCookieJar,
  sessionTokenFor,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';
import { readableText } from './support/outbox';

let db: Database;
// The file starts with one administrator, so the "last administrator" rule can be seen first.
let admin: TestUser & { staffId: string };
beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
});

const adminCaller = () => callerFor(db, admin);

async function auditOf(action: string, targetUserId: string | null) {
  return db
    .selectFrom('audit_log')
    .select(['actor_user_id', 'target_user_id', 'details'])
    .where('action', '=', action)
    .where('target_user_id', targetUserId === null ? 'is' : '=', targetUserId)
    .execute();
}

let counter = 0;
const newPerson = (roles: ('admin' | 'office' | 'teacher' | 'dsl' | 'governor')[]) => {
  counter++;
  return {
    title: 'Ms',
    forename: 'Jo',
    surname: `Newton${'abcdefghij'[counter % 10]}${counter}`,
    email: `j.newton${counter}@school.example`,
    roles,
  };
};

describe('the only administrator', () => {
  it('cannot remove their own administrator role, and is told why', async () => {
    const refused = await refusalOf(
      (await adminCaller()).admin.staff.updateRoles({ staffId: admin.staffId, roles: ['office'] }),
    );
    expect(refused).toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'This is the only active administrator. Make someone else an administrator first, so the school can still manage the portal.',
    });
    const roles = await db
      .selectFrom('staff_roles')
      .select('role')
      .where('staff_id', '=', admin.staffId)
      .execute();
    expect(roles).toEqual([{ role: 'admin' }]);
  });

  it('cannot deactivate themselves', async () => {
    const refused = await refusalOf(
      (await adminCaller()).admin.staff.deactivate({ staffId: admin.staffId }),
    );
    expect(refused.message).toBe(
      'You cannot deactivate your own account. Ask another administrator to do it.',
    );
    const user = await db
      .selectFrom('users')
      .select('status')
      .where('id', '=', admin.userId)
      .executeTakeFirstOrThrow();
    expect(user.status).toBe('active');
  });
});

describe('making a staff account', () => {
  it('saves the person and their roles, and emails an activation link to their school address', async () => {
    const caller = await adminCaller();
    const person = newPerson(['teacher', 'dsl']);
    const made = await caller.admin.staff.create(person);
    expect(made.sentTo).toBe(person.email);
    expect(made.username).toMatch(/^jo\.newton/);

    const emails = await db
      .selectFrom('email_outbox')
      .select(['id', 'kind', 'subject', 'text_body', 'contains_secret'])
      .where('to_address', '=', person.email)
      .execute();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      kind: 'activation',
      subject: 'Your Your School staff portal account',
      contains_secret: true,
    });
    const text = readableText(emails[0]!);
    expect(text).toContain(`Your username is ${made.username}.`);
    expect(text).toContain('authenticator app');
    expect(text).toMatch(/https:\/\/portal\.example\.org\/activate\?token=[a-z2-7]+/);

    const shown = await caller.admin.staff.get({ staffId: made.staffId });
    expect(shown).toMatchObject({
      name: `Ms Jo ${person.surname}`,
      email: person.email,
      roles: ['teacher', 'dsl'],
      status: 'pending',
      twoFactorEnrolled: false,
      lastSignedInAt: null,
      username: made.username,
      isSelf: false,
    });
    expect(shown.updatedAt).toBeInstanceOf(Date);
    const listed = await caller.admin.staff.list({ search: person.surname });
    expect(listed.map((s) => s.staffId)).toEqual([made.staffId]);

    const [entry] = await auditOf('staff.created', made.userId);
    expect(entry).toMatchObject({
      actor_user_id: admin.userId,
      details: { staff_id: made.staffId, roles: ['teacher', 'dsl'], email: person.email },
    });
  });

  it('the new member of staff sets a password from the link, then must enrol a second factor', async () => {
    const caller = await adminCaller();
    const person = newPerson(['teacher']);
    await caller.admin.staff.create(person);
    const email = await db
      .selectFrom('email_outbox')
      .select(['id', 'text_body'])
      .where('to_address', '=', person.email)
      .executeTakeFirstOrThrow();
    const token = /\/activate\?token=([a-z2-7]+)/.exec(readableText(email))?.[1] ?? '';
    const cookies = recordingCookieJar();
    await (
      await anonymousCaller(db, { cookies })
    ).account.activate({
      token,
      newPassword: 'Quartz-Lantern-47',
      confirmPassword: 'Quartz-Lantern-47',
      sharedDevice: false,
    });
    const next = await callerWithToken(db, cookies.token);
    expect((await refusalOf(next.sessions.list())).code).toBe('PRECONDITION_FAILED');
    expect(await next.auth.me()).toMatchObject({ kind: 'staff', twoFactor: 'enrol' });
  });

  it.each([
    [{ roles: [] }, 'roles', 'Choose at least one role.'],
    [{ roles: ['parent'] }, 'roles', 'Choose roles from the list.'],
    [
      { email: 'not an email' },
      'email',
      'Enter their school email address, like j.smith@school.example.',
    ],
    [{ forename: ' ' }, 'forename', 'Enter their first name.'],
    [{ surname: '' }, 'surname', 'Enter their last name.'],
  ])(
    'refuses %o with a message beside the field, and makes nothing',
    async (bad, field, message) => {
      const person = { ...newPerson(['teacher']), ...bad };
      const refused = await refusalOf(
        (await adminCaller()).admin.staff.create(person as ReturnType<typeof newPerson>),
      );
      expect(refused.fieldErrors?.[field]).toEqual([message]);
      const staff = await db
        .selectFrom('staff')
        .select('id')
        .where('email', '=', person.email)
        .execute();
      expect(staff).toEqual([]);
    },
  );

  it('refuses an email address another member of staff or account already has', async () => {
    const caller = await adminCaller();
    const person = newPerson(['office']);
    await caller.admin.staff.create(person);
    const twin = await refusalOf(
      caller.admin.staff.create({ ...newPerson(['office']), email: person.email.toUpperCase() }),
    );
    expect(twin).toMatchObject({
      code: 'CONFLICT',
      fieldErrors: { email: ['A member of staff already has this email address.'] },
    });
  });

  it('makes an account for a member of staff an import added without one', async () => {
    const staff = await db
      .insertInto('staff')
      .values({ forename: 'Imran', surname: 'Imported', email: 'i.imported@school.example' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const caller = await adminCaller();
    expect((await caller.admin.staff.get({ staffId: staff.id })).status).toBe('none');
    expect((await refusalOf(caller.admin.staff.createAccount({ staffId: staff.id }))).message).toBe(
      'Give this person at least one role before making an account.',
    );
    await caller.admin.staff.updateRoles({ staffId: staff.id, roles: ['teacher'] });
    const made = await caller.admin.staff.createAccount({ staffId: staff.id });
    expect(made).toMatchObject({ username: 'imran.imported', sentTo: 'i.imported@school.example' });
    const resent = await caller.admin.staff.resendActivation({ staffId: staff.id });
    expect(resent.sentTo).toBe('i.imported@school.example');
    const links = await db
      .selectFrom('account_tokens')
      .select('id')
      .where('user_id', '=', made.userId)
      .execute();
    expect(links).toHaveLength(1);
  });
});

describe('roles', () => {
  it('changes take effect at the next request and are audited old → new', async () => {
    const caller = await adminCaller();
    const teacher = await newStaff(db, ['teacher']);
    const token = await sessionTokenFor(db, teacher);
    expect((await refusalOf((await callerWithToken(db, token)).admin.policy.list())).code).toBe(
      'FORBIDDEN',
    );
    await caller.admin.staff.updateRoles({
      staffId: teacher.staffId,
      roles: ['office', 'teacher'],
    });
    expect(await (await callerWithToken(db, token)).admin.policy.list()).toBeDefined();
    expect((await caller.admin.staff.get({ staffId: teacher.staffId })).roles).toEqual([
      'office',
      'teacher',
    ]);
    const [entry] = await auditOf('staff.roles_updated', teacher.userId);
    expect(entry?.details).toEqual({
      staff_id: teacher.staffId,
      from: ['teacher'],
      to: ['office', 'teacher'],
    });
  });

  it('with a second administrator, one may remove the other’s admin role but not their own', async () => {
    const caller = await adminCaller();
    const second = await newStaff(db, ['admin']);
    const own = await refusalOf(
      caller.admin.staff.updateRoles({ staffId: admin.staffId, roles: ['office'] }),
    );
    expect(own.message).toBe(
      'You cannot remove your own administrator role. Ask another administrator to do it.',
    );
    await caller.admin.staff.updateRoles({ staffId: second.staffId, roles: ['office'] });
    expect((await caller.admin.staff.get({ staffId: second.staffId })).roles).toEqual(['office']);
  });
});

describe('deactivating a leaver', () => {
  it('ends their sessions at once: the next request with the old cookie is refused, and sign-in too', async () => {
    const caller = await adminCaller();
    const leaver = await newStaff(db, ['teacher']);
    const tokens = [await sessionTokenFor(db, leaver), await sessionTokenFor(db, leaver)];
    expect((await (await callerWithToken(db, tokens[0] ?? null)).auth.me()).kind).toBe('staff');
    expect((await caller.admin.staff.get({ staffId: leaver.staffId })).liveSessions).toBe(2);

    expect(await caller.admin.staff.deactivate({ staffId: leaver.staffId })).toEqual({
      sessionsEnded: 2,
    });
    for (const token of tokens) {
      const refused = await refusalOf((await callerWithToken(db, token)).auth.me());
      expect(refused.code).toBe('UNAUTHORIZED');
    }
    const signIn = await refusalOf(
      (await anonymousCaller(db, { cookies: recordingCookieJar() })).auth.signIn({
        identifier: leaver.username,
        password: TEST_PASSWORD,
      }),
    );
    expect(signIn.code).not.toBe('OK');
    expect(await caller.admin.staff.get({ staffId: leaver.staffId })).toMatchObject({
      status: 'disabled',
      liveSessions: 0,
    });
    const [entry] = await auditOf('staff.deactivated', leaver.userId);
    expect(entry).toMatchObject({
      actor_user_id: admin.userId,
      details: { staff_id: leaver.staffId, sessions_ended: 2 },
    });

    expect(
      (await refusalOf(caller.admin.staff.deactivate({ staffId: leaver.staffId }))).message,
    ).toBe('This account is already deactivated.');
    // Back again: the account (with its password) works once more.
    expect(await caller.admin.staff.reactivate({ staffId: leaver.staffId })).toEqual({
      status: 'active',
      sentTo: null,
    });
    const again = await (
      await anonymousCaller(db, { cookies: recordingCookieJar() })
    ).auth.signIn({ identifier: leaver.username, password: TEST_PASSWORD });
    expect(again.twoFactor).toBe('verify');
    expect(await auditOf('staff.reactivated', leaver.userId)).toHaveLength(1);
  });

  it('voids an unused activation link, and reactivating sends a new one', async () => {
    const caller = await adminCaller();
    const person = newPerson(['governor']);
    const made = await caller.admin.staff.create(person);
    const first = await db
      .selectFrom('email_outbox')
      .select(['id', 'text_body'])
      .where('to_address', '=', person.email)
      .executeTakeFirstOrThrow();
    const token = /\/activate\?token=([a-z2-7]+)/.exec(readableText(first))?.[1] ?? '';
    await caller.admin.staff.deactivate({ staffId: made.staffId });
    const status = await (await anonymousCaller(db)).account.activationStatus({ token });
    expect(status.state).not.toBe('valid');

    expect(await caller.admin.staff.reactivate({ staffId: made.staffId })).toEqual({
      status: 'pending',
      sentTo: person.email,
    });
    const emails = await db
      .selectFrom('email_outbox')
      .select('kind')
      .where('to_address', '=', person.email)
      .execute();
    expect(emails).toEqual([{ kind: 'activation' }, { kind: 'activation' }]);
  });
});

describe('resetting a second factor from the staff page', () => {
  it('uses twoFactor.reset: the person must enrol again, and the page says so', async () => {
    const caller = await adminCaller();
    const teacher = await newStaff(db, ['teacher']);
    expect((await caller.admin.staff.get({ staffId: teacher.staffId })).twoFactorEnrolled).toBe(
      true,
    );
    await caller.twoFactor.reset({ userId: teacher.userId });
    expect((await caller.admin.staff.get({ staffId: teacher.staffId })).twoFactorEnrolled).toBe(
      false,
    );
    expect(await (await callerFor(db, teacher)).auth.me()).toMatchObject({ twoFactor: 'enrol' });
  });
});

describe('who may manage staff accounts', () => {
  it('refuses office staff, DSLs, teachers and governors', async () => {
    for (const role of ['office', 'dsl', 'teacher', 'governor'] as const) {
      const caller = await callerFor(db, await newStaff(db, [role]));
      expect(await refusalOf(caller.admin.staff.list())).toMatchObject({
        code: 'FORBIDDEN',
        message: 'You do not have access to this.',
      });
      expect(
        (await refusalOf(caller.admin.staff.deactivate({ staffId: admin.staffId }))).code,
      ).toBe('FORBIDDEN');
    }
  });

  it('says “not found” for a member of staff who does not exist', async () => {
    const refused = await refusalOf(
      (await adminCaller()).admin.staff.get({ staffId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(refused).toMatchObject({
      code: 'NOT_FOUND',
      message: 'We could not find that member of staff.',
    });
  });
});
