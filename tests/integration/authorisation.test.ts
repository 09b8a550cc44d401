import { beforeAll, describe, expect, it } from 'vitest';
import {
  API_SCOPES,
  apiTokenIdentity,
  appRouter,
  createCaller,
  ROLES,
  type Role,
} from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { AUTHORISATION_TABLE } from './authorisation-table';
import { TOKEN_SCOPE_TABLE } from './authorisation-rows/api-tokens';
import { freshDatabase } from './support/database';
import { generateToken, hashToken } from '@schoolgate/auth';
import {
  TEST_NOW,
  contextFor,
  sessionTokenFor,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  type TestUser,
} from './support/factories';

const procedures = Object.keys(appRouter._def.procedures).sort();

let db: Database;
const users = new Map<Role, TestUser>();

beforeAll(async () => {
  db = await freshDatabase();
  users.set('parent', await newParent(db));
  users.set('student', await newStudentUser(db, (await newStudent(db)).studentId));
  for (const role of ['teacher', 'office', 'dsl', 'governor', 'admin'] as const) {
    users.set(role, await newStaff(db, [role]));
  }
});

/** A caller for `role` with a session of its own, so a sign-out cannot affect other calls. */
async function callerAs(role: Role) {
  const user = users.get(role);
  if (!user) return createCaller(await contextFor(db, null));
  return createCaller(await contextFor(db, await sessionTokenFor(db, user)));
}

/**
 * Calls the procedure at `path` with no input and says how it answered: an allowed caller gets
 * past the role check and fails input validation (or succeeds); a refused one never reaches the
 * input.
 */
function outcomeOf(caller: ReturnType<typeof createCaller>, path: string): Promise<string> {
  const procedure = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input?: unknown,
  ) => Promise<unknown>;
  return procedure(undefined).then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? 'unknown',
  );
}

async function call(role: Role, path: string): Promise<string> {
  return outcomeOf(await callerAs(role), path);
}

describe('authorisation table', () => {
  it('has a row for every procedure of the router, and no row for a procedure that does not exist', () => {
    expect(procedures).toEqual(Object.keys(AUTHORISATION_TABLE).sort());
  });

  it('names only known roles', () => {
    for (const roles of Object.values(AUTHORISATION_TABLE)) {
      for (const role of roles) expect(ROLES).toContain(role);
    }
  });

  describe.each(procedures)('%s', (path) => {
    it.each(ROLES.map((role) => [role]))('as %s', async (role) => {
      const allowed = AUTHORISATION_TABLE[path]?.includes(role) ?? false;
      const outcome = await call(role, path);
      // Student records answer roles that may never see them (governors) with "not found", as they
      // answer a parent asking for another family's child; an allowed role without input gets a
      // bad-input answer first, so NOT_FOUND here always means refused.
      const refused = ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'].includes(outcome);
      expect(refused ? 'refused' : 'let in', `${role} calling ${path} gave ${outcome}`).toBe(
        allowed ? 'let in' : 'refused',
      );
    });
  });
});

describe('API tokens (the "token with scope" column)', () => {
  /** A caller holding an API token with `scopes` (unknown scopes are stored but grant nothing). */
  async function tokenCaller(scopes: string[]) {
    const admin = users.get('admin')!;
    const secret = `sgt_${generateToken()}`;
    await db
      .insertInto('api_tokens')
      .values({
        name: `authorisation ${scopes.join(' ') || 'none'}`,
        token_hash: hashToken(secret),
        scopes,
        owner_user_id: admin.userId,
        created_at: TEST_NOW,
        expires_at: new Date(TEST_NOW.getTime() + 86_400_000),
      })
      .execute();
    const identity = await apiTokenIdentity(db, secret, '192.0.2.1', TEST_NOW);
    expect(identity).not.toBeNull();
    return createCaller({ ...(await contextFor(db, null)), apiToken: identity });
  }

  let everyScope: Awaited<ReturnType<typeof tokenCaller>>;
  let noScope: Awaited<ReturnType<typeof tokenCaller>>;
  beforeAll(async () => {
    everyScope = await tokenCaller(Object.keys(API_SCOPES));
    noScope = await tokenCaller(['no-such:scope']);
  });

  it('names only scopes that exist, and only procedures of the router', () => {
    for (const [path, scope] of Object.entries(TOKEN_SCOPE_TABLE)) {
      expect(procedures).toContain(path);
      if (scope !== null) expect(Object.keys(API_SCOPES)).toContain(scope);
    }
  });

  it.each(procedures.map((path) => [path]))('%s', async (path) => {
    const needs = TOKEN_SCOPE_TABLE[path];
    const refused = (outcome: string) =>
      ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'].includes(outcome) ? 'refused' : 'let in';
    const withEvery = await outcomeOf(everyScope, path);
    expect(refused(withEvery), `a token with every scope calling ${path} gave ${withEvery}`).toBe(
      needs === undefined ? 'refused' : 'let in',
    );
    const withNone = await outcomeOf(noScope, path);
    expect(refused(withNone), `a token with no scope calling ${path} gave ${withNone}`).toBe(
      needs === null ? 'let in' : 'refused',
    );
  });
});
