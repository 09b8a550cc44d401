import { recordAudit } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

/**
 * The newest emails in the outbox, for admins: with no SMTP server configured this is where the
 * messages are read. Bodies of delivered one-time links have already been wiped.
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
    text: row.text_body,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
  }));
}
