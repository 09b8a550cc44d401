import { hashToken, sessionHasEnded } from '@schoolgate/auth';
import { recordAudit, type Database } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';
import { AppError, approximatePlace, describeUserAgent } from '../core';

type SignedIn = Context & { user: SessionUser; session: NonNullable<Context['session']> };

/** A session's reference is 32 hex characters. */
export const SESSION_REFERENCE_PATTERN = /^[0-9a-f]{32}$/;

/**
 * What a page or form may name a session by. The id is the SHA-256 of the cookie's token, and a
 * page is no place for it; this is a one-way hash of the id, so it cannot be turned back into the
 * id, let alone the token, and it needs nothing stored.
 */
export function sessionReference(sessionId: string): string {
  return hashToken(`session-ref:${sessionId}`).slice(0, 32);
}

const NOT_FOUND = 'That session has already ended, or it is not one of yours.';

/** The user's sessions that are still usable: not ended or suspended, not timed out. */
async function liveSessions(db: Database, userId: string, now: Date) {
  const rows = await db
    .selectFrom('sessions')
    .select([
      'id',
      'created_at',
      'last_seen_at',
      'idle_timeout_seconds',
      'expires_at',
      'shared_device',
      'ip',
      'user_agent',
    ])
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  return rows.filter(
    (row) =>
      !sessionHasEnded(
        {
          lastSeenAt: row.last_seen_at,
          idleTimeoutSeconds: row.idle_timeout_seconds,
          expiresAt: row.expires_at,
        },
        now,
      ),
  );
}

/** P5: the signed-in user's live sessions, most recently used first. No id or token leaves here. */
export async function listSessions(ctx: SignedIn) {
  const rows = await liveSessions(ctx.db, ctx.user.id, ctx.now());
  return rows.map((row) => ({
    reference: sessionReference(row.id),
    device: describeUserAgent(row.user_agent),
    place: approximatePlace(row.ip),
    startedAt: row.created_at,
    lastUsedAt: row.last_seen_at,
    sharedDevice: row.shared_device,
    current: row.id === ctx.session.id,
  }));
}

function auditOf(ctx: SignedIn, now: Date) {
  return {
    at: now,
    actorUserId: ctx.user.id,
    targetUserId: ctx.user.id,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    action: 'auth.session_ended',
  };
}

/** Ends one of the user's own sessions, named by its reference; ending this one signs them out. */
export async function signOutSession(ctx: SignedIn, reference: string) {
  const now = ctx.now();
  const target = (await liveSessions(ctx.db, ctx.user.id, now)).find(
    (row) => sessionReference(row.id) === reference,
  );
  if (!target) throw new AppError('not_found', NOT_FOUND);
  const current = target.id === ctx.session.id;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('sessions')
      .where('id', '=', target.id)
      .where('user_id', '=', ctx.user.id)
      .execute();
    await recordAudit(trx, {
      ...auditOf(ctx, now),
      details: {
        scope: 'one',
        current,
        device: describeUserAgent(target.user_agent),
        started_at: target.created_at.toISOString(),
      },
    });
  });
  if (current) ctx.cookies.clear();
  return { device: describeUserAgent(target.user_agent), current };
}

/** Ends every session of the user but this one; returns how many live sessions that ended. */
export async function signOutOtherSessions(ctx: SignedIn) {
  const now = ctx.now();
  const live = (await liveSessions(ctx.db, ctx.user.id, now)).filter(
    (row) => row.id !== ctx.session.id,
  ).length;
  await ctx.db.transaction().execute(async (trx) => {
    // Timed-out rows not yet swept go too: they could never be used again anyway.
    await trx
      .deleteFrom('sessions')
      .where('user_id', '=', ctx.user.id)
      .where('id', '!=', ctx.session.id)
      .execute();
    await recordAudit(trx, {
      ...auditOf(ctx, now),
      details: { scope: 'others', sessions_ended: live },
    });
  });
  return { ended: live };
}
