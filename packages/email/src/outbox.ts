import type { Database } from '@schoolgate/db';
import { giveUpAt } from './backoff';
import type { ComposedEmail } from './compose';
import { sealBody } from './sealed-body';
import { secretKey } from './secret-key';

export interface OutboxMessage extends ComposedEmail {
  to: string;
  /** What the email is for, e.g. 'password_reminder', 'password_changed', 'activation'. */
  kind: string;
  /** Idempotency: a second message with the same key is not queued. */
  dedupeKey?: string;
  /**
   * Carries a one-time link: the bodies are stored sealed with the server's key (see secretKey) and
   * wiped (set to null) once delivered or given up.
   */
  containsSecret?: boolean;
}

/**
 * Queues a message for the delivery worker. Pass the transaction (`trx`) that makes the change the
 * email is about, so both are kept or neither is (transactional outbox). Returns false, and queues
 * nothing, when a message with the same `dedupeKey` already exists; a single
 * `insert … on conflict do nothing` makes that safe when two servers try at once.
 */
export async function enqueueEmail(
  db: Database,
  message: OutboxMessage,
  now: Date,
): Promise<boolean> {
  const id = crypto.randomUUID();
  const body = (text: string) => (message.containsSecret ? sealBody(text, secretKey(), id) : text);
  const inserted = await db
    .insertInto('email_outbox')
    .values({
      id,
      created_at: now,
      kind: message.kind,
      to_address: message.to.trim(),
      subject: message.subject,
      text_body: body(message.text),
      html_body: body(message.html),
      contains_secret: message.containsSecret ?? false,
      dedupe_key: message.dedupeKey ?? null,
      status: 'pending',
      next_attempt_at: now,
      give_up_at: giveUpAt(now),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}
