import { generateToken, hashToken } from '@schoolgate/auth';
import { recordAudit, type Database } from '@schoolgate/db';
import { actorOf, type SignedInContext } from '../core';
import { loadActiveUser } from '../accounts';
import { calendarEventsFor } from './events';
import { toICalendar } from './ics';

/** The person's subscription, without its secret (which is never kept). */
export async function feedStatus(ctx: SignedInContext) {
  const row = await ctx.db
    .selectFrom('calendar_feeds')
    .select(['created_at', 'last_fetched_at'])
    .where('user_id', '=', ctx.user.id)
    .executeTakeFirst();
  return row ? { createdAt: row.created_at, lastFetchedAt: row.last_fetched_at } : null;
}

/**
 * A new secret address, shown this once: any earlier address stops working at once. Two at once
 * (a double click) leave one address working, the one written last.
 */
export async function resetFeed(ctx: SignedInContext) {
  const token = generateToken();
  const replaced = await ctx.db.transaction().execute(async (trx) => {
    const earlier = await trx
      .selectFrom('calendar_feeds')
      .select('user_id')
      .where('user_id', '=', ctx.user.id)
      .forUpdate()
      .executeTakeFirst();
    await trx
      .insertInto('calendar_feeds')
      .values({ user_id: ctx.user.id, token_hash: hashToken(token), created_at: ctx.now() })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          token_hash: hashToken(token),
          created_at: ctx.now(),
          last_fetched_at: null,
        }),
      )
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: earlier ? 'calendar.feed_reset' : 'calendar.feed_created',
      targetUserId: ctx.user.id,
    });
    return earlier !== undefined;
  });
  return { token, replaced };
}

/** Stops the subscription: the address answers "not found" from now on. */
export async function stopFeed(ctx: SignedInContext) {
  return ctx.db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('calendar_feeds')
      .where('user_id', '=', ctx.user.id)
      .returning('user_id')
      .executeTakeFirst();
    if (!gone) return { stopped: false };
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'calendar.feed_stopped',
      targetUserId: ctx.user.id,
    });
    return { stopped: true };
  });
}

/**
 * The iCalendar document behind a secret address, or null for an address that does not exist (or
 * no longer does). An account whose access has ended gets a calendar with nothing in it, so the
 * calendar app empties rather than keeping the last copy it fetched.
 */
export async function feedDocument(db: Database, token: string, now: Date, domain: string) {
  const feed = await db
    .updateTable('calendar_feeds as f')
    .set({ last_fetched_at: now })
    .from('school_settings as ss')
    .where('f.token_hash', '=', hashToken(token))
    .where('ss.id', '=', 1)
    .returning(['f.user_id', 'ss.school_name'])
    .executeTakeFirst();
  if (!feed) return null;
  const user = await loadActiveUser(db, feed.user_id, now);
  const events = user ? await calendarEventsFor(db, user, now) : [];
  return toICalendar({ name: feed.school_name, domain, events, now });
}
