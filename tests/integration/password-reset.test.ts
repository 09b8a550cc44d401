import { beforeAll, describe, expect, it } from 'vitest';
import { createCaller, createContext, settleAfterResponse } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { deliverDueEmails, smtpTransport } from '@schoolgate/email';
import { freshDatabase } from './support/database';
import { startMailServer } from './support/mail-server';
import {
  TEST_NOW,
  TEST_PASSWORD,
  TEST_PORTAL_URL,
  callerWithToken,
  newParent,
  recordingCookieJar,
  sessionTokenFor,
  type TestUser,
} from './support/factories';
import { readableText } from './support/outbox';

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
});

const minutes = (n: number) => new Date(TEST_NOW.getTime() + n * 60_000);

async function publicCaller(now: Date = TEST_NOW, ip = '203.0.113.40') {
  const cookies = recordingCookieJar();
  return createCaller(
    await createContext({
      db,
      now: () => now,
      meta: { ip, userAgent: 'vitest' },
      cookies,
      portalUrl: TEST_PORTAL_URL,
    }),
  );
}

/** The reset emails queued for `user`, once the requests' work after answering is done. */
async function resetEmails(user: TestUser) {
  await settleAfterResponse();
  return db
    .selectFrom('email_outbox')
    .select(['id', 'text_body', 'kind'])
    .where('to_address', '=', user.email)
    .where('kind', '=', 'password_reset')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

const tokenIn = (row: { id: string; text_body: string | null }) =>
  /\/reset-password\?token=([a-z2-7]+)/.exec(readableText(row))?.[1] ?? '';

describe('forgotten password (P17)', () => {
  it('answers alike for a real and a made-up account, and emails only the real one', async () => {
    const parent = await newParent(db);
    const caller = await publicCaller();
    expect(await caller.auth.requestPasswordReset({ identifier: 'nobody.at.all' })).toEqual({
      requested: true,
    });
    expect(await caller.auth.requestPasswordReset({ identifier: parent.email })).toEqual({
      requested: true,
    });
    const emails = await resetEmails(parent);
    expect(emails).toHaveLength(1);
    expect(tokenIn(emails[0]!)).toMatch(/^[a-z2-7]{32}$/);
    const strays = await db
      .selectFrom('email_outbox')
      .select('id')
      .where('kind', '=', 'password_reset')
      .where('to_address', 'not like', '%@example.org')
      .execute();
    expect(strays).toEqual([]);
  });

  it('resets once through the link, ends every session, and tells the user', async () => {
    const parent = await newParent(db);
    const oldSession = await sessionTokenFor(db, parent);
    await (await publicCaller()).auth.requestPasswordReset({ identifier: parent.username });
    const token = tokenIn((await resetEmails(parent))[0]!);
    const caller = await publicCaller(minutes(30));
    expect((await caller.auth.resetStatus({ token })).state).toBe('valid');
    await caller.auth.resetPassword({
      token,
      newPassword: 'Harvest-Lantern-73',
      confirmPassword: 'Harvest-Lantern-73',
    });

    await expect((await callerWithToken(db, oldSession)).auth.me()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(
      caller.auth.signIn({ identifier: parent.username, password: TEST_PASSWORD }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      caller.auth.signIn({ identifier: parent.username, password: 'Harvest-Lantern-73' }),
    ).resolves.toBeTruthy();
    await expect(
      caller.auth.resetPassword({
        token,
        newPassword: 'Harvest-Lantern-74',
        confirmPassword: 'Harvest-Lantern-74',
      }),
    ).rejects.toThrow(/already been used/);
    const notice = await db
      .selectFrom('email_outbox')
      .select('subject')
      .where('to_address', '=', parent.email)
      .where('kind', '=', 'password_reset_done')
      .execute();
    expect(notice).toEqual([{ subject: 'Your parent portal password was reset' }]);
  });

  it("arrives over SMTP with a working link and the school's details", async () => {
    const mail = await startMailServer();
    try {
      const parent = await newParent(db);
      await (
        await publicCaller(minutes(5))
      ).auth.requestPasswordReset({ identifier: parent.username });
      await settleAfterResponse();
      await deliverDueEmails(db, smtpTransport(`smtp://127.0.0.1:${mail.port}`), {
        now: minutes(5),
        from: 'portal@school.invalid',
        batchSize: 100,
      });
      const received = mail.received.find((m) => JSON.stringify(m.to).includes(parent.email));
      expect(received?.subject).toBe('Reset your parent portal password');
      const token = /\/reset-password\?token=([a-z2-7]+)/.exec(received?.text ?? '')?.[1] ?? '';
      expect(received?.text).toContain(`${TEST_PORTAL_URL}/reset-password?token=${token}`);
      expect(received?.text).toContain('enquiries@school.invalid');
      expect((await (await publicCaller(minutes(6))).auth.resetStatus({ token })).state).toBe(
        'valid',
      );
      // Delivered: the one-time link no longer sits in the outbox.
      const stored = await db
        .selectFrom('email_outbox')
        .select(['text_body', 'status'])
        .where('to_address', '=', parent.email)
        .where('kind', '=', 'password_reset')
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ text_body: null, status: 'sent' });
    } finally {
      await mail.close();
    }
  });

  it('applies the password rules, including history, without spending the link', async () => {
    const parent = await newParent(db);
    await (await publicCaller()).auth.requestPasswordReset({ identifier: parent.username });
    const token = tokenIn((await resetEmails(parent))[0]!);
    const caller = await publicCaller();
    await expect(
      caller.auth.resetPassword({
        token,
        newPassword: TEST_PASSWORD,
        confirmPassword: TEST_PASSWORD,
      }),
    ).rejects.toThrow(/used this password before/);
    expect((await caller.auth.resetStatus({ token })).state).toBe('valid');
  });

  it('expires after an hour, and a newer request voids the older link', async () => {
    const parent = await newParent(db);
    await (await publicCaller()).auth.requestPasswordReset({ identifier: parent.username });
    const first = tokenIn((await resetEmails(parent))[0]!);
    expect((await (await publicCaller(minutes(60))).auth.resetStatus({ token: first })).state).toBe(
      'expired',
    );
    await (
      await publicCaller(minutes(1))
    ).auth.requestPasswordReset({ identifier: parent.username });
    const second = tokenIn((await resetEmails(parent))[0]!);
    expect(second).not.toBe(first);
    expect((await (await publicCaller(minutes(2))).auth.resetStatus({ token: first })).state).toBe(
      'unknown',
    );
  });

  it('sends at most 3 links an hour to one account, with the same answer every time', async () => {
    const parent = await newParent(db);
    for (let i = 0; i < 5; i++) {
      expect(
        await (
          await publicCaller(minutes(i), `198.18.1.${i}`)
        ).auth.requestPasswordReset({ identifier: parent.username }),
      ).toEqual({ requested: true });
    }
    expect(await resetEmails(parent)).toHaveLength(3);
  });
});
