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

/** True when any of `keys` is locked at `now`. */
export async function isThrottled(db: Database, keys: string[], now: Date): Promise<boolean> {
  if (keys.length === 0) return false;
  const locked = await db
    .selectFrom('signin_throttle')
    .select('key')
    .where('key', 'in', keys)
    .where('locked_until', '>', now)
    .executeTakeFirst();
  return locked !== undefined;
}

/**
 * Counts one failure against `key` in a single statement, so app servers racing on the same key
 * never lose a count. A window older than the policy's starts again at one; reaching the limit
 * locks the key.
 */
export async function recordFailure(
  db: Database,
  key: string,
  now: Date,
  policy: ThrottlePolicy,
): Promise<void> {
  const windowStart = new Date(now.getTime() - policy.windowSeconds * 1000);
  const lockedUntil = new Date(now.getTime() + policy.lockoutSeconds * 1000);
  const initialLock = policy.maxFailures <= 1 ? lockedUntil : null;
  await sql`
    insert into signin_throttle as t (key, failures, window_started_at, locked_until)
    values (${key}, 1, ${now}, ${initialLock})
    on conflict (key) do update set
      failures = case when t.window_started_at <= ${windowStart} then 1 else t.failures + 1 end,
      window_started_at = case when t.window_started_at <= ${windowStart} then ${now}
                               else t.window_started_at end,
      locked_until = case
        when t.window_started_at > ${windowStart} and t.failures + 1 >= ${policy.maxFailures}
          then ${lockedUntil}::timestamptz
        else t.locked_until end
  `.execute(db);
}

/** Forgets the failures of `key`, after a successful sign-in to that account. */
export async function clearFailures(db: Database, key: string): Promise<void> {
  await db.deleteFrom('signin_throttle').where('key', '=', key).execute();
}
