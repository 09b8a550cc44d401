import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import {
  composeEmail,
  deliverDueEmails,
  enqueueEmail,
  smtpTransport,
  startEmailWorker,
  startOutboxLogger,
  type OutboxMessage,
} from '@schoolgate/email';
import { freshDatabase } from './support/database';
import { startMailServer, type MailServer } from './support/mail-server';

// Mail goes through nodemailer (smtpTransport) to a real SMTP server from `smtp-server` on
// 127.0.0.1. A plain smtp:// URL to a loopback host skips STARTTLS (see smtpOptionsFromUrl), and
// the server offers none.

/** A loopback port that nothing listens on (until a test starts a server there). */
async function closedPort(): Promise<number> {
  const server = await startMailServer();
  await server.close();
  return server.port;
}

const T0 = new Date('2026-03-02T09:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const FROM = 'Northfield Academy <no-reply@northfield.example>';
const school = { name: 'Northfield Academy', enquiriesEmail: 'enquiries@northfield.example' };

function message(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    ...composeEmail({
      school,
      subject: 'Your portal password expires in 10 days',
      greeting: 'Dear Nadia Okafor,',
      paragraphs: ['Your password for the parent portal expires on 12 March 2026.'],
      action: { label: 'Change your password', url: 'https://portal.northfield.example/password' },
    }),
    to: 'nadia.okafor@example.com',
    kind: 'password_reminder',
    ...overrides,
  };
}

let db: Database;
let mail: MailServer;

beforeAll(async () => {
  db = await freshDatabase();
  mail = await startMailServer();
});
afterAll(() => mail.close());

beforeEach(async () => {
  await db.deleteFrom('email_outbox').execute();
  mail.received.length = 0;
});

const transport = () => smtpTransport(`smtp://127.0.0.1:${mail.port}`);

function outbox() {
  return db
    .selectFrom('email_outbox')
    .select([
      'id',
      'kind',
      'to_address',
      'subject',
      'text_body',
      'html_body',
      'status',
      'attempts',
      'next_attempt_at',
      'locked_until',
      'last_error',
      'sent_at',
      'claimed_by',
    ])
    .orderBy('created_at')
    .execute();
}

async function onlyRow() {
  const rows = await outbox();
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('delivering the outbox', () => {
  it('sends a queued message over SMTP and marks it sent once', async () => {
    expect(await enqueueEmail(db, message(), T0)).toBe(true);

    const report = await deliverDueEmails(db, transport(), { now: at(5), from: FROM });

    expect(report).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(mail.received).toHaveLength(1);
    const received = mail.received[0]!;
    expect(received.to && !Array.isArray(received.to) && received.to.text).toBe(
      'nadia.okafor@example.com',
    );
    expect(received.from?.value[0]).toMatchObject({
      name: 'Northfield Academy',
      address: 'no-reply@northfield.example',
    });
    expect(received.subject).toBe('Your portal password expires in 10 days');
    expect(received.text).toContain('https://portal.northfield.example/password');
    expect(received.text).toContain('enquiries@northfield.example');
    expect(received.html).toContain('<html lang="en-GB">');
    expect(received.html).toContain('Change your password</a>');

    expect(await onlyRow()).toMatchObject({
      status: 'sent',
      attempts: 1,
      sent_at: at(5),
      locked_until: null,
      last_error: null,
    });

    const again = await deliverDueEmails(db, transport(), { now: at(3600), from: FROM });
    expect(again).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(mail.received).toHaveLength(1);
  });

  it('keeps the bodies of a normal message and wipes those of a one-time link', async () => {
    await enqueueEmail(db, message({ kind: 'password_changed', subject: 'Normal' }), T0);
    await enqueueEmail(
      db,
      message({ kind: 'activation', subject: 'Secret', containsSecret: true }),
      at(1),
    );
    // Until it is sent, the one-time link is stored sealed with the server's key: a database
    // reader, a dump or a backup holds no working link.
    const waiting = (await outbox()).find((row) => row.subject === 'Secret')!;
    for (const body of [waiting.text_body, waiting.html_body]) {
      expect(body).toMatch(/^sealed:v1:/);
      expect(body).not.toContain('portal.northfield.example');
    }

    expect(await deliverDueEmails(db, transport(), { now: at(5), from: FROM })).toEqual({
      sent: 2,
      retrying: 0,
      failed: 0,
    });

    const [normal, secret] = await outbox();
    expect(normal).toMatchObject({ subject: 'Normal', status: 'sent' });
    expect(normal!.text_body).toContain('https://portal.northfield.example/password');
    expect(normal!.html_body).toContain('<html lang="en-GB">');
    expect(secret).toMatchObject({
      subject: 'Secret',
      status: 'sent',
      text_body: null,
      html_body: null,
    });
    // The link reached the parent before it was wiped.
    const delivered = mail.received.find((m) => m.subject === 'Secret');
    expect(delivered?.text).toContain('https://portal.northfield.example/password');
  });

  it('gives two workers running at once different messages: each is sent exactly once', async () => {
    for (let i = 1; i <= 8; i++) {
      await enqueueEmail(db, message({ subject: `Message ${i}` }), at(i));
    }

    const options = { now: at(60), from: FROM, batchSize: 5 };
    const reports = await Promise.all([
      deliverDueEmails(db, transport(), options),
      deliverDueEmails(db, transport(), options),
    ]);

    // Each run claimed its own share: one a full batch, the other the rest.
    expect(reports.map((r) => r.sent).sort()).toEqual([3, 5]);
    expect(mail.received).toHaveLength(8);
    expect(new Set(mail.received.map((m) => m.subject)).size).toBe(8);
    const rows = await outbox();
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);

    await deliverDueEmails(db, transport(), { ...options, now: at(3600) });
    expect(mail.received).toHaveLength(8);
  });

  it("takes over a message whose worker crashed once that worker's lease has passed", async () => {
    await enqueueEmail(db, message(), T0);
    // What a worker leaves behind when it dies after claiming a message (lease 300 s).
    await db
      .updateTable('email_outbox')
      .set({ status: 'sending', attempts: 1, locked_until: at(300) })
      .execute();

    expect((await deliverDueEmails(db, transport(), { now: at(60), from: FROM })).sent).toBe(0);
    expect(mail.received).toHaveLength(0);

    expect((await deliverDueEmails(db, transport(), { now: at(301), from: FROM })).sent).toBe(1);
    expect(mail.received).toHaveLength(1);
    expect(await onlyRow()).toMatchObject({ status: 'sent', attempts: 2, sent_at: at(301) });
  });
});

describe('queuing', () => {
  it('queues nothing when the transaction rolls back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await enqueueEmail(trx, message(), T0)).toBe(true);
        throw new Error('the change the email was about failed');
      }),
    ).rejects.toThrow('the change the email was about failed');
    expect(await outbox()).toHaveLength(0);

    await db.transaction().execute((trx) => enqueueEmail(trx, message(), T0));
    expect(await onlyRow()).toMatchObject({
      status: 'pending',
      attempts: 0,
      next_attempt_at: T0,
      kind: 'password_reminder',
      to_address: 'nadia.okafor@example.com',
    });
  });

  it('queues a message with the same dedupe key only once, even when asked at once', async () => {
    const key = 'password_reminder:user-1:2026-03-02';
    expect(await enqueueEmail(db, message({ dedupeKey: key }), T0)).toBe(true);
    expect(await enqueueEmail(db, message({ dedupeKey: key }), at(60))).toBe(false);

    const other = 'password_reminder:user-1:2026-03-03';
    const results = await Promise.all([
      enqueueEmail(db, message({ dedupeKey: other }), at(120)),
      enqueueEmail(db, message({ dedupeKey: other }), at(120)),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(await outbox()).toHaveLength(2);
  });
});

describe('when the mail server is down', () => {
  it('retries later, then delivers exactly once when the server is back', async () => {
    const port = await closedPort();
    const login = { user: 'mailer', pass: 's3cret-pass' };
    const downTransport = smtpTransport(`smtp://${login.user}:${login.pass}@127.0.0.1:${port}`);
    await enqueueEmail(db, message(), T0);

    const first = await deliverDueEmails(db, downTransport, { now: at(10), from: FROM });
    expect(first).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const row = await onlyRow();
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      locked_until: null,
      sent_at: null,
    });
    expect(row.next_attempt_at).toEqual(at(10 + 60));
    expect(row.last_error).toMatch(/ECONNREFUSED/);
    expect(row.last_error).not.toContain(login.pass);

    const server = await startMailServer({ port, login });
    try {
      // Back up, but the retry is not due yet.
      expect((await deliverDueEmails(db, downTransport, { now: at(69), from: FROM })).sent).toBe(0);
      expect(server.received).toHaveLength(0);

      const second = await deliverDueEmails(db, downTransport, { now: at(70), from: FROM });
      expect(second).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(await onlyRow()).toMatchObject({
        status: 'sent',
        attempts: 2,
        sent_at: at(70),
        last_error: null,
      });

      await deliverDueEmails(db, downTransport, { now: at(7200), from: FROM });
      expect(server.received).toHaveLength(1);
      // The URL's user and password were used to sign in to the server.
      expect(server.logins).toEqual([login.user]);
    } finally {
      await server.close();
    }
  });

  it('keeps trying for four days, at most an hour apart, then gives up and wipes a one-time link', async () => {
    const down = smtpTransport(`smtp://127.0.0.1:${await closedPort()}`);
    await enqueueEmail(db, message({ containsSecret: true }), T0);

    const attemptsAt: Date[] = [];
    let report = { sent: 0, retrying: 0, failed: 0 };
    let now = T0;
    while (report.failed === 0 && attemptsAt.length < 500) {
      report = await deliverDueEmails(db, down, { now, from: FROM });
      attemptsAt.push(now);
      now = (await onlyRow()).next_attempt_at;
    }

    const last = attemptsAt.at(-1)!;
    const hours = (last.getTime() - T0.getTime()) / 3_600_000;
    // Every attempt within four days of queuing, the last one less than an hour short of it.
    expect(hours).toBeGreaterThan(95);
    expect(hours).toBeLessThanOrEqual(96);
    const gaps = attemptsAt.slice(1).map((t, i) => t.getTime() - attemptsAt[i]!.getTime());
    expect(Math.max(...gaps)).toBe(3_600_000);
    const row = await onlyRow();
    expect(row).toMatchObject({
      status: 'failed',
      attempts: attemptsAt.length,
      locked_until: null,
    });
    expect(row.last_error).toMatch(
      /^Could not be delivered before the retries ran out: .*ECONNREFUSED/,
    );
    // A one-time link that will never be sent is not kept either.
    expect(row).toMatchObject({ text_body: null, html_body: null });

    const later = await deliverDueEmails(db, transport(), { now: at(30 * 86_400), from: FROM });
    expect(later).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(mail.received).toHaveLength(0);
  });

  it('delivers every message exactly once after a weekend outage: down, then answering 451', async () => {
    for (let i = 1; i <= 2; i++) await enqueueEmail(db, message({ subject: `Notice ${i}` }), at(i));
    const port = await closedPort();
    const send = smtpTransport(`smtp://127.0.0.1:${port}`);
    // Each attempt that falls due is made: the next run is at the earliest next attempt.
    const runUntil = async (end: Date, from: Date) => {
      let now = from;
      let attempts = 0;
      while (now < end) {
        const report = await deliverDueEmails(db, send, { now, from: FROM });
        expect(report).toMatchObject({ sent: 0, failed: 0 });
        attempts += report.retrying;
        const due = await db
          .selectFrom('email_outbox')
          .select((eb) => eb.fn.min('next_attempt_at').as('next'))
          .executeTakeFirstOrThrow();
        now = new Date(due.next!);
      }
      return { attempts, now };
    };
    // Friday 17:00 to Tuesday 04:00 the mail server is off; then it answers 451 until 08:00.
    const down = await runUntil(at(83 * 3600), at(10));
    const server = await startMailServer({ port });
    server.refuseWith = { code: 451, message: 'Try again later' };
    try {
      const refusing = await runUntil(at(87 * 3600), down.now);
      // Hourly at most: about ninety attempts each, none given up, the last ones refused with 451.
      expect(down.attempts + refusing.attempts).toBeGreaterThan(2 * 87);
      expect(refusing.attempts).toBeGreaterThanOrEqual(2 * 3);
      const waiting = await outbox();
      expect(waiting.every((row) => row.status === 'pending')).toBe(true);
      expect(waiting[0]!.last_error).toMatch(/451 Try again later/);

      // Back: within the hour every message is delivered, once.
      server.refuseWith = null;
      let sent = 0;
      for (let minutes = 0; minutes <= 60; minutes += 10) {
        const now = at(87 * 3600 + minutes * 60);
        sent += (await deliverDueEmails(db, send, { now, from: FROM })).sent;
      }
      expect(sent).toBe(2);
      expect(server.received.map((m) => m.subject).sort()).toEqual(['Notice 1', 'Notice 2']);
    } finally {
      await server.close();
    }
  });

  it('gives a message up at once when the mail server refuses its address for good (550)', async () => {
    await enqueueEmail(db, message({ to: 'nobody@example.com' }), T0);
    mail.refuseWith = { code: 550, message: 'No such user here' };
    try {
      expect(await deliverDueEmails(db, transport(), { now: at(5), from: FROM })).toEqual({
        sent: 0,
        retrying: 0,
        failed: 1,
      });
    } finally {
      mail.refuseWith = null;
    }
    const row = await onlyRow();
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toMatch(/^Refused by the mail server: .*550 No such user here/);
    // Kept, so an admin can read it and send it again once the address is right.
    expect(row.text_body).toContain('Your password for the parent portal expires');
  });
});

describe('after a crash', () => {
  it('sends a repeat with the same Message-ID, so the receiving system can drop it', async () => {
    await enqueueEmail(db, message(), T0);
    await deliverDueEmails(db, transport(), { now: at(5), from: FROM });
    // The crash: the server accepted the message but the worker died before recording it.
    await db
      .updateTable('email_outbox')
      .set({ status: 'sending', sent_at: null, locked_until: at(65) })
      .execute();
    await deliverDueEmails(db, transport(), { now: at(66), from: FROM });

    expect(mail.received).toHaveLength(2);
    const [first, repeat] = mail.received.map((m) => m.messageId);
    const { id } = await onlyRow();
    expect(first).toBe(`<${id}@northfield.example>`);
    expect(repeat).toBe(first);
  });

  it("lets a restarted worker take back its own claims at once, and others' only when their lease ends", async () => {
    await enqueueEmail(db, message({ subject: 'Mine' }), T0);
    await enqueueEmail(db, message({ subject: 'Theirs' }), at(1));
    const held = (subject: string, claimedBy: string) =>
      db
        .updateTable('email_outbox')
        .set({ status: 'sending', attempts: 1, locked_until: at(60), claimed_by: claimedBy })
        .where('subject', '=', subject)
        .execute();
    await held('Mine', 'web-1:3000');
    await held('Theirs', 'web-2:3000');

    const stop = startEmailWorker(db, transport(), {
      from: FROM,
      workerId: 'web-1:3000',
      intervalMs: 20,
      now: () => at(10),
    });
    try {
      await expect
        .poll(() => mail.received.map((m) => m.subject), { timeout: 5_000 })
        .toEqual(['Mine']);
    } finally {
      await stop();
    }
    const theirs = (await outbox()).find((row) => row.subject === 'Theirs');
    expect(theirs).toMatchObject({ status: 'sending', claimed_by: 'web-2:3000' });

    await deliverDueEmails(db, transport(), { now: at(61), from: FROM });
    expect(mail.received.map((m) => m.subject)).toEqual(['Mine', 'Theirs']);
  });

  it('renews the lease while a slow mail server takes its time, so no other worker sends it too', async () => {
    await enqueueEmail(db, message({ subject: 'Slow' }), T0);
    mail.acceptDelayMs = 2_500;
    try {
      const slow = deliverDueEmails(db, transport(), {
        now: at(5),
        from: FROM,
        leaseSeconds: 3,
        workerId: 'slow',
      });
      // The claim was made until at(8); wait until the worker has pushed it further on.
      await expect
        .poll(async () => (await onlyRow()).locked_until?.getTime() ?? 0, {
          timeout: 5_000,
          interval: 50,
        })
        .toBeGreaterThan(at(8).getTime());
      // A second worker whose clock is past the first lease finds nothing to take.
      const other = await deliverDueEmails(db, transport(), { now: at(8.5), from: FROM });
      expect(other).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(await slow).toEqual({ sent: 1, retrying: 0, failed: 0 });
    } finally {
      mail.acceptDelayMs = 0;
    }
    expect(mail.received).toHaveLength(1);
  });
});

describe('the background worker', () => {
  it('delivers queued mail on its timer, and stops', async () => {
    const stop = startEmailWorker(db, transport(), {
      from: FROM,
      intervalMs: 20,
      now: () => at(30),
    });
    try {
      await enqueueEmail(db, message(), T0);
      await expect.poll(() => mail.received.length, { timeout: 5_000 }).toBe(1);
    } finally {
      await stop();
    }
    await expect.poll(async () => (await onlyRow()).status).toBe('sent');
    expect((await onlyRow()).sent_at).toEqual(at(30));
  });

  it('on stop, finishes the email being sent and hands the rest of its batch back', async () => {
    for (let i = 1; i <= 3; i++) await enqueueEmail(db, message({ subject: `Batch ${i}` }), at(i));
    mail.acceptDelayMs = 600;
    try {
      const stop = startEmailWorker(db, transport(), {
        from: FROM,
        workerId: 'stopping',
        intervalMs: 20,
        now: () => at(30),
      });
      await expect
        .poll(async () => (await outbox()).filter((r) => r.status === 'sending').length)
        .toBe(3);
      await stop();
    } finally {
      mail.acceptDelayMs = 0;
    }
    const rows = await outbox();
    expect(rows.map((r) => [r.subject, r.status, r.attempts])).toEqual([
      ['Batch 1', 'sent', 1],
      ['Batch 2', 'pending', 0],
      ['Batch 3', 'pending', 0],
    ]);
    expect(mail.received.map((m) => m.subject)).toEqual(['Batch 1']);
  });

  it('does not let a mail server that hangs hold up a stop; the restarted worker takes the email back', async () => {
    await enqueueEmail(db, message({ subject: 'Hung' }), T0);
    mail.acceptDelayMs = 3_000;
    try {
      const stop = startEmailWorker(db, transport(), {
        from: FROM,
        workerId: 'web-1:3000',
        intervalMs: 20,
        now: () => at(30),
      });
      await expect.poll(async () => (await onlyRow()).status).toBe('sending');
      const started = performance.now();
      await stop({ waitMs: 300 });
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      mail.acceptDelayMs = 0;
    }
    expect(await onlyRow()).toMatchObject({ status: 'sending', claimed_by: 'web-1:3000' });

    const restarted = startEmailWorker(db, transport(), {
      from: FROM,
      workerId: 'web-1:3000',
      intervalMs: 20,
      now: () => at(40),
    });
    try {
      await expect.poll(async () => (await onlyRow()).status, { timeout: 5_000 }).toBe('sent');
    } finally {
      await restarted();
    }
  });
});

describe('without an SMTP server, in development', () => {
  it('prints each newly queued email to the log and leaves it waiting in the outbox', async () => {
    const lines: string[] = [];
    const stop = startOutboxLogger(db, (text) => lines.push(text), { intervalMs: 50 });
    try {
      await enqueueEmail(
        db,
        {
          ...composeEmail({
            school: { name: 'Hilltop School', enquiriesEmail: 'office@hilltop.example.org' },
            subject: 'Printed, not sent',
            paragraphs: ['Follow the link.'],
          }),
          to: 'printed@example.org',
          kind: 'test',
        },
        new Date(Date.now() + 1000),
      );
      await expect
        .poll(() => lines.join('\n'), { timeout: 5000 })
        .toContain('to printed@example.org: Printed, not sent');
      const row = await db
        .selectFrom('email_outbox')
        .select('status')
        .where('to_address', '=', 'printed@example.org')
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('pending');
    } finally {
      stop();
    }
  });
});
