import type { Database } from '@schoolgate/db';
import { sessionHasEnded, sessionNeedsTouch, type SessionLifetime } from './session-policy';
import { generateToken, hashToken } from './tokens';

export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleTimeoutSeconds: number;
  expiresAt: Date;
  sharedDevice: boolean;
  /** The second factor has been checked in this session (or the account has none). */
  twoFactorVerified: boolean;
}

export interface NewSession {
  userId: string;
  now: Date;
  lifetime: SessionLifetime;
  sharedDevice: boolean;
  ip: string | null;
  userAgent: string | null;
}

/** Starts a session; the raw token goes back to the caller (for the cookie) and is stored nowhere. */
export async function createSession(
  db: Database,
  input: NewSession,
): Promise<{ token: string; session: Session }> {
  const token = generateToken();
  const session: Session = {
    id: hashToken(token),
    userId: input.userId,
    createdAt: input.now,
    lastSeenAt: input.now,
    idleTimeoutSeconds: input.lifetime.idleSeconds,
    expiresAt: new Date(input.now.getTime() + input.lifetime.absoluteSeconds * 1000),
    sharedDevice: input.sharedDevice,
    twoFactorVerified: false,
  };
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      idle_timeout_seconds: session.idleTimeoutSeconds,
      expires_at: session.expiresAt,
      shared_device: session.sharedDevice,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 400) ?? null,
    })
    .execute();
  return { token, session };
}

/** Why a session was ended before its time while kept on record (P13, P14). */
export type SessionEndReason = 'suspended';

/**
 * What a cookie's token stands for: a live session; one ended because its owner's access was
 * suspended, kept only so its next request can be answered with a neutral notice; or nothing.
 */
export type SessionValidation =
  | { status: 'valid'; session: Session }
  | { status: 'ended'; reason: SessionEndReason; session: Session }
  | { status: 'invalid' };

/**
 * The session for a cookie's token. A timed-out session is deleted on sight; a session ended by a
 * suspension is never valid and is left for the caller to delete once it has said why; a live one
 * has its idle clock restarted.
 */
export async function validateSessionToken(
  db: Database,
  token: string,
  now: Date,
): Promise<SessionValidation> {
  const row = await db
    .selectFrom('sessions')
    .select([
      'id',
      'user_id',
      'created_at',
      'last_seen_at',
      'idle_timeout_seconds',
      'expires_at',
      'shared_device',
      'two_factor_verified',
      'ended_reason',
    ])
    .where('id', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { status: 'invalid' };
  const session: Session = {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    idleTimeoutSeconds: row.idle_timeout_seconds,
    expiresAt: row.expires_at,
    sharedDevice: row.shared_device,
    twoFactorVerified: row.two_factor_verified,
  };
  if (sessionHasEnded(session, now)) {
    await invalidateSession(db, session.id);
    return { status: 'invalid' };
  }
  if (row.ended_reason === 'suspended') return { status: 'ended', reason: 'suspended', session };
  if (sessionNeedsTouch(session, now)) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('id', '=', session.id)
      .execute();
    session.lastSeenAt = now;
  }
  return { status: 'valid', session };
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user, for instance after a password change or when access is revoked. */
export async function invalidateUserSessions(db: Database, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/**
 * Ends every live session of `userIds` at once, marking rather than deleting them, so that each
 * one's next request can be told why instead of meeting a sign-in form. Returns how many ended.
 */
export async function endUserSessions(
  db: Database,
  userIds: readonly string[],
  now: Date,
  reason: SessionEndReason,
): Promise<number> {
  if (userIds.length === 0) return 0;
  const result = await db
    .updateTable('sessions')
    .set({ ended_at: now, ended_reason: reason })
    .where('user_id', 'in', userIds)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Records that this session has passed the second factor. */
export async function markTwoFactorVerified(db: Database, sessionId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ two_factor_verified: true })
    .where('id', '=', sessionId)
    .execute();
}

/**
 * Gives the session `sessionId` a new token and keeps everything else (its age, timeouts, second
 * factor), in one statement: a token copied before a password change no longer works afterwards.
 * Null when the session has gone.
 */
export async function rotateSessionToken(
  db: Database,
  sessionId: string,
): Promise<{ token: string; id: string; expiresAt: Date; sharedDevice: boolean } | null> {
  const token = generateToken();
  const id = hashToken(token);
  const row = await db
    .updateTable('sessions')
    .set({ id })
    .where('id', '=', sessionId)
    .returning(['expires_at', 'shared_device'])
    .executeTakeFirst();
  return row ? { token, id, expiresAt: row.expires_at, sharedDevice: row.shared_device } : null;
}
