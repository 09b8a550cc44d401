import type { Database } from '@schoolgate/db';
import { generateToken, hashToken } from './tokens';

export type TokenPurpose = 'activation' | 'password_reset';

export interface IssueTokenInput {
  userId: string;
  purpose: TokenPurpose;
  now: Date;
  lifetimeSeconds: number;
  createdByUserId?: string | null;
}

/**
 * Issues a single-use link token (160 bits, stored only as its SHA-256). Any earlier unused token
 * for the same purpose is voided, so only the newest link works. Pass the caller's transaction.
 */
export async function issueAccountToken(db: Database, input: IssueTokenInput): Promise<string> {
  await db
    .deleteFrom('account_tokens')
    .where('user_id', '=', input.userId)
    .where('purpose', '=', input.purpose)
    .where('used_at', 'is', null)
    .execute();
  const token = generateToken();
  await db
    .insertInto('account_tokens')
    .values({
      id: hashToken(token),
      user_id: input.userId,
      purpose: input.purpose,
      created_at: input.now,
      expires_at: new Date(input.now.getTime() + input.lifetimeSeconds * 1000),
      created_by_user_id: input.createdByUserId ?? null,
    })
    .execute();
  return token;
}

export type TokenState = 'valid' | 'expired' | 'used' | 'unknown';

/** What a link's token is worth right now, without using it. */
export async function inspectAccountToken(
  db: Database,
  token: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<{ state: TokenState; userId: string | null }> {
  const row = await db
    .selectFrom('account_tokens')
    .select(['user_id', 'expires_at', 'used_at'])
    .where('id', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (!row) return { state: 'unknown', userId: null };
  if (row.used_at) return { state: 'used', userId: null };
  if (row.expires_at <= now) return { state: 'expired', userId: null };
  return { state: 'valid', userId: row.user_id };
}

/**
 * Uses a token once: a single conditional update, so of two simultaneous uses exactly one gets
 * the user id and the other gets null.
 */
export async function consumeAccountToken(
  db: Database,
  token: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<string | null> {
  const row = await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('id', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}
