import { recordAudit } from '@schoolgate/db';
import { giveUpAt } from '@schoolgate/email';
import type { Context, SessionUser } from '../core';

export interface ResendResult {
  /** Messages queued again, with a fresh retry window. */
  resent: number;
  /** Failed messages whose one-time link was wiped: a new link must be sent from the person's page. */
  linksWiped: number;
}

/**
 * Puts failed emails back in the queue (one, or every failed one), as if newly queued: retried from
 * a minute away for another four days. A message that carried a one-time link was wiped when it was
 * given up and cannot be resent; it is counted so the admin is told what to do instead.
 */
export async function resendFailedEmails(
  ctx: Context & { user: SessionUser },
  which: { id?: string | undefined },
): Promise<ResendResult> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    let failed = trx.updateTable('email_outbox').where('status', '=', 'failed');
    if (which.id) failed = failed.where('id', '=', which.id);
    const resent = await failed
      .where('text_body', 'is not', null)
      .where('html_body', 'is not', null)
      .set({
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        give_up_at: giveUpAt(now),
        last_error: null,
      })
      .executeTakeFirst();
    let wiped = trx
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'failed')
      .where('contains_secret', '=', true)
      .where('text_body', 'is', null);
    if (which.id) wiped = wiped.where('id', '=', which.id);
    const { n } = await wiped.executeTakeFirstOrThrow();
    const result = { resent: Number(resent.numUpdatedRows), linksWiped: Number(n) };
    if (result.resent > 0) {
      await recordAudit(trx, {
        at: now,
        action: 'email.resent',
        actorUserId: ctx.user.id,
        ip: ctx.meta.ip,
        userAgent: ctx.meta.userAgent,
        details: { messages: result.resent, ...(which.id ? { id: which.id } : { all: true }) },
      });
    }
    return result;
  });
}
