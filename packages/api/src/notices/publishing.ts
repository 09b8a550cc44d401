import { recordAudit } from '@schoolgate/db';
import { AppError, actorOf, submitOnce, type SignedInContext } from '../core';
import { noticeStatus, schoolTimeToInstant, type NoticeStatus } from './publishing-rules';
import { queueNoticeEmails } from './emails';
import { lockNotice, refuse, timeZoneOf, type Db } from './draft-checks';

// Publishing, withdrawing and deleting a notice; parents are emailed once when it goes live.

export interface PublishedNotice {
  id: string;
  status: NoticeStatus;
  publishAt: Date;
  emailsQueued: number | null;
}

/**
 * Publishes a draft or scheduled notice now, or schedules it for a later wall-clock time. Going
 * live with email on queues the parents' emails in the same transaction; a scheduled notice is
 * emailed by the `jobs.noticeEmails` job once its time has come.
 */
export async function publishNotice(
  ctx: SignedInContext,
  input: { noticeId: string; publishAt?: string | undefined; submissionKey?: string | undefined },
): Promise<PublishedNotice> {
  const now = ctx.now();
  const submission = { purpose: 'notice.publish', userId: ctx.user.id, input };
  // Stored as JSON for a repeat of the same form, so the time travels as text.
  const published = await ctx.db
    .transaction()
    .execute((trx) => submitOnce(trx, now, submission, () => publish(trx, ctx, input, now)));
  return { ...published, publishAt: new Date(published.publishAt) };
}

async function publish(
  trx: Db,
  ctx: SignedInContext,
  input: { noticeId: string; publishAt?: string | undefined },
  now: Date,
) {
  const notice = await lockNotice(trx, input.noticeId);
  const status = noticeStatus(notice.publish_at, notice.expires_at, now);
  if (status === 'live' || status === 'expired') {
    throw new AppError('conflict', 'This notice has already been published.');
  }
  let at = now;
  if (input.publishAt) {
    const instant = schoolTimeToInstant(input.publishAt, await timeZoneOf(trx));
    const problem = !instant
      ? 'Enter the publish time as a real date and time.'
      : instant <= now
        ? 'Choose a time in the future, or publish the notice now.'
        : null;
    if (problem || !instant) refuse({ publishAt: [problem ?? ''] });
    at = instant;
  }
  if (notice.expires_at && notice.expires_at <= at) {
    refuse({
      expiresAt: [
        'The notice would expire before it is published. Change its expiry first, then publish it.',
      ],
    });
  }
  await trx
    .updateTable('notices')
    .set({ publish_at: at, updated_at: now })
    .where('id', '=', notice.id)
    .execute();
  const emailsQueued = await queueNoticeEmails(trx, notice.id, {
    now,
    portalUrl: ctx.portalUrl,
    actorUserId: ctx.user.id,
  });
  await recordAudit(trx, {
    ...actorOf(ctx),
    action: 'notice.published',
    details: { notice_id: notice.id, publish_at: at.toISOString(), emails_queued: emailsQueued },
  });
  return {
    id: notice.id,
    status: noticeStatus(at, notice.expires_at, now),
    publishAt: at.toISOString(),
    emailsQueued,
  };
}

/**
 * Takes a notice down. A scheduled notice, which nobody has seen, goes back to being a draft. A
 * live one is withdrawn: it expires now, so it disappears for everyone at once while the record of
 * what was shown, from when to when, and who read it stays (a published notice is never turned
 * back into an editable draft or deleted). Emails already queued are not recalled.
 */
export async function unpublishNotice(
  ctx: SignedInContext,
  input: { noticeId: string; submissionKey?: string | undefined },
): Promise<{ id: string; status: NoticeStatus }> {
  const now = ctx.now();
  const submission = { purpose: 'notice.unpublish', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const notice = await lockNotice(trx, input.noticeId);
      const status = noticeStatus(notice.publish_at, notice.expires_at, now);
      if (status === 'draft') {
        throw new AppError('conflict', 'This notice is a draft, so it is not published.');
      }
      if (status === 'expired') {
        throw new AppError('conflict', 'This notice has already expired, so nobody sees it now.');
      }
      // Live since this very instant: nobody can have read it, so it is a draft again.
      const toDraft = status === 'scheduled' || notice.publish_at?.getTime() === now.getTime();
      await trx
        .updateTable('notices')
        .set(toDraft ? { publish_at: null, updated_at: now } : { expires_at: now, updated_at: now })
        .where('id', '=', notice.id)
        .execute();
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: toDraft ? 'notice.unpublished' : 'notice.withdrawn',
        details: { notice_id: notice.id, was: status },
      });
      return { id: notice.id, status: toDraft ? ('draft' as const) : ('expired' as const) };
    }),
  );
}

/** Deletes a draft. Anything that has been scheduled or published is kept: withdraw it instead. */
export async function deleteNotice(
  ctx: SignedInContext,
  input: { noticeId: string; submissionKey?: string | undefined },
): Promise<{ id: string }> {
  const submission = { purpose: 'notice.delete', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, ctx.now(), submission, async () => {
      const notice = await lockNotice(trx, input.noticeId);
      if (notice.publish_at !== null) {
        throw new AppError(
          'conflict',
          'Only a draft can be deleted. A scheduled notice can be taken back to a draft first; a published one can be withdrawn.',
        );
      }
      const { title } = await trx
        .deleteFrom('notices')
        .where('id', '=', notice.id)
        .returning('title')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'notice.deleted',
        details: { notice_id: notice.id, title },
      });
      return { id: notice.id };
    }),
  );
}
