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
  const windowStart = new Date(now.getTime() - policy.windowSeconds * 1000);
  const lockedUntil = new Date(now.getTime() + policy.lockoutSeconds * 1000);
  const initialLock = policy.maxFailures <= 1 ? lockedUntil : null;
  // While a lock lasts, `failures` is at least the limit, so one more is always over it.
  const { rows } = await sql<{ failures: number }>`
    insert into signin_throttle as t (key, failures, window_started_at, locked_until)
    values (${key}, 1, ${now}, ${initialLock})
    on conflict (key) do update set
      failures = case
        when t.locked_until > ${now} then t.failures + 1
        when t.locked_until is not null or t.window_started_at <= ${windowStart} then 1
        else t.failures + 1 end,
      window_started_at = case
        when t.locked_until > ${now} then t.window_started_at
        when t.locked_until is not null or t.window_started_at <= ${windowStart} then ${now}
        else t.window_started_at end,
      locked_until = case
        when t.locked_until > ${now} then t.locked_until
        when t.locked_until is not null or t.window_started_at <= ${windowStart}
          then ${initialLock}::timestamptz
        when t.failures + 1 >= ${policy.maxFailures} then ${lockedUntil}::timestamptz
        else null end
    returning failures
  `.execute(db);
  return Number(rows[0]?.failures ?? Infinity) <= policy.maxFailures;
}

/** Reserves an attempt against every key (all are counted); true only when each may go ahead. */
export async function reserveAttempts(
  db: Database,
  limits: readonly { key: string; policy: ThrottlePolicy }[],
  now: Date,
): Promise<boolean> {
  let allowed = true;
  for (const { key, policy } of limits) {
    if (!(await reserveAttempt(db, key, now, policy))) allowed = false;
  }
  return allowed;
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
