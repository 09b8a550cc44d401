import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller, createContext } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { deliverDueEmails, smtpTransport } from '@schoolgate/email';
import { freshDatabase } from './support/database';
import { TEST_NOW, TEST_PASSWORD, callerFor, newParent, type TestUser } from './support/factories';
import { startMailServer, type MailServer } from './support/mail-server';

let db: Database;
let mail: MailServer;
beforeAll(async () => {
  db = await freshDatabase();
  mail = await startMailServer();
});
afterAll(() => mail.close());

/** Noon on day `n` of the password's life (it was set at TEST_NOW). */
const day = (n: number) => new Date(TEST_NOW.getTime() + n * 24 * 3600_000 + 3 * 3600_000);

async function runJob(now: Date) {
  const ctx = await createContext({
    db,
    now: () => now,
    system: true,
    portalUrl: 'https://portal.example.org/',
  });
  return createCaller(ctx).jobs.passwordReminders();
}

async function outboxFor(user: TestUser) {
  return db
    .selectFrom('email_outbox')
    .select(['kind', 'subject', 'created_at'])
    .where('to_address', '=', user.email)
    .where('kind', 'in', ['password_reminder', 'password_expired'])
    .orderBy('created_at')
    .execute();
}

describe('password reminders (P11)', () => {
  it('day 79 none, 80 one, 81–84 none, 85–89 one a day, 90 the expiry notice, then none', async () => {
    const parent = await newParent(db);
    const sentOn: number[] = [];
    for (let n = 78; n <= 93; n++) {
      const before = (await outboxFor(parent)).length;
      await runJob(day(n));
      if ((await outboxFor(parent)).length > before) sentOn.push(n);
    }
    expect(sentOn).toEqual([80, 85, 86, 87, 88, 89, 90]);
    const messages = await outboxFor(parent);
    expect(messages[0]?.subject).toBe('Your parent portal password expires in 10 days');
    expect(messages[5]?.subject).toBe('Your parent portal password expires tomorrow');
    expect(messages[6]).toMatchObject({
      kind: 'password_expired',
      subject: 'Your parent portal password has expired',
    });
  });

  it('run twice in a day, or twice at once, sends each reminder once', async () => {
    const parent = await newParent(db);
    await runJob(day(85));
    await Promise.all([runJob(day(85)), runJob(day(85))]);
    expect(await outboxFor(parent)).toHaveLength(1);
  });

  it('changing the password stops them', async () => {
    const parent = await newParent(db);
    await runJob(day(85));
    await (
      await callerFor(db, parent, { now: day(85) })
    ).account.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: 'Lighthouse-Bramble-58',
      confirmPassword: 'Lighthouse-Bramble-58',
    });
    for (let n = 86; n <= 91; n++) await runJob(day(n));
    expect(await outboxFor(parent)).toHaveLength(1);
    const notices = await db
      .selectFrom('email_outbox')
      .select('subject')
      .where('to_address', '=', parent.email)
      .where('kind', '=', 'password_changed')
      .execute();
    expect(notices).toEqual([{ subject: 'Your parent portal password was changed' }]);
  });

  it('arrive over SMTP with the school, the enquiries address and a link to change the password', async () => {
    const parent = await newParent(db);
    await db
      .updateTable('school_settings')
      .set({ school_name: 'Hilltop School', enquiries_email: 'office@hilltop.example.org' })
      .execute();
    await runJob(day(80));
    await deliverDueEmails(db, smtpTransport(`smtp://127.0.0.1:${mail.port}`), {
      now: day(80),
      from: 'Hilltop School <portal@hilltop.example.org>',
      batchSize: 100,
    });
    const received = mail.received.find((m) => m.to && JSON.stringify(m.to).includes(parent.email));
    expect(received?.subject).toBe('Your parent portal password expires in 10 days');
    expect(received?.text).toContain('Hilltop School');
    expect(received?.text).toContain('office@hilltop.example.org');
    expect(received?.text).toContain('https://portal.example.org/account/password');
    expect(received?.html).toContain('href="https://portal.example.org/account/password"');
  });

  it('is refused to every caller but the system', async () => {
    const parent = await newParent(db);
    await expect((await callerFor(db, parent)).jobs.passwordReminders()).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
