import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { anonymousCaller, callerFor, newParent } from './support/factories';

// Issue 10, item 8: text the database cannot store (a NUL byte) is bad input, answered 400 with a
// plain message, never a 500; and nothing is written.

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
});

async function failureOf(promise: Promise<unknown>) {
  const error = (await promise.catch((e: unknown) => e)) as { code?: string; message?: string };
  return { code: error.code, message: error.message };
}

const NUL = 'Ann\u0000e';

describe('a NUL byte in text', () => {
  it('is refused as bad input by the public forms, before or after signing in', async () => {
    const anonymous = await anonymousCaller(db, { ip: '192.0.2.77' });
    // One at a time, so no refusal arrives before something awaits it.
    for (const attempt of [
      () => anonymous.auth.signIn({ identifier: NUL, password: 'Whatever-1a' }),
      () => anonymous.auth.requestPasswordReset({ identifier: NUL }),
      () =>
        anonymous.accessRequests.submit({
          forename: NUL,
          surname: 'Example',
          email: 'nul@example.org',
          relationship: 'Mother',
          children: [{ forename: 'Sam', surname: 'Example', dateOfBirth: '2013-05-04' }],
        }),
    ]) {
      expect(await failureOf(attempt())).toEqual({
        code: 'BAD_REQUEST',
        message:
          'One of the values contains a character that cannot be stored (such as a NUL byte).',
      });
    }
    const stored = await db
      .selectFrom('access_requests')
      .select('id')
      .where('email', '=', 'nul@example.org')
      .execute();
    expect(stored).toEqual([]);
  });

  it('is refused in a signed-in parent’s change request too', async () => {
    const parent = await newParent(db);
    const caller = await callerFor(db, parent);
    const failure = await failureOf(
      caller.changeRequests.reportChange({ detailType: 'other', message: `We moved. ${NUL}` }),
    );
    expect(failure.code).toBe('BAD_REQUEST');
    expect(await caller.changeRequests.mine()).toEqual([]);
  });
});
