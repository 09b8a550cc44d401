import { beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createCaller, createContext, fieldErrorsOf } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  TEST_PASSWORD,
  callerFor,
  callerWithToken,
  link,
  newParent,
  newStudent,
  recordingCookieJar,
  sessionTokenFor,
} from './support/factories';

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
});

const days = (n: number) => new Date(TEST_NOW.getTime() + n * 24 * 3600_000);

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw error;
  return { code: error.code, message: error.message, fields: fieldErrorsOf(error) ?? {} };
}

function change(
  caller: Awaited<ReturnType<typeof callerFor>>,
  currentPassword: string,
  newPassword: string,
) {
  return caller.account.changePassword({
    currentPassword,
    newPassword,
    confirmPassword: newPassword,
  });
}

describe('changing a password', () => {
  it('needs the current password, and says so beside the field', async () => {
    const caller = await callerFor(db, await newParent(db));
    const answer = await refusal(change(caller, 'Not-Current-1', 'Fresh-Orchard-61'));
    expect(answer.fields).toEqual({ currentPassword: ['Your current password is not right.'] });
  });

  it('shows every broken rule beside the new password', async () => {
    const caller = await callerFor(db, await newParent(db));
    const answer = await refusal(change(caller, TEST_PASSWORD, 'qzv'));
    expect(answer.code).toBe('BAD_REQUEST');
    expect(answer.fields.newPassword).toEqual([
      'Use at least 8 characters.',
      'Include at least one capital letter (A to Z).',
      'Include at least one number (0 to 9).',
    ]);
  });

  it('refuses a password containing the person’s name', async () => {
    const parent = await newParent(db);
    const contact = await db
      .selectFrom('contacts')
      .select('surname')
      .where('id', '=', parent.contactId)
      .executeTakeFirstOrThrow();
    const answer = await refusal(
      change(await callerFor(db, parent), TEST_PASSWORD, `Xy7-${contact.surname}`),
    );
    expect(answer.fields.newPassword).toEqual(['Do not include your name or your username.']);
  });

  it('refuses the two new passwords differing', async () => {
    const caller = await callerFor(db, await newParent(db));
    const answer = await refusal(
      caller.account.changePassword({
        currentPassword: TEST_PASSWORD,
        newPassword: 'Fresh-Orchard-61',
        confirmPassword: 'Fresh-Orchard-62',
      }),
    );
    expect(answer.fields.confirmPassword).toEqual(['The two new passwords are not the same.']);
  });

  it('refuses any earlier password: A, then B, then A again', async () => {
    const parent = await newParent(db);
    const caller = await callerFor(db, parent);
    await change(caller, TEST_PASSWORD, 'Second-Lantern-42');
    const answer = await refusal(change(caller, 'Second-Lantern-42', TEST_PASSWORD));
    expect(answer.message).toBe(
      'You have used this password before. Choose one you have not used here.',
    );
    const stored = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', parent.userId)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).not.toContain('Second-Lantern-42');
  });

  it('with the history capped by the school, allows a password older than the cap', async () => {
    await db.updateTable('school_settings').set({ password_history_limit: 2 }).execute();
    try {
      const parent = await newParent(db);
      const caller = await callerFor(db, parent);
      await change(caller, TEST_PASSWORD, 'Second-Lantern-42');
      await change(caller, 'Second-Lantern-42', 'Third-Lantern-43');
      await expect(change(caller, 'Third-Lantern-43', 'Second-Lantern-42')).rejects.toThrow(
        /used this password before/,
      );
      await expect(change(caller, 'Third-Lantern-43', TEST_PASSWORD)).resolves.toBeTruthy();
    } finally {
      await db.updateTable('school_settings').set({ password_history_limit: null }).execute();
    }
  });

  it('ends every other session and keeps this one', async () => {
    const parent = await newParent(db);
    const otherToken = await sessionTokenFor(db, parent);
    const here = await callerFor(db, parent);
    expect(await change(here, TEST_PASSWORD, 'Fresh-Orchard-61')).toEqual({
      otherSessionsEnded: 1,
    });
    await expect(here.auth.me()).resolves.toMatchObject({ id: parent.userId });
    expect((await refusal((await callerWithToken(db, otherToken)).auth.me())).code).toBe(
      'UNAUTHORIZED',
    );
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_user_id', '=', parent.userId)
      .where('action', '=', 'account.password_changed')
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe('the session a password is changed in (issue 10, item 15)', () => {
  it('carries on under a new token: a copy of the old one stops working', async () => {
    const parent = await newParent(db);
    const oldToken = await sessionTokenFor(db, parent);
    const cookies = recordingCookieJar();
    const here = createCaller(
      await createContext({
        db,
        now: () => TEST_NOW,
        sessionToken: oldToken,
        cookies,
        meta: { ip: '192.0.2.10', userAgent: 'vitest' },
      }),
    );
    await change(here, TEST_PASSWORD, 'Fresh-Orchard-61');
    expect(cookies.token).toBeTruthy();
    expect(cookies.token).not.toBe(oldToken);
    expect((await refusal((await callerWithToken(db, oldToken)).auth.me())).code).toBe(
      'UNAUTHORIZED',
    );
    await expect((await callerWithToken(db, cookies.token)).auth.me()).resolves.toMatchObject({
      id: parent.userId,
    });
  });
});

describe('an expired password (P11)', () => {
  it('on day 89 still works; from day 90 nothing but a change is allowed, and the change restores access', async () => {
    const parent = await newParent(db);
    const { studentId } = await newStudent(db);
    await link(db, parent.contactId, studentId);

    const day89 = await callerFor(db, parent, { now: days(89) });
    expect(await day89.students.mine()).toHaveLength(1);

    const day90 = await callerFor(db, parent, { now: days(90) });
    const blocked = await refusal(day90.students.mine());
    expect(blocked).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: 'Your password has expired. Please choose a new one to carry on.',
    });
    expect(await day90.auth.me()).toMatchObject({ mustChangePassword: true });

    await change(day90, TEST_PASSWORD, 'Fresh-Orchard-61');
    const after = await callerFor(db, parent, { now: days(90) });
    expect(await after.students.mine()).toHaveLength(1);
  });
});
