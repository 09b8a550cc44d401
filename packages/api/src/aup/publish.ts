import { recordAudit } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';

type SignedIn = Context & { user: SessionUser };

export interface PublishPolicyInput {
  title: string;
  /** 'YYYY-MM-DD' in the school's calendar: from this day everyone must accept it (P2). */
  effectiveDate: string;
  bodyMarkdown: string;
}

/**
 * Publishes a new version of the Acceptable Usage Policy. Versions are never edited: a correction
 * is a new version, so every acceptance points at exactly the text the person read.
 */
export async function publishPolicy(ctx: SignedIn, input: PublishPolicyInput) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
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
    return {
      id: version.id,
      title: version.title,
      effectiveDate: version.effective_date,
      publishedAt: version.published_at,
    };
  });
}
