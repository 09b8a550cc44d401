import { afterAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { createCaller, createContext, DATABASE_UNAVAILABLE } from '@schoolgate/api';
import { createDb, isDatabaseUnavailable } from '@schoolgate/db';
import { freshDatabase } from './support/database';

// Issue 11, item 2: the portal outlives its database's hiccups. A request that cannot reach the
// database is told to try again (503), and a pooled connection ended by the server does not end
// the process: the pool replaces it.

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

describe.runIf(process.env.TEST_DATABASE_URL)('a PostgreSQL server that ends connections', () => {
  it('keeps the process alive and serves the next request on a new connection', async () => {
    const db = await freshDatabase();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
      const name = rows[0]!.name;
      // What a restart or an idle timeout does to the pool's idle connections.
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1',
          [name],
        );
      } finally {
        await admin.end();
      }
      await vi.waitFor(() => expect(logged).toHaveBeenCalled(), { timeout: 5_000 });
      expect(String(logged.mock.calls[0]?.[0])).toMatch(/a database connection was lost/);
      const again = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(again.rows).toEqual([{ one: 1 }]);
    } finally {
      logged.mockRestore();
    }
  });

  it('survives a connection lost while in use between two statements of a transaction', async () => {
    const db = await freshDatabase();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const outcome = await db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
          await admin.connect();
          try {
            await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
          } finally {
            await admin.end();
          }
          // No statement in flight: node-postgres reports the loss as an 'error' event.
          await vi.waitFor(() => expect(logged).toHaveBeenCalled(), { timeout: 5_000 });
          await sql`select 1`.execute(trx);
        })
        .then(
          () => 'committed',
          (error: unknown) => (isDatabaseUnavailable(error) ? 'unavailable' : String(error)),
        );
      expect(outcome).toBe('unavailable');
      expect(String(logged.mock.calls[0]?.[0])).toMatch(/a database connection was lost/);
      const again = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(again.rows).toEqual([{ one: 1 }]);
    } finally {
      logged.mockRestore();
    }
  });
});
