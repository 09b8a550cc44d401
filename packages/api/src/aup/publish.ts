import { recordAudit } from '@schoolgate/db';
import { submitOnce, type Context, type SessionUser } from '../core';

type SignedIn = Context & { user: SessionUser };

export interface PublishPolicyInput {
  title: string;
  /** 'YYYY-MM-DD' in the school's calendar: from this day everyone must accept it (P2). */
  effectiveDate: string;
  bodyMarkdown: string;
  /** The rendered form's key: the same form sent again publishes one version. */
  submissionKey?: string | undefined;
}

/**
 * Publishes a new version of the Acceptable Usage Policy. Versions are never edited: a correction
 * is a new version, so every acceptance points at exactly the text the person read. The same
 * form sent twice publishes once (a second version would ask everyone to accept it again).
 */
export async function publishPolicy(ctx: SignedIn, input: PublishPolicyInput) {
  const now = ctx.now();
  const submission = { purpose: 'policy.publish', userId: ctx.user.id, input };
  const published = await ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const version = await trx
        .insertInto('policy_versions')
        .values({
          title: input.title,
          effective_date: input.effectiveDate,
          body_markdown: input.bodyMarkdown,
          published_at: now,
          published_by_user_id: ctx.user.id,
        })
        .returning(['id', 'title', 'effective_date', 'published_at'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        at: now,
        action: 'policy.published',
        actorUserId: ctx.user.id,
        ip: ctx.meta.ip,
        userAgent: ctx.meta.userAgent,
        details: {
          policy_version_id: version.id,
          title: version.title,
          effective_date: version.effective_date,
        },
      });
      // Kept as JSON for a repeat of the same form, so the time travels as text.
      return {
        id: version.id,
        title: version.title,
        effectiveDate: version.effective_date,
        publishedAt: version.published_at.toISOString(),
      };
    }),
  );
  return { ...published, publishedAt: new Date(published.publishedAt) };
}
