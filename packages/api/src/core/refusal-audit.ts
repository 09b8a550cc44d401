import { sql } from 'kysely';
import type { Database } from '@schoolgate/db';
import type { SignedInContext } from './staff-context';
import {
  MAX_REFUSAL_ADDRESSES,
  MAX_REFUSED_IDS,
  REFUSAL_ACTIONS,
  REFUSAL_BURST_THRESHOLD,
  type RefusalAction,
  burstWindowStart,
  refusalMinute,
} from './refusals';
import { raiseRefusalBurst } from './refusal-burst';

// Refused requests in the audit log (issue 10 item 6, P16): who, what, which ids, from where.
// The middleware that calls this is in trpc.ts; this lives in core because every procedure tier
// uses it and core imports no capability.

/**
 * The distinct values of the tally's `key` list followed by the new call's, first seen first, at
 * most `limit`: the list of ids (or addresses) a minute's tally keeps never grows past it.
 */
const mergedList = (key: string, limit: number) => sql`(
  select coalesce(jsonb_agg(kept.v order by kept.n), '[]'::jsonb)
  from (
    select e.v, min(e.n) as n
    from jsonb_array_elements(
      coalesce(audit_log.details -> ${key}, '[]'::jsonb)
        || coalesce(excluded.details -> ${key}, '[]'::jsonb)
    ) with ordinality as e(v, n)
    group by e.v
    order by min(e.n)
    limit ${limit}
  ) as kept
)`;

/**
 * Adds one refusal to its account's tally for this procedure and minute, in one statement that
 * holds when refusals arrive together: the first makes the row, the rest wait on its unique key
 * and add one. Returns the tally's count.
 */
async function tallyRefusal(
  trx: Database,
  ctx: SignedInContext,
  refusal: { action: RefusalAction; procedure: string; ids: string[] },
): Promise<number> {
  const now = ctx.now();
  const details = {
    procedure: refusal.procedure,
    minute: refusalMinute(now),
    count: 1,
    refused_ids: refusal.ids.slice(0, MAX_REFUSED_IDS),
    ips: ctx.meta.ip ? [ctx.meta.ip] : [],
    last_at: now.toISOString(),
  };
  const { rows } = await sql<{ count: number }>`
    insert into audit_log (at, actor_user_id, action, ip, user_agent, details)
    values (${now}, ${ctx.user.id}, ${refusal.action}, ${ctx.meta.ip}, ${ctx.meta.userAgent},
      ${JSON.stringify(details)}::jsonb)
    on conflict (action, actor_user_id, (details ->> 'procedure'), (details ->> 'minute'))
      where action in ('refused.forbidden', 'refused.not_found')
    do update set details = audit_log.details || jsonb_build_object(
      'count', (audit_log.details ->> 'count')::integer + 1,
      'refused_ids', ${mergedList('refused_ids', MAX_REFUSED_IDS)},
      'ips', ${mergedList('ips', MAX_REFUSAL_ADDRESSES)},
      'last_at', excluded.details -> 'last_at'
    )
    returning (details ->> 'count')::integer as count`.execute(trx);
  return Number(rows[0]?.count ?? 0);
}

/**
 * Records a refused call of a signed-in person and, when it makes 20 within 10 minutes, tells the
 * admins (once per account and hour). One transaction, holding a lock on this account's refusals
 * so that the count the notice is decided on is exact even for a flood sent at once.
 */
export async function recordRefusal(
  ctx: SignedInContext,
  refusal: { action: RefusalAction; procedure: string; ids: string[] },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`schoolgate.refusals:${ctx.user.id}`}))`.execute(
      trx,
    );
    await tallyRefusal(trx, ctx, refusal);
    const recent = await trx
      .selectFrom('audit_log')
      .select(sql<string | number>`coalesce(sum((details ->> 'count')::integer), 0)`.as('n'))
      .where('actor_user_id', '=', ctx.user.id)
      .where('action', 'in', REFUSAL_ACTIONS)
      .where('at', '>=', burstWindowStart(ctx.now()))
      .executeTakeFirstOrThrow();
    const refusals = Number(recent.n);
    if (refusals >= REFUSAL_BURST_THRESHOLD) await raiseRefusalBurst(trx, ctx, refusals);
  });
}
