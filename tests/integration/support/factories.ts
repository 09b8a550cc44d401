import { createCaller, createContext, type Context, type SessionCookieJar } from '@schoolgate/api';
import {
  createSession,
  hashPassword,
  markTwoFactorVerified,
  sessionLifetime,
} from '@schoolgate/auth';
import { loadSettings, type Database } from '@schoolgate/db';

/** Where emailed links point in tests. */
export const TEST_PORTAL_URL = 'https://portal.example.org';

/** A fixed moment for tests: a Tuesday in term time. */
export const TEST_NOW = new Date('2026-11-17T09:30:00Z');

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** Argon2 is deliberately slow, so tests share one hash for the shared password. */
export const TEST_PASSWORD = 'Tidal-Meadow-93';
let sharedHash: Promise<string> | undefined;
const testHash = () => (sharedHash ??= hashPassword(TEST_PASSWORD));

export interface TestUser {
  userId: string;
  username: string;
  email: string;
}

async function newUser(
  db: Database,
  owner: { contact_id?: string; student_id?: string; staff_id?: string },
  status: 'active' | 'pending' | 'disabled' = 'active',
): Promise<TestUser> {
  const username = `user.${next()}`;
  const email = `${username}@example.org`;
  const row = await db
    .insertInto('users')
    .values({
      username,
      email,
      status,
      password_hash: status === 'pending' ? null : await testHash(),
      password_set_at: status === 'pending' ? null : TEST_NOW,
      ...owner,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { userId: row.id, username, email };
}

export async function newStudent(
  db: Database,
  fields: { yearGroup?: number; leavingDate?: string | null; admissionDate?: string } = {},
): Promise<{ studentId: string }> {
  const row = await db
    .insertInto('students')
    .values({
      forename: 'Sam',
      surname: `Student${next()}`,
      date_of_birth: '2013-05-04',
      year_group: fields.yearGroup ?? 9,
      form: `${fields.yearGroup ?? 9}N`,
      admission_date: fields.admissionDate ?? '2024-09-01',
      leaving_date: fields.leavingDate ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { studentId: row.id };
}

export async function newStaff(
  db: Database,
  roles: ('admin' | 'office' | 'teacher' | 'dsl' | 'governor')[],
): Promise<TestUser & { staffId: string }> {
  const staff = await db
    .insertInto('staff')
    .values({ forename: 'Pat', surname: `Staff${next()}`, email: `staff.${next()}@school.example` })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (roles.length > 0) {
    await db
      .insertInto('staff_roles')
      .values(roles.map((role) => ({ staff_id: staff.id, role })))
      .execute();
  }
  const user = await newUser(db, { staff_id: staff.id });
  // Staff must have a second factor (P17); tests start from one already set up.
  await db
    .insertInto('user_totp')
    .values({
      user_id: user.userId,
      secret: Buffer.from(TEST_TOTP_SECRET),
      enrolled_at: TEST_NOW,
      created_at: TEST_NOW,
    })
    .execute();
  return { ...user, staffId: staff.id };
}

export async function newParent(
  db: Database,
  options: { status?: 'active' | 'pending' | 'disabled' } = {},
): Promise<TestUser & { contactId: string }> {
  const contact = await db
    .insertInto('contacts')
    .values({
      forename: 'Alex',
      surname: `Parent${next()}`,
      email: `contact.${next()}@example.org`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    ...(await newUser(db, { contact_id: contact.id }, options.status)),
    contactId: contact.id,
  };
}

export async function newStudentUser(db: Database, studentId: string): Promise<TestUser> {
  return newUser(db, { student_id: studentId });
}

/** Links a contact to a student; by default verified with parental responsibility. */
export async function link(
  db: Database,
  contactId: string,
  studentId: string,
  options: {
    verified?: boolean;
    parentalResponsibility?: boolean;
    status?: 'unverified' | 'revoked';
  } = {},
): Promise<void> {
  const verified = options.verified ?? true;
  const verifier = verified ? (await newStaff(db, ['office'])).staffId : null;
  await db
    .insertInto('student_contacts')
    .values({
      contact_id: contactId,
      student_id: studentId,
      relationship: 'Parent',
      parental_responsibility: options.parentalResponsibility ?? true,
      status: verified ? 'verified' : (options.status ?? 'unverified'),
      verified_by_staff_id: verifier,
      verified_at: verified ? TEST_NOW : null,
      verification_evidence: verified ? 'birth_certificate' : null,
      verification_note: verified ? 'Seen at reception' : null,
    })
    .execute();
}

/** Records what the router does with the session cookie. */
export function recordingCookieJar(): SessionCookieJar & {
  token: string | null;
  expiresAt: Date | null;
  cleared: boolean;
  /** The device cookie (P5): set it beforehand to play a browser that already has one. */
  device: string | null;
} {
  return {
    token: null,
    expiresAt: null,
    cleared: false,
    device: null,
    set(token, expiresAt) {
      this.token = token;
      this.expiresAt = expiresAt;
    },
    clear() {
      this.cleared = true;
      this.token = null;
    },
    deviceId() {
      return this.device;
    },
    setDeviceId(id) {
      this.device = id;
    },
  };
}

export interface CallerOptions {
  now?: Date;
  ip?: string;
  cookies?: SessionCookieJar;
}

/** A caller with no session: what an anonymous visitor gets. */
export async function anonymousCaller(db: Database, options: CallerOptions = {}) {
  return createCaller(await contextFor(db, null, options));
}

/** The authenticator secret every test member of staff has set up. */
export const TEST_TOTP_SECRET = new Uint8Array(20).fill(7);

/**
 * A real session for `user`, as signing in (and, for staff, the second step) would make; returns
 * the cookie's token. `twoFactorVerified: false` stops before the second step.
 */
export async function sessionTokenFor(
  db: Database,
  user: TestUser,
  options: CallerOptions & { twoFactorVerified?: boolean } = {},
) {
  const settings = await loadSettings(db);
  const { token, session } = await createSession(db, {
    userId: user.userId,
    now: options.now ?? TEST_NOW,
    lifetime: sessionLifetime(settings, false),
    sharedDevice: false,
    ip: options.ip ?? '192.0.2.10',
    userAgent: 'vitest',
  });
  if (options.twoFactorVerified ?? true) await markTwoFactorVerified(db, session.id);
  return token;
}

/** A caller signed in as `user` through a real session, as the web app would build it. */
export async function callerFor(db: Database, user: TestUser, options: CallerOptions = {}) {
  return createCaller(await contextFor(db, await sessionTokenFor(db, user, options), options));
}

/** The router as the next request carrying `token` would see it. */
export async function callerWithToken(
  db: Database,
  token: string | null,
  options: CallerOptions = {},
) {
  return createCaller(await contextFor(db, token, options));
}

export function contextFor(
  db: Database,
  sessionToken: string | null,
  options: CallerOptions = {},
): Promise<Context> {
  return createContext({
    db,
    now: () => options.now ?? TEST_NOW,
    sessionToken,
    meta: { ip: options.ip ?? '192.0.2.10', userAgent: 'vitest' },
    portalUrl: TEST_PORTAL_URL,
    ...(options.cookies ? { cookies: options.cookies } : {}),
  });
}

/** The id of the link between a contact and a student, as `link` made it. */
export async function linkIdOf(db: Database, contactId: string, studentId: string) {
  const row = await db
    .selectFrom('student_contacts')
    .select('id')
    .where('contact_id', '=', contactId)
    .where('student_id', '=', studentId)
    .executeTakeFirstOrThrow();
  return row.id;
}
