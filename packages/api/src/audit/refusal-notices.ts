import { sql } from 'kysely';
import {
  REFUSAL_ACTIONS,
  REFUSAL_BURST_ACTION,
  REFUSAL_BURST_THRESHOLD,
  REFUSAL_BURST_WINDOW_MINUTES,
  type SignedInContext,
} from '../core';

/** How long the staff home goes on showing an account's "many refusals" notice. */
export const REFUSAL_NOTICE_HOURS = 24;
const MAX_ACCOUNTS = 20;

/**
 * Accounts refused many times in a short while (20 within 10 minutes) during the last day, for the
 * admins' staff home (issue 10 item 6): who, when the portal last noticed, and how many of their
 * requests were refused in the last day. The entries themselves are in the audit log. Reading this
 * is not audited, as the outbox summary beside it is not: it shows admins what they are emailed.
 */
export async function refusalNotices(ctx: SignedInContext) {
  const since = new Date(ctx.now().getTime() - REFUSAL_NOTICE_HOURS * 60 * 60 * 1000);
  const rows = await ctx.db
    .selectFrom('audit_log as a')
    .innerJoin('users as u', 'u.id', 'a.target_user_id')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .leftJoin('students as s', 's.id', 'u.student_id')
    .select((eb) => [
      'u.id as user_id',
      'u.username',
      'u.staff_id',
      'u.contact_id',
      eb.fn.coalesce('st.forename', 'c.forename', 's.forename').as('forename'),
      eb.fn.coalesce('st.surname', 'c.surname', 's.surname').as('surname'),
      eb.fn.max('a.at').as('last_noticed_at'),
      eb
        .selectFrom('audit_log as r')
        .select(sql<string | number>`coalesce(sum((r.details ->> 'count')::integer), 0)`.as('n'))
        .whereRef('r.actor_user_id', '=', 'u.id')
        .where('r.action', 'in', REFUSAL_ACTIONS)
        .where('r.at', '>=', since)
        .as('refusals'),
    ])
    .where('a.action', '=', REFUSAL_BURST_ACTION)
    .where('a.at', '>=', since)
    .groupBy([
      'u.id',
      'u.username',
      'u.staff_id',
      'u.contact_id',
      'st.forename',
      'st.surname',
      'c.forename',
      'c.surname',
      's.forename',
      's.surname',
    ])
    .orderBy(sql`max(a.at)`, 'desc')
    .limit(MAX_ACCOUNTS)
    .execute();
  return {
    hours: REFUSAL_NOTICE_HOURS,
    threshold: REFUSAL_BURST_THRESHOLD,
    windowMinutes: REFUSAL_BURST_WINDOW_MINUTES,
    accounts: rows.map((r) => ({
      userId: r.user_id,
      username: r.username,
      name: [r.forename, r.surname].filter(Boolean).join(' ') || null,
      kind: r.staff_id ? 'staff' : r.contact_id ? 'parent or carer' : 'student',
      lastNoticedAt: r.last_noticed_at,
      refusalsInLastDay: Number(r.refusals ?? 0),
    })),
  };
}
