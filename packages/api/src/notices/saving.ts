import { recordAudit } from '@schoolgate/db';
import { actorOf, submitOnce, type SignedInContext } from '../core';
import { describeAudience } from './audience';
import { noticeStatus, type NoticeStatus } from './publishing-rules';
import { queueNoticeEmails } from './emails';
import {
  type Db,
  type NoticeScopesInput,
  type Problems,
  type SaveNoticeInput,
  checkDraft,
  lockNotice,
  readAttachment,
  readExpiry,
  readPublishAt,
  refuse,
  timeZoneOf,
} from './draft-checks';

// Saving a notice (draft, scheduled or published at once) with its audience, in one transaction.

export type SavedNotice = {
  id: string;
  status: NoticeStatus;
  /** Parents emailed now (the notice went live with email on); null when none were due. */
  emailsQueued: number | null;
};

/**
 * Creates or updates a notice and its scopes in one transaction, audited as `notice.saved`. If
 * the notice is live once saved and asks for email, the parents' emails are queued in the same
 * transaction (once per notice). Nothing is written when any check fails. The same form sent
 * twice (its `submissionKey`) saves once: the repeat gets the first answer.
 */
export async function saveNotice(
  ctx: SignedInContext,
  input: SaveNoticeInput,
): Promise<SavedNotice> {
  const now = ctx.now();
  const submission = { purpose: 'notice.save', userId: ctx.user.id, input };
  return ctx.db
    .transaction()
    .execute((trx) => submitOnce(trx, now, submission, () => save(trx, ctx, input, now)));
}

async function save(
  trx: Db,
  ctx: SignedInContext,
  input: SaveNoticeInput,
  now: Date,
): Promise<SavedNotice> {
  const existing = input.noticeId ? await lockNotice(trx, input.noticeId) : null;
  const timeZone = await timeZoneOf(trx);
  const problems: Problems = {};
  const { scopes, labels } = await checkDraft(trx, input, problems);
  const publishAt = readPublishAt(input.publishAt, existing, { now, timeZone }, problems);
  const expiresAt = readExpiry(input.expiresAt, existing, { now, timeZone }, problems);
  if (publishAt && expiresAt && expiresAt <= publishAt && !problems.expiresAt) {
    problems.expiresAt = [
      'The notice must stop showing after it is published: choose a later expiry.',
    ];
  }
  const attachment = readAttachment(input, problems);
  if (Object.keys(problems).length > 0) refuse(problems);

  const fields = {
    title: input.title,
    body_markdown: input.bodyMarkdown,
    for_parents: input.forParents,
    for_students: input.forStudents,
    for_staff: input.forStaff,
    for_governors: input.forGovernors,
    publish_at: publishAt,
    expires_at: expiresAt,
    email_parents: input.emailParents,
    updated_at: now,
    ...(attachment === 'remove'
      ? { attachment_name: null, attachment_type: null, attachment_data: null }
      : attachment === 'keep'
        ? {}
        : {
            attachment_name: attachment.name,
            attachment_type: attachment.type,
            attachment_data: attachment.data,
          }),
  };
  const id = existing
    ? (
        await trx
          .updateTable('notices')
          .set(fields)
          .where('id', '=', existing.id)
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    : (
        await trx
          .insertInto('notices')
          .values({ ...fields, author_user_id: ctx.user.id, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
  await writeScopes(trx, id, scopes);

  const emailsQueued = await queueNoticeEmails(trx, id, {
    now,
    portalUrl: ctx.portalUrl,
    actorUserId: ctx.user.id,
  });
  const status = noticeStatus(publishAt, expiresAt, now);
  await recordAudit(trx, {
    ...actorOf(ctx),
    action: 'notice.saved',
    details: {
      notice_id: id,
      created: existing === null,
      title: input.title,
      status,
      audience: describeAudience(input, labels),
      publish_at: publishAt?.toISOString() ?? null,
      expires_at: expiresAt?.toISOString() ?? null,
      email_parents: input.emailParents,
      attachment:
        attachment === 'keep' ? 'unchanged' : attachment === 'remove' ? 'removed' : attachment.name,
    },
  });
  return { id, status, emailsQueued };
}

export async function writeScopes(
  trx: Db,
  noticeId: string,
  scopes: NoticeScopesInput,
): Promise<void> {
  await trx.deleteFrom('notice_scopes').where('notice_id', '=', noticeId).execute();
  const rows = [
    ...scopes.yearGroups.map((year_group) => ({ notice_id: noticeId, year_group })),
    ...scopes.forms.map((form) => ({ notice_id: noticeId, form })),
    ...scopes.groupIds.map((group_id) => ({ notice_id: noticeId, group_id })),
  ];
  if (rows.length > 0) await trx.insertInto('notice_scopes').values(rows).execute();
}
