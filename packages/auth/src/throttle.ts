import { sql } from 'kysely';
import type { Database } from '@schoolgate/db';

/** How many failures, within what window, lock a key for how long. */
export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

/** Keys are namespaced so an account and an address can never collide. */
export const throttleKey = {
  account: (accountId: string) => `account:${accountId}`,
  unknownAccount: (identifier: string) => `unknown:${identifier.trim().toLowerCase()}`,
  address: (ip: string) => `ip:${ip}`,
};

/**
 * Reserves one attempt against `key` BEFORE the secret is checked, in a single statement, and says
 * whether it may go ahead. Concurrent attempts queue on the row (Postgres locks it for the
 * upsert; PGlite runs one statement at a time), so each sees the others' counts: of N attempts
 * sent at once, at most `maxFailures` are let through in a window, whatever N is. A check followed
 * by a separate "record the failure" would let every one of them through.
 *
 * Every attempt counts until it proves right: the caller then clears the key (an account) or
 * releases the attempt (an address many people share). Reaching the limit locks the key for the
 * lockout; a lock that has run out, or a window that has passed, starts afresh.
 */
export async function reserveAttempt(
  db: Database,
  key: string,
  now: Date,
  policy: ThrottlePolicy,
): Promise<boolean> {
  return reserveAttempts(db, [{ key, policy }], now);
}

/**
 * Reserves an attempt against every key at once (all are counted, each under its own policy), in
 * one statement: true only when each may go ahead. The rows are locked in the order of their keys,
 * the same for every caller, so two sign-ins sharing an address cannot deadlock.
 */
export async function reserveAttempts(
  db: Database,
  limits: readonly { key: string; policy: ThrottlePolicy }[],
  now: Date,
): Promise<boolean> {
  if (limits.length === 0) return true;
  const sorted = [...limits].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (sorted.some((limit, i) => i > 0 && sorted[i - 1]!.key === limit.key)) {
    throw new Error('The same throttle key was given twice.');
  }
  const rows = sorted.map(({ key, policy }, i) => {
    const windowStart = new Date(now.getTime() - policy.windowSeconds * 1000);
    const lockedUntil = new Date(now.getTime() + policy.lockoutSeconds * 1000);
    const initialLock = policy.maxFailures <= 1 ? lockedUntil : null;
    return sql`(${i}::int, ${key}::text, ${policy.maxFailures}::int, ${windowStart}::timestamptz,
      ${lockedUntil}::timestamptz, ${initialLock}::timestamptz)`;
  });
  // While a lock lasts, `failures` is at least the limit, so one more is always over it; a row with
  // no failures (settled) starts afresh like a new one. A key's own limits are read back from `l`
  // by key: `excluded` holds only the table's columns.
  const { rows: counted } = await sql<{ key: string; failures: number }>`
    with l (position, key, max_failures, window_start, locked_until, initial_lock) as (
      values ${sql.join(rows)}
    )
    insert into signin_throttle as t (key, failures, window_started_at, locked_until)
    select l.key, 1, ${now}, l.initial_lock from l order by l.position
    on conflict (key) do update set
      failures = case
        when t.locked_until > ${now} then t.failures + 1
        when t.locked_until is not null or t.failures = 0
          or t.window_started_at <= (select l.window_start from l where l.key = t.key) then 1
        else t.failures + 1 end,
      window_started_at = case
        when t.locked_until > ${now} then t.window_started_at
        when t.locked_until is not null or t.failures = 0
          or t.window_started_at <= (select l.window_start from l where l.key = t.key) then ${now}
        else t.window_started_at end,
      locked_until = case
        when t.locked_until > ${now} then t.locked_until
        when t.locked_until is not null or t.failures = 0
          or t.window_started_at <= (select l.window_start from l where l.key = t.key)
          then (select l.initial_lock from l where l.key = t.key)
        when t.failures + 1 >= (select l.max_failures from l where l.key = t.key)
          then (select l.locked_until from l where l.key = t.key)
        else null end
    returning key, failures
  `.execute(db);
  const failuresOf = new Map(counted.map((row) => [row.key, Number(row.failures)]));
  return sorted.every(({ key, policy }) => (failuresOf.get(key) ?? Infinity) <= policy.maxFailures);
}

/**
 * Gives back an attempt that proved right, for a key many people share (an address): it no longer
 * counts, and a lock it brought about is lifted.
 */
export async function releaseAttempt(
  db: Database,
  key: string,
  policy: ThrottlePolicy,
): Promise<void> {
  await sql`
    update signin_throttle set
      failures = greatest(failures - 1, 0),
      locked_until = case when failures - 1 < ${policy.maxFailures} then null else locked_until end
    where key = ${key}
  `.execute(db);
}

/** Forgets the failures of `key`, after a successful sign-in to that account. */
export async function clearFailures(db: Database, key: string): Promise<void> {
  await db.deleteFrom('signin_throttle').where('key', '=', key).execute();
}

/**
 * After the right secret, in one statement: forgets the failures of the keys in `clear` (the
 * account's) and gives back the attempt reserved against each key in `release` (an address many
 * people share). Rows are locked in key order, as `reserveAttempts` locks them, so the two cannot
 * deadlock; a forgotten key reads as new (no failures, its next window starts afresh).
 */
export async function settleAttempts(
  db: Database,
  settle: { clear: readonly string[]; release: readonly { key: string; policy: ThrottlePolicy }[] },
  now: Date,
): Promise<void> {
  const all = [
    ...settle.clear.map((key) => ({ key, clear: true, maxFailures: 0 })),
    ...settle.release.map(({ key, policy }) => ({
      key,
      clear: false,
      maxFailures: policy.maxFailures,
    })),
  ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (all.length === 0) return;
  const rows = all.map(
    ({ key, clear, maxFailures }, i) =>
      sql`(${i}::int, ${key}::text, ${clear}::boolean, ${maxFailures}::int)`,
  );
  await sql`
    with l (position, key, clear, max_failures) as (values ${sql.join(rows)})
    insert into signin_throttle as t (key, failures, window_started_at, locked_until)
    select l.key, 0, ${now}, null from l order by l.position
    on conflict (key) do update set
      failures = case
        when (select l.clear from l where l.key = t.key) then 0
        else greatest(t.failures - 1, 0) end,
      locked_until = case
        when (select l.clear from l where l.key = t.key) then null
        when t.failures - 1 < (select l.max_failures from l where l.key = t.key) then null
        else t.locked_until end
  `.execute(db);
}
