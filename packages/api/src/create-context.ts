import { hashToken, invalidateSession, sessionHasEnded, sessionNeedsTouch } from '@schoolgate/auth';
import type { Context, CreateContextOptions, SessionCookieJar } from './core';
import { loadSessionUser } from './accounts';

const noCookies: SessionCookieJar = {
  set() {},
  clear() {},
  deviceId: () => null,
  setDeviceId() {},
};

/** Builds the context for one request: the live session and its user, or neither. */
export async function createContext(options: CreateContextOptions): Promise<Context> {
  const now = options.now ?? (() => new Date());
  const base = {
    db: options.db,
    now,
    meta: { ip: options.meta?.ip ?? null, userAgent: options.meta?.userAgent ?? null },
    cookies: options.cookies ?? noCookies,
    portalUrl: options.portalUrl?.replace(/\/+$/, '') || null,
    system: options.system ?? false,
  };
  const token = options.sessionToken;
  if (!token) return { ...base, session: null, user: null };
  // The session and its user in one statement; the session rules are validateSessionToken's.
  const at = now();
  const found = await loadSessionUser(options.db, hashToken(token), at);
  const session = found?.session ?? null;
  const user = found?.user ?? null;
  if (session && sessionHasEnded(session, at)) {
    // A timed-out session is deleted on sight.
    await invalidateSession(options.db, session.id);
    base.cookies.clear();
    return { ...base, session: null, user: null };
  }
  if (!found || !session || !user) {
    base.cookies.clear();
    return { ...base, session: null, user: null };
  }
  const ended = found.endedReason === 'suspended';
  if (ended || user.suspended) {
    // P13, P14: a suspended person's session ends here, whether it was marked when their access
    // was suspended or the suspension is only found now. This one request keeps the user, marked
    // `suspended`, so every procedure refuses it with the neutral message and the web app shows
    // its notice; the next request has no session. Someone reinstated meanwhile is just signed out.
    await invalidateSession(options.db, session.id);
    base.cookies.clear();
    if (!user.suspended) return { ...base, session: null, user: null };
    return { ...base, session, user };
  }
  if (sessionNeedsTouch(session, at)) {
    // Restarts the idle clock, at most once a minute: a write on every request would cost more.
    await options.db
      .updateTable('sessions')
      .set({ last_seen_at: at })
      .where('id', '=', session.id)
      .execute();
    session.lastSeenAt = at;
  }
  return { ...base, session, user };
}
