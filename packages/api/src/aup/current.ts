import type { Context } from '../core';
import { currentPolicyVersionId } from './version-in-force';
import { renderMarkdown } from '../documents';

export interface CurrentPolicy {
  id: string;
  title: string;
  /** 'YYYY-MM-DD', in the school's calendar. */
  effectiveDate: string;
  publishedAt: Date;
  /** The Markdown text as HTML that is safe to show as it is (see documents/markdown.ts). */
  html: string;
}

/** The policy version in force now, rendered for reading; null when none has been published. */
export async function currentPolicy(
  ctx: Pick<Context, 'db' | 'now'>,
): Promise<CurrentPolicy | null> {
  const row = await ctx.db
    .selectFrom('policy_versions as pv')
    .select(['pv.id', 'pv.title', 'pv.effective_date', 'pv.published_at', 'pv.body_markdown'])
    .where('pv.id', '=', currentPolicyVersionId(ctx.now()))
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    title: row.title,
    effectiveDate: row.effective_date,
    publishedAt: row.published_at,
    html: renderMarkdown(row.body_markdown),
  };
}
