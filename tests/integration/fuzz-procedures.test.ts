import { sql } from 'kysely';
import fc from 'fast-check';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  appRouter,
  createCaller,
  GENERIC_FAILURE,
  publicMessage,
  settleAfterResponse,
} from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  contextFor,
  newParent,
  newStaff,
  newStudent,
  sessionTokenFor,
  type TestUser,
} from './support/factories';
import { hostileInputFor, type KnownValues } from './support/hostile-input';

// Issue 10 item 8 (TESTING.md §5): every procedure of the router, called with generated hostile
// input by an anonymous visitor, a parent and a member of office staff who is also an admin, never
// fails as an internal error, never says anything internal, and changes nothing when it refuses.
// Seeded, with a fixed number of runs, so every run sends the same calls.

const SEED = 20261117;
const RUNS_PER_PROCEDURE = 5;

interface Procedure {
  _def: { type: 'query' | 'mutation'; inputs: unknown[] };
}
const procedures = (appRouter._def as unknown as { procedures: Record<string, Procedure> })
  .procedures;

// Calls that change what every later call meets (the settings, a policy everyone must accept)
// run last, so that they cannot turn all the others into "accept the policy first".
const LAST = ['admin.settings.', 'admin.policy.publish'];
const paths = Object.keys(procedures).sort(
  (a, b) =>
    Number(LAST.some((p) => a.startsWith(p))) - Number(LAST.some((p) => b.startsWith(p))) ||
    a.localeCompare(b),
);

let db: Database;
let verifierStaffId: string;
let studentId: string;
let parent: TestUser;
let officeAdmin: TestUser;
const known: { ids: string[] } = { ids: [] };

beforeAll(async () => {
  db = await freshDatabase();
  const verifier = await newStaff(db, ['office']);
  verifierStaffId = verifier.staffId;
  studentId = (await newStudent(db)).studentId;
  const other = await newStudent(db);
  const otherParent = await newParent(db);
  known.ids.push(studentId, other.studentId, otherParent.contactId, otherParent.userId);
  known.ids.push(verifier.staffId, verifier.userId);
  parent = await parentOf(studentId);
  officeAdmin = await newStaff(db, ['office', 'admin']);
  await acceptPolicies(officeAdmin);
});

/** A parent of `student`, verified, with any policy in force already accepted. */
async function parentOf(student: string): Promise<TestUser> {
  const parent = await newParent(db);
  await db
    .insertInto('student_contacts')
    .values({
      contact_id: parent.contactId,
      student_id: student,
      relationship: 'Parent',
      parental_responsibility: true,
      status: 'verified',
      verified_by_staff_id: verifierStaffId,
      verified_at: TEST_NOW,
      verification_evidence: 'birth_certificate',
      verification_note: 'Seen at reception',
    })
    .execute();
  await acceptPolicies(parent);
  return parent;
}

async function acceptPolicies(user: TestUser) {
  await sql`insert into policy_acceptances (user_id, policy_version_id, accepted_at)
    select ${user.userId}, id, ${TEST_NOW} from policy_versions`.execute(db);
}

// Refused calls may write these by design: the audit log (refusals are audited, item 6), the
// sign-in throttle (an attempt is reserved before the password is checked, item 1).
const CHANGED_BY_DESIGN = new Set(['audit_log', 'signin_throttle']);

let tableNames: string[] | undefined;

/**
 * Every other table's row count and newest row version, in one statement: an insert, an update
 * (even to the same values) and a delete each change one of them, and a rolled-back write changes
 * neither. Far cheaper than reading every row, which matters at hundreds of snapshots a run.
 */
async function snapshot(): Promise<Record<string, string>> {
  tableNames ??= (
    await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'
        and table_name not like 'kysely_%'
      order by table_name`.execute(db)
  ).rows
    .map((t) => t.name)
    .filter((name) => !CHANGED_BY_DESIGN.has(name));
  const parts = tableNames.map(
    (name) =>
      sql`select ${name}::text as name, count(*) || ':' || coalesce(max(xmin::text::bigint), 0) as digest from ${sql.table(name)}`,
  );
  const { rows } = await sql<{
    name: string;
    digest: string;
  }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}

/** The caller's function for `path` ('admin.staff.get'), as the web app would call it. */
function procedureOf(caller: ReturnType<typeof createCaller>, path: string) {
  let target: unknown = caller;
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  return target as (input: unknown) => Promise<unknown>;
}

type Identity = 'anonymous' | 'parent' | 'office and admin';
const IDENTITIES: Identity[] = ['anonymous', 'parent', 'office and admin'];

/**
 * A fresh session for each procedure, so that signing out or ending sessions never carries over;
 * each procedure's calls happen 15 minutes after the last one's, so that the refusals of one
 * person never add up to a burst notice (20 in 10 minutes, item 6) or a lockout.
 */
async function callerAs(identity: Identity, index: number) {
  const now = new Date(TEST_NOW.getTime() + index * 15 * 60_000);
  const ip = `198.18.${index % 250}.${IDENTITIES.indexOf(identity) + 1}`;
  if (identity === 'anonymous') return createCaller(await contextFor(db, null, { now, ip }));
  const user = identity === 'parent' ? parent : officeAdmin;
  return createCaller(
    await contextFor(db, await sessionTokenFor(db, user, { now, ip }), { now, ip }),
  );
}

interface Outcome {
  refused: boolean;
  problem: string | null;
}

async function call(fn: (input: unknown) => Promise<unknown>, input: unknown): Promise<Outcome> {
  try {
    await fn(input);
    return { refused: false, problem: null };
  } catch (error) {
    if (!(error instanceof TRPCError)) return { refused: true, problem: `threw ${String(error)}` };
    const message = publicMessage(error);
    if (error.code === 'INTERNAL_SERVER_ERROR' || message === GENERIC_FAILURE) {
      const cause = error.cause instanceof Error ? error.cause.message : '';
      return { refused: true, problem: `internal error: ${error.message} ${cause}` };
    }
    if (/SQLSTATE|violates|relation "|column "|syntax error|\bat .+:\d+:\d+/.test(message)) {
      return { refused: true, problem: `internal words in the answer: ${message}` };
    }
    return { refused: true, problem: null };
  }
}

describe('every procedure, with hostile input', () => {
  it('covers the whole router', () => {
    expect(paths.length).toBeGreaterThan(130);
  });

  for (const [index, path] of paths.entries()) {
    it(path, async () => {
      const schema = procedures[path]!._def.inputs[0];
      const arbitrary = hostileInputFor(schema, known as KnownValues);
      const callers = await Promise.all(IDENTITIES.map((identity) => callerAs(identity, index)));
      // One snapshot before, then one after each person's calls, which is the next one's "before".
      let before = await snapshot();
      for (const [i, identity] of IDENTITIES.entries()) {
        const fn = procedureOf(callers[i]!, path);
        let allRefused = true;
        await fc.assert(
          fc.asyncProperty(arbitrary, async (input) => {
            const outcome = await call(fn, input);
            allRefused &&= outcome.refused;
            expect(outcome.problem, `${identity} calling ${path}`).toBeNull();
          }),
          { seed: SEED + index, numRuns: RUNS_PER_PROCEDURE, endOnFailure: true },
        );
        // Nothing a refused call started may run on afterwards and write.
        await settleAfterResponse();
        const after = await snapshot();
        if (allRefused) {
          expect(after, `${identity}: ${path} refused, yet changed data`).toEqual(before);
        }
        before = after;
      }
    });
  }
});
