import { recordAudit } from '@schoolgate/db';
import { AppError, actorOf, type SignedInContext } from '../core';
import { renderMarkdown } from '../documents';
import { describeAudience } from './audience';
import { describeRecipients, type RecipientCounts } from './publishing-rules';
import { recipientPreview, type RecipientSample } from './recipients';
import {
  type Db,
  NOT_FOUND,
  type NoticeDraftInput,
  type Problems,
  checkDraft,
  refuse,
} from './draft-checks';
import { writeScopes } from './saving';

// Who a notice reaches, previewed with the same audience rule the portal uses to show it.

export interface RecipientsView {
  counts: RecipientCounts;
  /** "This notice will reach 58 parents and 30 students." */
  sentence: string;
  /** The first 20 of them, parents first. */
  sample: RecipientSample[];
}

export async function recipientsView(db: Db, noticeId: string, now: Date): Promise<RecipientsView> {
  const { counts, sample } = await recipientPreview(db, noticeId, now);
  return { counts, sentence: describeRecipients(counts), sample };
}

/** Thrown to roll a preview's transaction back, carrying what the preview found. */
class PreviewDone<T> extends Error {
  constructor(readonly result: T) {
    super('preview rolled back');
  }
}

export interface NoticePreview {
  title: string;
  /** The body as it will look, rendered safely by `renderMarkdown`. */
  html: string;
  audience: string;
  recipients: RecipientsView;
}

/**
 * What a notice would look like and whom it would reach, before it is saved: the wording and
 * audience are written into a transaction that is then rolled back, so the reach is worked out
 * by the same rule as for a saved notice and nothing is kept. The view of names is audited.
 */
export async function previewNotice(
  ctx: SignedInContext,
  input: NoticeDraftInput,
): Promise<NoticePreview> {
  const now = ctx.now();
  let preview: NoticePreview | undefined;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const problems: Problems = {};
      const { scopes, labels } = await checkDraft(trx, input, problems);
      if (Object.keys(problems).length > 0) refuse(problems);
      const { id } = await trx
        .insertInto('notices')
        .values({
          title: input.title,
          body_markdown: input.bodyMarkdown,
          for_parents: input.forParents,
          for_students: input.forStudents,
          for_staff: input.forStaff,
          for_governors: input.forGovernors,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeScopes(trx, id, scopes);
      throw new PreviewDone<NoticePreview>({
        title: input.title,
        html: renderMarkdown(input.bodyMarkdown),
        audience: describeAudience(input, labels),
        recipients: await recipientsView(trx, id, now),
      });
    });
  } catch (error) {
    if (!(error instanceof PreviewDone)) throw error;
    preview = error.result as NoticePreview;
  }
  if (!preview) throw new Error('The notice preview did not finish.');
  await auditRecipientsView(ctx, input.noticeId ?? null, preview.recipients.counts.total);
  return preview;
}

export async function auditRecipientsView(
  ctx: SignedInContext,
  noticeId: string | null,
  total: number,
) {
  await recordAudit(ctx.db, {
    ...actorOf(ctx),
    action: 'view.notice_recipients',
    details: { notice_id: noticeId, recipients: total },
  });
}

async function requireNotice(db: Db, noticeId: string): Promise<void> {
  const found = await db
    .selectFrom('notices')
    .select('id')
    .where('id', '=', noticeId)
    .executeTakeFirst();
  if (!found) throw new AppError('not_found', NOT_FOUND);
}

/** Whom a saved notice reaches now (as if it were showing), with the first 20 names. */
export async function noticeRecipients(
  ctx: SignedInContext,
  noticeId: string,
): Promise<RecipientsView> {
  await requireNotice(ctx.db, noticeId);
  const view = await recipientsView(ctx.db, noticeId, ctx.now());
  await auditRecipientsView(ctx, noticeId, view.counts.total);
  return view;
}
