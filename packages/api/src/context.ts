import type { Database } from '@schoolgate/db';
import { invalidateSession, validateSessionToken, type Session } from '@schoolgate/auth';
import { loadSessionUser, type SessionUser } from './services/users';

/** Where the session token travels: the web app backs this with its cookies, tests with a variable. */
export interface SessionCookieJar {
  set(token: string, expiresAt: Date | null): void;
  clear(): void;
  /** The browser's long-lived device id (P5 new-device notices), or null when it has none. */
  deviceId(): string | null;
  /** Remembers this browser as a device; never called for a "public or shared computer". */
  setDeviceId(id: string): void;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface Context {
  db: Database;
  /** The clock every rule reads, so tests can set the date. */
  now: () => Date;
  meta: RequestMeta;
  session: Session | null;
  user: SessionUser | null;
  cookies: SessionCookieJar;
  /** The portal's public address, for links in emails; null when not configured. */
  portalUrl: string | null;
  /** True only for jobs run in-process by the CLI or the server's timers, never over HTTP. */
  system: boolean;
}

export interface CreateContextOptions {
  db: Database;
  now?: () => Date;
  meta?: Partial<RequestMeta>;
  sessionToken?: string | null;
  cookies?: SessionCookieJar;
  portalUrl?: string | null;
  system?: boolean;
}

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
  const found = await validateSessionToken(options.db, token, now());
  const session = found.status === 'invalid' ? null : found.session;
  const user = session
    ? await loadSessionUser(options.db, session.userId, now(), session.twoFactorVerified)
    : null;
  if (!session || !user) {
    base.cookies.clear();
    return { ...base, session: null, user: null };
  }
  if (found.status === 'ended' || user.suspended) {
    // P13, P14: a suspended person's session ends here, whether it was marked when their access
    // was suspended or the suspension is only found now. This one request keeps the user, marked
    // `suspended`, so every procedure refuses it with the neutral message and the web app shows
    // its notice; the next request has no session. Someone reinstated meanwhile is just signed out.
    await invalidateSession(options.db, session.id);
    base.cookies.clear();
    if (!user.suspended) return { ...base, session: null, user: null };
  }
  return { ...base, session, user };
}
