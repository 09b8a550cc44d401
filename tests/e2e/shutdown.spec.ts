import { expect, test } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { createDb } from '@schoolgate/db';
import { portalDataDir, startPortal } from './spawn-portal';

// Issue 11 item 6: SIGTERM with an email in flight. The process exits within 10 s; the email being
// sent is finished (or, when the mail server hangs, left claimed by this server, which takes it
// back at once when it starts again); nothing is lost or sent twice.
test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

interface SlowMailServer {
  url: string;
  subjects: string[];
  /** How many messages have started to arrive (DATA begun), accepted or not. */
  started(): number;
  delayMs: number;
  close(): Promise<void>;
}

async function slowMailServer(): Promise<SlowMailServer> {
  let started = 0;
  const state = { delayMs: 0 };
  const subjects: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      started += 1;
      const delay = state.delayMs;
      simpleParser(stream).then((mail) => {
        setTimeout(() => {
          subjects.push(mail.subject ?? '');
          callback();
        }, delay);
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    subjects,
    started: () => started,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value) {
      state.delayMs = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const RESET_SUBJECT = 'Reset your parent portal password';

async function askForReset(portalUrl: string, identifier: string): Promise<void> {
  const response = await fetch(`${portalUrl}/api/trpc/auth.requestPasswordReset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier }),
  });
  expect(response.status).toBe(200);
}

/** Waits until the portal's outbox is empty, as its health check reports it. */
async function drained(portalUrl: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const health = (await (await fetch(`${portalUrl}/health`)).json()) as {
          email: { waiting: number };
        };
        return health.email.waiting;
      },
      { timeout: 60_000 },
    )
    .toBe(0);
}

async function resetEmails(name: string) {
  const db = createDb(`file:${portalDataDir(name)}`);
  try {
    return await db
      .selectFrom('email_outbox')
      .select(['status', 'claimed_by'])
      .where('kind', '=', 'password_reset')
      .execute();
  } finally {
    await db.destroy();
  }
}

test('the email being sent is finished and the rest handed back; exit within 10 s', async () => {
  const mail = await slowMailServer();
  try {
    const portal = await startPortal('shutdown', { SMTP_URL: mail.url });
    await drained(portal.url);
    mail.delayMs = 4_000;
    const before = mail.started();
    for (const parent of ['demo.parent', 'demo.parent9', 'demo.parent7']) {
      await askForReset(portal.url, parent);
    }
    await expect.poll(() => mail.started(), { timeout: 30_000 }).toBeGreaterThan(before);

    const { ms, code } = await portal.stop();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(portal.output()).toContain('Schoolgate: stopped.');

    const rows = await resetEmails('shutdown');
    expect(rows).toHaveLength(3);
    // Nothing left half-sent: each is either delivered once or waiting for the next start.
    expect(rows.filter((row) => row.status === 'sending')).toEqual([]);
    const sent = rows.filter((row) => row.status === 'sent').length;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(mail.subjects.filter((subject) => subject === RESET_SUBJECT)).toHaveLength(sent);
  } finally {
    await mail.close();
  }
});

test('a mail server that hangs does not hold the exit; the restarted server sends the email at once', async () => {
  const mail = await slowMailServer();
  try {
    const portal = await startPortal('shutdown-hung', { SMTP_URL: mail.url });
    await drained(portal.url);
    mail.delayMs = 120_000;
    const before = mail.started();
    await askForReset(portal.url, 'demo.parent');
    await expect.poll(() => mail.started(), { timeout: 30_000 }).toBeGreaterThan(before);

    const { ms, code } = await portal.stop();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    const [held] = await resetEmails('shutdown-hung');
    expect(held?.status).toBe('sending');
    expect(held?.claimed_by).toMatch(new RegExp(`:web:${portal.port}$`));

    // The same server again (same port, same database): its claim is taken back at once, not
    // after the lease; the mail server answers promptly now.
    mail.delayMs = 0;
    const again = await startPortal(
      'shutdown-hung',
      { SMTP_URL: mail.url },
      { port: portal.port, keepData: true },
    );
    try {
      await expect
        .poll(() => mail.subjects.filter((s) => s === RESET_SUBJECT).length, { timeout: 15_000 })
        .toBe(1);
    } finally {
      await again.stop();
    }
    expect(await resetEmails('shutdown-hung')).toEqual([
      expect.objectContaining({ status: 'sent' }),
    ]);
  } finally {
    await mail.close();
  }
});
