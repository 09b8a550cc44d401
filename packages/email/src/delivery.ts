import type { Database } from '@schoolgate/db';
import { retryDelaySeconds } from './backoff';
import { safeErrorText } from './errors';
import type { MailTransport } from './transport';

export interface DeliveryOptions {
  /** The clock for every timestamp written (the caller's, so tests can move time on). */
  now: Date;
  /** The From header, e.g. 'Northfield Academy <no-reply@northfield.example>'. */
  from: string;
  /** How many messages one run claims (default 20). */
  batchSize?: number;
  /** Attempts before a message is given up as 'failed' (default 8). */
  maxAttempts?: number;
  /** How long a claim lasts before another worker may take the message over (default 300 s). */
  leaseSeconds?: number;
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

interface ClaimedMessage {
  id: string;
  to_address: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  contains_secret: boolean;
  attempts: number;
  created_at: Date;
}

/**
 * Delivers one batch of due messages: pending ones whose next attempt is due, and ones left
 * 'sending' by a worker that crashed (its lease has passed). The claim is one UPDATE over rows
 * picked `for update skip locked`, so two workers (two app servers) never take the same message.
 * Sending happens outside any transaction; each outcome is written with `status = 'sending'` in
 * its WHERE, so a message is marked sent exactly once. Delivery is at least once: a worker that
 * crashes after the server accepted a message but before recording it will see it sent again.
 *
 * One run is one batch, with one `now`; call it again (with a fresh clock) for the next batch.
 */
export async function deliverDueEmails(
  db: Database,
  transport: MailTransport,
  options: DeliveryOptions,
): Promise<DeliveryReport> {
  const { now, from } = options;
  const batchSize = options.batchSize ?? 20;
  const maxAttempts = options.maxAttempts ?? 8;
  const leaseSeconds = options.leaseSeconds ?? 300;
  const lockedUntil = addSeconds(now, leaseSeconds);
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };

  // The lease is counted from `now`; if the batch runs long in real time, hand the rest back
  // before the lease can run out under a message we have not sent yet.
  const startedAt = performance.now();
  const sendBy = (leaseSeconds * 1000) / 2;
  const claimed = await claim(db, now, lockedUntil, batchSize);

  for (const [index, message] of claimed.entries()) {
    if (performance.now() - startedAt > sendBy) {
      await release(db, claimed.slice(index), lockedUntil);
      break;
    }
    try {
      if (message.text_body === null || message.html_body === null) {
        throw new Error('the message body is missing');
      }
      await transport.send({
        to: message.to_address,
        from,
        subject: message.subject,
        text: message.text_body,
        html: message.html_body,
      });
    } catch (error) {
      const outcome = await recordFailure(db, message, error, { now, lockedUntil, maxAttempts });
      if (outcome) report[outcome] += 1;
      continue;
    }
    if (await recordSent(db, message, now)) report.sent += 1;
  }
  return report;
}

async function claim(
  db: Database,
  now: Date,
  lockedUntil: Date,
  batchSize: number,
): Promise<ClaimedMessage[]> {
  return db
    .updateTable('email_outbox')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      locked_until: lockedUntil,
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('email_outbox')
        .select('id')
        .where((w) =>
          w.or([
            w.and([w('status', '=', 'pending'), w('next_attempt_at', '<=', now)]),
            w.and([w('status', '=', 'sending'), w('locked_until', '<', now)]),
          ]),
        )
        .orderBy('created_at')
        .orderBy('id')
        .limit(batchSize)
        .forUpdate()
        .skipLocked(),
    )
    .returning([
      'id',
      'to_address',
      'subject',
      'text_body',
      'html_body',
      'contains_secret',
      'attempts',
      'created_at',
    ])
    .execute()
    .then((rows) => rows.sort(oldestFirst));
}

/** RETURNING keeps no order: send in the order the messages were queued. */
function oldestFirst(a: ClaimedMessage, b: ClaimedMessage): number {
  return a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1);
}

/** A one-time link is kept only until the message is sent or given up. */
function wipeSecret(message: ClaimedMessage) {
  return message.contains_secret ? { text_body: null, html_body: null } : {};
}

/** Marks a message sent, once; a one-time link's body is wiped at the same moment. */
async function recordSent(db: Database, message: ClaimedMessage, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('email_outbox')
    .set({
      status: 'sent',
      sent_at: now,
      locked_until: null,
      last_error: null,
      ...wipeSecret(message),
    })
    .where('id', '=', message.id)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Schedules the next attempt, or gives up after `maxAttempts`; a message given up wipes a one-time
 * link too, since it will never be sent. Only our own claim is updated (another worker may have
 * taken the message over after our lease ran out).
 */
async function recordFailure(
  db: Database,
  message: ClaimedMessage,
  error: unknown,
  claim: { now: Date; lockedUntil: Date; maxAttempts: number },
): Promise<'retrying' | 'failed' | null> {
  const lastError = safeErrorText(error);
  const giveUp = message.attempts >= claim.maxAttempts;
  const query = db
    .updateTable('email_outbox')
    .where('id', '=', message.id)
    .where('status', '=', 'sending')
    .where('locked_until', '=', claim.lockedUntil);
  const result = giveUp
    ? await query
        .set({
          status: 'failed',
          locked_until: null,
          last_error: lastError,
          ...wipeSecret(message),
        })
        .executeTakeFirst()
    : await query
        .set({
          status: 'pending',
          next_attempt_at: addSeconds(claim.now, retryDelaySeconds(message.attempts)),
          locked_until: null,
          last_error: lastError,
        })
        .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return null;
  return giveUp ? 'failed' : 'retrying';
}

/** Hands unsent messages back, uncounted, for the next run to claim afresh. */
async function release(db: Database, messages: ClaimedMessage[], lockedUntil: Date): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set((eb) => ({ status: 'pending', attempts: eb('attempts', '-', 1), locked_until: null }))
    .where(
      'id',
      'in',
      messages.map((m) => m.id),
    )
    .where('status', '=', 'sending')
    .where('locked_until', '=', lockedUntil)
    .execute();
}

function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}
