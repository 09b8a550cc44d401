import { hostname } from 'node:os';
import type { Database } from '@schoolgate/db';
import { retryDelaySeconds } from './backoff';
import { isPermanentRefusal, safeErrorText } from './errors';
import { messageIdFor } from './message-id';
import { openBody } from './sealed-body';
import { secretKey } from './secret-key';
import type { MailTransport } from './transport';

export interface DeliveryOptions {
  /** The clock for every timestamp written (the caller's, so tests can move time on). */
  now: Date;
  /** The From header, e.g. 'Northfield Academy <no-reply@northfield.example>'. */
  from: string;
  /** How many messages one run claims (default 20). */
  batchSize?: number;
  /**
   * Who is sending, kept on each claim. A server gives the same name after a restart, so it takes
   * back at once what it held when it died (see releaseOwnClaims). Default: host and process id.
   */
  workerId?: string;
  /** How long a claim lasts unless renewed (default 60 s); it is renewed while the batch runs. */
  leaseSeconds?: number;
  /** Aborting stops the batch after the message being sent; the rest are handed back. */
  signal?: AbortSignal;
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
  give_up_at: Date;
}

interface Claim {
  id: string;
  now: Date;
}

/**
 * Delivers one batch of due messages: pending ones whose next attempt is due, and ones left
 * 'sending' by a worker whose lease has passed. The claim is one UPDATE over rows picked
 * `for update skip locked`, so two workers (two app servers) never take the same message; it is
 * renewed while the batch runs, so a slow mail server cannot make it lapse under a message being
 * sent. Sending happens outside any transaction; each outcome is written only by the claim that
 * sent it, so a message is marked sent exactly once.
 *
 * Delivery is at least once: a worker that dies after the mail server accepted a message but
 * before recording it sends it again. Every message carries the same Message-ID on every attempt
 * (see messageIdFor), so mail systems that drop repeats can.
 *
 * One run is one batch, with one `now`; call it again (with a fresh clock) for the next batch.
 */
export async function deliverDueEmails(
  db: Database,
  transport: MailTransport,
  options: DeliveryOptions,
): Promise<DeliveryReport> {
  const { now, from, signal } = options;
  const batchSize = options.batchSize ?? 20;
  const leaseSeconds = options.leaseSeconds ?? 60;
  const workerId = options.workerId ?? defaultWorkerId();
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  if (signal?.aborted) return report;

  const claim: Claim = { id: crypto.randomUUID(), now };
  const claimed = await claimDue(db, claim, { workerId, leaseSeconds, batchSize });
  if (claimed.length === 0) return report;

  const lease = renewWhileSending(db, claim, leaseSeconds);
  try {
    for (const [index, message] of claimed.entries()) {
      if (signal?.aborted || lease.lost()) {
        await release(db, claim, claimed.slice(index));
        break;
      }
      const outcome = await deliverOne(db, transport, claim, message, from);
      if (outcome) report[outcome] += 1;
    }
  } finally {
    lease.stop();
  }
  return report;
}

async function deliverOne(
  db: Database,
  transport: MailTransport,
  claim: Claim,
  message: ClaimedMessage,
  from: string,
): Promise<keyof DeliveryReport | null> {
  try {
    if (message.text_body === null || message.html_body === null) {
      throw new Error('the message body is missing');
    }
    await transport.send({
      to: message.to_address,
      from,
      subject: message.subject,
      text: opened(message.text_body, message),
      html: opened(message.html_body, message),
      messageId: messageIdFor(message.id, from),
    });
  } catch (error) {
    return recordFailure(db, claim, message, error);
  }
  return (await recordSent(db, claim, message)) ? 'sent' : null;
}

/** A sealed one-time link is opened only here, in memory, for the moment of sending. */
function opened(body: string, message: ClaimedMessage): string {
  return message.contains_secret ? openBody(body, secretKey(), message.id) : body;
}

/**
 * Takes back, at once, every message this worker held when it stopped or died: a restarted server
 * need not wait for its old leases to run out. Call it before the worker's first run.
 */
export async function releaseOwnClaims(db: Database, workerId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('email_outbox')
    .set({ status: 'pending', next_attempt_at: now, locked_until: null, claim_id: null })
    .where('status', '=', 'sending')
    .where('claimed_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}`;
}

async function claimDue(
  db: Database,
  claim: Claim,
  options: { workerId: string; leaseSeconds: number; batchSize: number },
): Promise<ClaimedMessage[]> {
  const { now } = claim;
  return db
    .updateTable('email_outbox')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      locked_until: addSeconds(now, options.leaseSeconds),
      claimed_by: options.workerId,
      claim_id: claim.id,
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
        .limit(options.batchSize)
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
      'give_up_at',
    ])
    .execute()
    .then((rows) => rows.sort(oldestFirst));
}

/**
 * Keeps the claim's lease ahead of the clock while the batch runs (every third of a lease). If a
 * renewal fails (the database is away), the batch stops after the message in hand, since another
 * worker may take the rest over once the lease passes.
 */
function renewWhileSending(db: Database, claim: Claim, leaseSeconds: number) {
  const started = performance.now();
  let lost = false;
  const timer = setInterval(
    () => {
      const elapsedSeconds = (performance.now() - started) / 1000;
      db.updateTable('email_outbox')
        .set({ locked_until: addSeconds(claim.now, elapsedSeconds + leaseSeconds) })
        .where('claim_id', '=', claim.id)
        .where('status', '=', 'sending')
        .execute()
        .catch(() => {
          lost = true;
        });
    },
    (leaseSeconds * 1000) / 3,
  );
  timer.unref();
  return { lost: () => lost, stop: () => clearInterval(timer) };
}

/** RETURNING keeps no order: send in the order the messages were queued. */
function oldestFirst(a: ClaimedMessage, b: ClaimedMessage): number {
  return a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1);
}

/** A one-time link is kept only until the message is sent or given up. */
function wipeSecret(message: ClaimedMessage) {
  return message.contains_secret ? { text_body: null, html_body: null } : {};
}

/** The outcome of a send is written only while our claim still holds the message. */
function ownClaim(db: Database, claim: Claim, messageId: string) {
  return db
    .updateTable('email_outbox')
    .where('id', '=', messageId)
    .where('status', '=', 'sending')
    .where('claim_id', '=', claim.id);
}

/** Marks a message sent, once; a one-time link's body is wiped at the same moment. */
async function recordSent(db: Database, claim: Claim, message: ClaimedMessage): Promise<boolean> {
  const result = await ownClaim(db, claim, message.id)
    .set({
      status: 'sent',
      sent_at: claim.now,
      locked_until: null,
      claim_id: null,
      last_error: null,
      ...wipeSecret(message),
    })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Schedules the next attempt; or gives the message up when the mail server refused it for good,
 * or when the next attempt would fall after its retry window. A message given up wipes a one-time
 * link too, since it will never be sent.
 */
async function recordFailure(
  db: Database,
  claim: Claim,
  message: ClaimedMessage,
  error: unknown,
): Promise<'retrying' | 'failed' | null> {
  const nextAttemptAt = addSeconds(claim.now, retryDelaySeconds(message.attempts));
  const permanent = isPermanentRefusal(error);
  const giveUp = permanent || nextAttemptAt > message.give_up_at;
  const reason = safeErrorText(error);
  const result = giveUp
    ? await ownClaim(db, claim, message.id)
        .set({
          status: 'failed',
          locked_until: null,
          claim_id: null,
          last_error: permanent
            ? `Refused by the mail server: ${reason}`
            : `Could not be delivered before the retries ran out: ${reason}`,
          ...wipeSecret(message),
        })
        .executeTakeFirst()
    : await ownClaim(db, claim, message.id)
        .set({
          status: 'pending',
          next_attempt_at: nextAttemptAt,
          locked_until: null,
          claim_id: null,
          last_error: reason,
        })
        .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return null;
  return giveUp ? 'failed' : 'retrying';
}

/** Hands unsent messages back, uncounted, for the next run to claim afresh. */
async function release(db: Database, claim: Claim, messages: ClaimedMessage[]): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set((eb) => ({
      status: 'pending',
      attempts: eb('attempts', '-', 1),
      locked_until: null,
      claim_id: null,
    }))
    .where(
      'id',
      'in',
      messages.map((m) => m.id),
    )
    .where('status', '=', 'sending')
    .where('claim_id', '=', claim.id)
    .execute();
}

function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}
