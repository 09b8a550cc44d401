import { afterAll, describe, expect, it } from 'vitest';
import { createCaller, createContext, DATABASE_UNAVAILABLE } from '@schoolgate/api';
import { createDb } from '@schoolgate/db';

// Issue 11, item 2: the portal outlives its database's hiccups. A request that cannot reach the
// database is told to try again (503). A connection the server ends: database-outage-postgres.

describe('a database that cannot be reached', () => {
  it('answers with a plain 503 "try again", not a crash or a stack trace', async () => {
    // Port 9 (discard) has nobody listening here: every connection is refused at once.
    const db = createDb('postgres://postgres@127.0.0.1:9/none', { poolSize: 1 });
    afterAll(() => db.destroy());
    const caller = createCaller(await createContext({ db }));
    const failure = (await caller.school.info().catch((e: unknown) => e)) as {
      code: string;
      message: string;
    };
    expect({ code: failure.code, message: failure.message }).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: DATABASE_UNAVAILABLE,
    });
  });
});
