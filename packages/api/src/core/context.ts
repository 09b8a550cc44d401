import type { Database } from '@schoolgate/db';
import type { Session } from '@schoolgate/auth';
import type { Role } from './roles';

/*
 * What every procedure is given. Only types live here, so the procedure tiers can read them without
 * pulling in the code that loads a session (create-context.ts), which depends on the capabilities.
 */

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
  /**
   * An internal tool's API token (issue 15), only on /api/trpc with `Authorization: Bearer`. Such a
   * caller has no session and no user: it reaches only the `tools` procedures its scopes open.
   */
  apiToken?: ApiTokenIdentity | null;
}

/** A caller that presented a valid API token: which token, what it may do, who answers for it. */
export interface ApiTokenIdentity {
  id: string;
  name: string;
  scopes: readonly string[];
  /** The administrator accountable for the token; its calls are audited as theirs. */
  ownerUserId: string;
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

/**
 * Where a signed-in person stands with the second factor (P17):
 * - `enrol`: staff without an authenticator yet must set one up before anything else;
 * - `verify`: anyone who has one must give a code in each new session;
 * - `done`: checked in this session; `not_required`: a parent or student who has not opted in.
 */
export type TwoFactorState = 'enrol' | 'verify' | 'done' | 'not_required';

export type AccountKind = 'parent' | 'student' | 'staff';

/** The signed-in person as every procedure sees them. No hash or secret is ever loaded here. */
export interface SessionUser {
  id: string;
  username: string;
  email: string;
  kind: AccountKind;
  displayName: string;
  roles: Role[];
  contactId: string | null;
  studentId: string | null;
  staffId: string | null;
  /** The password is past its expiry: nothing but changing it is allowed (P11). */
  mustChangePassword: boolean;
  /** A policy version is in force that they have not accepted: only accepting it is allowed (P2). */
  mustAcceptPolicy: boolean;
  /** Access is revoked or under a safeguarding hold: every procedure refuses (P13, P14). */
  suspended: boolean;
  /** The school's enquiries address, for telling a refused person where to ask (P12). */
  enquiriesEmail: string;
  /** Where the second factor stands for this session (P17). */
  twoFactor: TwoFactorState;
}
