import { sql, type Expression, type Kysely } from 'kysely';
import { loadSettings, recordAudit, type DB } from '@schoolgate/db';
import {
  composeEmail,
  enqueueEmail,
  type ComposedEmail,
  type SchoolIdentity,
} from '@schoolgate/email';
import type { Context } from '../core';
import { markdownExcerpt } from '../documents';
import { parentRecipients } from './recipients';
import { schoolIdentity } from '../email';

type Db = Kysely<DB>;

/** The outbox `kind` of a notice email; each one's dedupe key is `notice:<notice id>:<user id>`. */
export const NOTICE_EMAIL_KIND = 'notice';

/**
 * How long after its publish time a scheduled notice is still emailed. A notice that went live
 * longer ago without its email (the portal was not running at the time, or the notice came from
 * elsewhere) is not sent late: parents have had it in the portal all that while.
 */
export const NOTICE_EMAIL_GRACE_HOURS = 24;

/** A new notice, for a parent: its title, the first words, and a link to read it in the portal. */
export function noticeEmail(
  school: SchoolIdentity,
  name: string,
  notice: { title: string; bodyMarkdown: string },
  link: string | null,
): ComposedEmail {
  const excerpt = markdownExcerpt(notice.bodyMarkdown, 300);
  return composeEmail({
    school,
    subject: `New notice: ${notice.title}`,
    greeting: `Dear ${name},`,
    paragraphs: [
      `${school.name} has published a new notice for you: “${notice.title.replace(/\s+/g, ' ').trim()}”.`,
      ...(excerpt ? [excerpt] : []),
      link
        ? 'Read the whole notice in the parent portal.'
        : 'Sign in to the parent portal and open Notices to read the whole notice.',
    ],
    ...(link ? { action: { label: 'Read the notice', url: link } } : {}),
  });
}

/**
 * Queues the parents' emails for a notice that is live now, if it asks for them and they have not
 * been sent before: one email per parent account that sees it (by `canSeeNotice`), never students,
 * staff or governors. Call it inside the transaction that makes the notice live, so the notice and
 * its emails are kept together or not at all. A notice is emailed once: the `notice.emailed` audit
 * entry records that it was, and each email's dedupe key stops a second copy to anyone even when
 * two servers try at once. Returns how many were queued, or null when nothing was due.
 */
export async function queueNoticeEmails(
  trx: Db,
  noticeId: string,
  options: { now: Date; portalUrl: string | null; actorUserId: string | null },
): Promise<number | null> {
  const { now } = options;
  // One sender per notice at a time; the second waits here, then finds the audit entry.
  await sql`select pg_advisory_xact_lock(hashtext(${`schoolgate.notice-emails:${noticeId}`}))`.execute(
    trx,
  );
  const notice = await trx
    .selectFrom('notices as n')
    .select([
      'n.id',
      'n.title',
      'n.body_markdown',
      'n.email_parents',
      'n.publish_at',
      'n.expires_at',
    ])
    .select((eb) => alreadyEmailed(eb.ref('n.id'), eb.ref('n.created_at')).as('emailed'))
    .where('n.id', '=', noticeId)
    .executeTakeFirst();
  const live =
    notice?.publish_at &&
    notice.publish_at <= now &&
    (notice.expires_at === null || notice.expires_at > now);
  if (!notice || !notice.email_parents || !live || notice.emailed) return null;

  const parents = await parentRecipients(trx, noticeId, now);
  const settings = await loadSettings(trx);
  const school = schoolIdentity(settings);
  const link = options.portalUrl ? `${options.portalUrl}/notices/${noticeId}` : null;
  let queued = 0;
  for (const parent of parents) {
    const added = await enqueueEmail(
      trx,
      {
        ...noticeEmail(
          school,
          parent.name,
          { title: notice.title, bodyMarkdown: notice.body_markdown },
          link,
        ),
        to: parent.email,
        kind: NOTICE_EMAIL_KIND,
        dedupeKey: `${NOTICE_EMAIL_KIND}:${noticeId}:${parent.userId}`,
      },
      now,
    );
    if (added) queued++;
  }
  await recordAudit(trx, {
    at: now,
    action: 'notice.emailed',
    actorUserId: options.actorUserId,
    details: { notice_id: noticeId, emails_queued: queued },
  });
  return queued;
}

/**
 * Whether the notice's emails have been dealt with: a `notice.emailed` entry exists. Entries are
 * looked for from the notice's creation on, so the search stays within the audit log's time index.
 */
function alreadyEmailed(noticeId: Expression<string>, createdAt: Expression<Date>) {
  return sql<boolean>`exists (
    select 1 from audit_log a
    where a.action = 'notice.emailed'
      and a.at >= ${createdAt}
      and a.details ->> 'notice_id' = ${noticeId}::text)`;
}

/**
 * The scheduled job (`jobs.noticeEmails`): emails parents about notices that have gone live since
 * they were scheduled. Safe to run as often as you like and on several servers at once.
 */
export async function queueDueNoticeEmails(ctx: Pick<Context, 'db' | 'now' | 'portalUrl'>) {
  const now = ctx.now();
  const since = new Date(now.getTime() - NOTICE_EMAIL_GRACE_HOURS * 3600 * 1000);
  const due = await ctx.db
    .selectFrom('notices as n')
    .select('n.id')
    .where('n.email_parents', '=', true)
    .where('n.for_parents', '=', true)
    .where('n.publish_at', '<=', now)
    .where('n.publish_at', '>', since)
    .where((eb) => eb.or([eb('n.expires_at', 'is', null), eb('n.expires_at', '>', now)]))
    .where((eb) => eb.not(alreadyEmailed(eb.ref('n.id'), eb.ref('n.created_at'))))
    .orderBy('n.publish_at')
    .execute();
  let notices = 0;
  let queued = 0;
  for (const { id } of due) {
    const sent = await ctx.db
      .transaction()
      .execute((trx) =>
        queueNoticeEmails(trx, id, { now, portalUrl: ctx.portalUrl, actorUserId: null }),
      );
    if (sent !== null) {
      notices++;
      queued += sent;
    }
  }
  return { notices, queued };
}
