import { recordAudit } from '@schoolgate/db';
import { openBody, secretKey } from '@schoolgate/email';
import type { Context, SessionUser } from '../core';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

/**
 * The newest emails in the outbox, for admins: with no SMTP server configured this is where the
 * messages are read. A one-time link (activation, password reset) is never shown: anyone can ask
 * for a reset of any account, so an admin who could read the link could take the account over. Its
 * body is wiped once the message is delivered or given up.
 */
export async function listOutbox(
  ctx: Context & { user: SessionUser },
  filter: { status?: (typeof OUTBOX_STATUSES)[number] | undefined; limit: number },
) {
  let query = ctx.db
    .selectFrom('email_outbox')
    .select([
      'id',
      'created_at',
      'kind',
      'to_address',
      'subject',
      'text_body',
      'status',
      'attempts',
      'next_attempt_at',
      'last_error',
      'sent_at',
      'contains_secret',
    ])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query.execute();
  await recordAudit(ctx.db, {
    at: ctx.now(),
    action: 'view.email_outbox',
    actorUserId: ctx.user.id,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: { messages: rows.length, status: filter.status ?? 'any' },
  });
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    text: row.contains_secret ? maskedText(row.id, row.text_body) : row.text_body,
    holdsOneTimeLink: row.contains_secret,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
  }));
}

export const HIDDEN_LINK = '[one-time link: hidden, it works only for the person it is sent to]';

/** The text of a message that carries a one-time link: opened, with every link hidden. */
function maskedText(id: string, stored: string | null): string | null {
  if (stored === null) return null;
  try {
    return maskLinks(openBody(stored, secretKey(), id));
  } catch {
    return 'This email holds a one-time link sealed with another server’s key.';
  }
}

/** Every web address in a message that carries a one-time link, replaced by a plain note. */
export function maskLinks(text: string | null): string | null {
  return text === null ? null : text.replace(/\bhttps?:\/\/[^\s<>"]+/gi, HIDDEN_LINK);
}
