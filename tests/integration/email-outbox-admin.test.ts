import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { composeEmail, enqueueEmail, type OutboxMessage } from '@schoolgate/email';
import { freshDatabase } from './support/database';
import { anonymousCaller, callerFor, newStaff, TEST_NOW, type TestUser } from './support/factories';

// What an admin sees of the outbox and can do about failures (issue 11 item 4), and that a
// one-time link is never readable there (issue 10 item 5).

const minutes = (n: number) => new Date(TEST_NOW.getTime() + n * 60_000);
const school = { name: 'Northfield Academy', enquiriesEmail: 'enquiries@northfield.example' };
const RESET_URL = 'https://portal.example.org/reset-password/Zq8sKx3vN2pLm7Rt';

function message(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    ...composeEmail({
      school,
      subject: 'A notice from school',
      paragraphs: ['Sports day is on Friday.'],
    }),
    to: 'nadia.okafor@example.com',
    kind: 'notice',
    ...overrides,
  };
}

const resetLink = () =>
  message({
    ...composeEmail({
      school,
      subject: 'Reset your password',
      paragraphs: ['Someone asked to reset your password.'],
      action: { label: 'Choose a new password', url: RESET_URL },
    }),
    kind: 'password_reset',
    containsSecret: true,
  });

let db: Database;
let admin: TestUser;

beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
});

beforeEach(async () => {
  await db.deleteFrom('email_outbox').execute();
});

const setStatus = (subject: string, status: 'failed' | 'sent', lastError = 'ECONNREFUSED') =>
  db
    .updateTable('email_outbox')
    .set({
      status,
      attempts: 3,
      last_error: lastError,
      sent_at: status === 'sent' ? TEST_NOW : null,
    })
    .where('subject', '=', subject)
    .execute();

describe('the outbox an admin reads', () => {
  it('never shows a one-time link that is waiting to be sent', async () => {
    await enqueueEmail(db, resetLink(), TEST_NOW);
    await enqueueEmail(db, message(), TEST_NOW);
    const list = await (await callerFor(db, admin)).admin.outbox.list({ limit: 10 });

    const reset = list.find((m) => m.subject === 'Reset your password')!;
    expect(reset.text).not.toContain('Zq8sKx3vN2pLm7Rt');
    expect(reset.text).toContain('[one-time link: hidden');
    expect(reset.text).toContain('Someone asked to reset your password.');
    expect(reset.holdsOneTimeLink).toBe(true);
    const notice = list.find((m) => m.subject === 'A notice from school')!;
    expect(notice.text).toContain('Sports day is on Friday.');
    expect(JSON.stringify(list)).not.toContain('Zq8sKx3vN2pLm7Rt');
  });
});

describe('sending failed emails again', () => {
  it('queues one failed email again with a fresh four-day window, and records who did it', async () => {
    await enqueueEmail(db, message({ subject: 'Failed one' }), TEST_NOW);
    await enqueueEmail(db, message({ subject: 'Failed two' }), TEST_NOW);
    await setStatus('Failed one', 'failed');
    await setStatus('Failed two', 'failed');
    const { id } = await db
      .selectFrom('email_outbox')
      .select('id')
      .where('subject', '=', 'Failed one')
      .executeTakeFirstOrThrow();

    const at = minutes(5 * 24 * 60);
    const caller = await callerFor(db, admin, { now: at });
    expect(await caller.admin.outbox.resend({ id })).toEqual({ resent: 1, linksWiped: 0 });

    const rows = await db
      .selectFrom('email_outbox')
      .select(['subject', 'status', 'attempts', 'next_attempt_at', 'give_up_at', 'last_error'])
      .orderBy('subject')
      .execute();
    expect(rows).toEqual([
      {
        subject: 'Failed one',
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        give_up_at: minutes(9 * 24 * 60),
        last_error: null,
      },
      expect.objectContaining({ subject: 'Failed two', status: 'failed' }),
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'email.resent')
      .execute();
    expect(audit).toEqual([
      { actor_user_id: admin.userId, details: expect.objectContaining({ messages: 1, id }) },
    ]);
  });

  it('queues every failed email at once, and explains those whose one-time link was wiped', async () => {
    await enqueueEmail(db, message({ subject: 'Failed one' }), TEST_NOW);
    await enqueueEmail(db, message({ subject: 'Delivered' }), TEST_NOW);
    await enqueueEmail(db, resetLink(), TEST_NOW);
    await setStatus('Failed one', 'failed');
    await setStatus('Delivered', 'sent');
    // What the worker leaves of a one-time link it gave up: no body.
    await db
      .updateTable('email_outbox')
      .set({ status: 'failed', text_body: null, html_body: null })
      .where('subject', '=', 'Reset your password')
      .execute();

    const caller = await callerFor(db, admin);
    expect(await caller.admin.outbox.resend({})).toEqual({ resent: 1, linksWiped: 1 });
    expect(await caller.admin.outbox.resend({})).toEqual({ resent: 0, linksWiped: 1 });
    const statuses = await db
      .selectFrom('email_outbox')
      .select(['subject', 'status'])
      .orderBy('subject')
      .execute();
    expect(statuses).toEqual([
      { subject: 'Delivered', status: 'sent' },
      { subject: 'Failed one', status: 'pending' },
      { subject: 'Reset your password', status: 'failed' },
    ]);
  });

  it('refuses a made-up id plainly', async () => {
    const caller = await callerFor(db, admin);
    await expect(caller.admin.outbox.resend({ id: 'not-an-id' })).rejects.toThrow(
      'Choose an email from the outbox.',
    );
  });
});

describe('how delivery is going', () => {
  it('counts waiting and given-up emails, and says when the oldest has waited too long', async () => {
    const anonymous = await anonymousCaller(db, { now: minutes(10) });
    expect((await anonymous.health.check()).email).toEqual({
      waiting: 0,
      oldestWaitingSince: null,
      failed: 0,
      status: 'ok',
    });

    await enqueueEmail(db, message({ subject: 'Old' }), TEST_NOW);
    await enqueueEmail(db, message({ subject: 'New' }), minutes(8));
    await enqueueEmail(db, message({ subject: 'Gone' }), TEST_NOW);
    await setStatus('Gone', 'failed');

    const soon = await (await anonymousCaller(db, { now: minutes(10) })).health.check();
    expect(soon).toEqual({
      database: 'ok',
      email: { waiting: 2, oldestWaitingSince: TEST_NOW, failed: 1, status: 'ok' },
    });
    const late = await (await callerFor(db, admin, { now: minutes(16) })).admin.outbox.summary();
    expect(late).toMatchObject({ waiting: 2, failed: 1, status: 'delayed' });
    // Nothing personal in the public answer.
    expect(JSON.stringify(soon)).not.toMatch(/nadia|Old|Gone/);
  });
});
