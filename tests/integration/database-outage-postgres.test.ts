import { describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { isDatabaseUnavailable } from '@schoolgate/db';
import { freshDatabase } from './support/database';

// Issue 11, item 2: a pooled PostgreSQL connection ended by the server (a restart,
// pg_terminate_backend, an idle timeout) does not end the process: the pool replaces it. Only a
// server ends connections, so vitest.config.ts runs this file in the PostgreSQL pass only.

describe('a PostgreSQL server that ends connections', () => {
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
