import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createCaller, createContext, settleAfterResponse } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  TEST_PASSWORD,
  TEST_PORTAL_URL,
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  type TestUser,
} from './support/factories';
import { countingQueries } from './support/query-counter';
import { refusalOf } from './support/refusal';

// Issue 10 item 9: neither the answer nor the work done before it may tell accounts apart. Every
// Argon2 verification is counted (the module is wrapped, nothing else changes), and so is every
// statement sent to the database during a call: structural measures of "the same work", where a
// clock would be flaky.
const argon2 = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...actual,
    verify: (...args: Parameters<typeof actual.verify>) => {
      argon2.verifications += 1;
      return actual.verify(...args);
    },
  };
});

let db: Database;
let counted: ReturnType<typeof countingQueries>;
beforeAll(async () => {
  db = await freshDatabase();
  counted = countingQueries(db);
});

const REFUSED = {
  code: 'UNAUTHORIZED',
  message:
    'Incorrect username or password. If you are sure both are right, please contact the school at enquiries@school.invalid.',
};

let address = 0;
/** An anonymous caller on the counting database, from an address of its own. */
async function anonymous() {
  return createCaller(
    await createContext({
      db: counted.db,
      now: () => TEST_NOW,
      meta: { ip: `198.51.100.${++address}`, userAgent: 'vitest' },
      portalUrl: TEST_PORTAL_URL,
    }),
  );
}

/** One sign-in: what it answered, how many Argon2 checks and database statements it took. */
async function attempt(identifier: string, password: string) {
  const caller = await anonymous();
  argon2.verifications = 0;
  counted.reset();
  const answer = await refusalOf(caller.auth.signIn({ identifier, password }));
  return {
    answer: { code: answer.code, message: answer.message },
    verifications: argon2.verifications,
    statements: counted.count,
  };
}

async function lockedOut(user: TestUser) {
  for (let i = 0; i < 10; i++) await attempt(user.username, `Wrong-Guess-${i}-Aa`);
  return user;
}

async function revoked() {
  const parent = await newParent(db);
  const office = await newStaff(db, ['office']);
  await (
    await callerFor(db, office)
  ).admin.restrictions.create({
    target: { kind: 'contact', id: parent.contactId },
    reason: 'policy_breach',
    note: 'Shared their password.',
  });
  return parent;
}

async function underHold() {
  const parent = await newParent(db);
  const { studentId } = await newStudent(db);
  await link(db, parent.contactId, studentId);
  const dsl = await newStaff(db, ['dsl']);
  await (
    await callerFor(db, dsl)
  ).safeguarding.holds.place({ studentId, reason: 'A concern under review.', scope: 'all_access' });
  return parent;
}

describe('a refused sign-in (issue 10 item 9)', () => {
  it('gives one answer, after one Argon2 check and the same statements, whatever the account', async () => {
    const known = await newParent(db);
    // Settings are read once per call; a first refusal warms nothing that the others skip.
    await attempt('warm.up', 'Whatever-1a');
    const cases = {
      'an unknown account': () => attempt('nobody.at.all', TEST_PASSWORD),
      'a wrong password': () => attempt(known.username, 'Wrong-Password-1'),
      'a locked account, right password': async () =>
        attempt((await lockedOut(await newParent(db))).username, TEST_PASSWORD),
      'a locked unknown account': async () => {
        for (let i = 0; i < 10; i++) await attempt('ghost.locked', `Wrong-${i}-Aa`);
        return attempt('ghost.locked', TEST_PASSWORD);
      },
      'a revoked account, right password': async () =>
        attempt((await revoked()).username, TEST_PASSWORD),
      'an account under a safeguarding hold, right password': async () =>
        attempt((await underHold()).email, TEST_PASSWORD),
      'a disabled account, right password': async () =>
        attempt((await newParent(db, { status: 'disabled' })).username, TEST_PASSWORD),
      'an account not yet activated': async () =>
        attempt((await newParent(db, { status: 'pending' })).username, TEST_PASSWORD),
    };
    const results: Record<string, Awaited<ReturnType<typeof attempt>>> = {};
    for (const [name, run] of Object.entries(cases)) results[name] = await run();

    const expected = results['a wrong password']!;
    expect(expected).toMatchObject({ answer: REFUSED, verifications: 1 });
    for (const [name, result] of Object.entries(results)) {
      expect({ name, ...result }).toEqual({ name, ...expected });
    }
  });

  it('still signs in with the right password, after the same one check', async () => {
    const parent = await newParent(db);
    argon2.verifications = 0;
    const answer = await (
      await anonymous()
    ).auth.signIn({ identifier: parent.username, password: TEST_PASSWORD });
    expect(answer.twoFactor).toBe('not_required');
    expect(argon2.verifications).toBe(1);
  });
});

describe('a forgotten-password request (issue 10 item 9)', () => {
  /** The statements sent before the answer came back, read before any later work can run. */
  async function request(identifier: string) {
    const caller = await anonymous();
    counted.reset();
    const answer = await caller.auth.requestPasswordReset({ identifier });
    // Synchronously, straight after the answer: work left for after it cannot have started yet.
    const statements = counted.count;
    await settleAfterResponse();
    return { answer, statements };
  }

  const resetEmailsTo = async (email: string) =>
    (
      await db
        .selectFrom('email_outbox')
        .select('id')
        .where('to_address', '=', email)
        .where('kind', '=', 'password_reset')
        .execute()
    ).length;

  it('does the same work before answering for a real account as for none, and emails only the real one', async () => {
    const parent = await newParent(db);
    await request('warm.up.reset');
    const real = await request(parent.username);
    const unknown = await request('nobody.at.all');
    const suspended = await request((await revoked()).username);
    expect(real).toEqual({ answer: { requested: true }, statements: unknown.statements });
    expect(suspended).toEqual(real);
    expect(await resetEmailsTo(parent.email)).toBe(1);
  });
});
