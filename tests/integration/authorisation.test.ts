import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createCaller, ROLES, type Role } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { AUTHORISATION_TABLE } from './authorisation-table';
import { freshDatabase } from './support/database';
import {
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

async function call(role: Role, path: string): Promise<string> {
  const caller = await callerAs(role);
  const procedure = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input?: unknown,
  ) => Promise<unknown>;
  // No input: an allowed role gets past the role check and fails input validation (or succeeds);
  // a refused role never reaches the input.
  return procedure(undefined).then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? 'unknown',
  );
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
