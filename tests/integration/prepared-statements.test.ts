import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, prepareStatementsOf } from '@schoolgate/db';
import { runDatabasePrefix, runOnServer, serverUrlFor } from './support/postgres-server';

// Issue 17: statements sent to a PostgreSQL server as named prepared statements, a bounded number
// per connection. Only a server prepares statements, so vitest.config.ts runs this file in the
// PostgreSQL pass only.

const serverUrl = process.env.TEST_DATABASE_URL!;
const name = `${runDatabasePrefix()}prepared`;
const url = serverUrlFor(serverUrl, name);

/** One connection, so every statement meets the same server session. */
function onePool(perConnection: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  prepareStatementsOf(pool, perConnection);
  return pool;
}

async function preparedOn(client: pg.PoolClient): Promise<string[]> {
  // A config object, which the wrapper leaves unnamed, so the check is not itself counted.
  const { rows } = await client.query<{ statement: string }>({
    text: 'select statement from pg_prepared_statements order by prepare_time',
  });
  return rows.map((row) => row.statement);
}

describe('named prepared statements', () => {
  beforeAll(async () => {
    await runOnServer(serverUrl, [`create database ${name}`]);
    await runOnServer(url, ['create table pupils (id int primary key, name text)']);
    await runOnServer(url, [`insert into pupils values (1, 'Daniel'), (2, 'Zając')`]);
  });
  afterAll(() => runOnServer(serverUrl, [`drop database if exists ${name} with (force)`]));

  it('prepares a statement once per connection and gives the same answers', async () => {
    const pool = onePool(10);
    const client = await pool.connect();
    try {
      const text = 'select name from pupils where id = $1';
      expect((await client.query(text, [1])).rows).toEqual([{ name: 'Daniel' }]);
      expect((await client.query(text, [2])).rows).toEqual([{ name: 'Zając' }]);
      expect(await preparedOn(client)).toEqual([text]);
    } finally {
      client.release();
      await pool.end();
    }
  });

  it('keeps at most the given number, closing the least recently used', async () => {
    const pool = onePool(3);
    const client = await pool.connect();
    try {
      const texts = [1, 2, 3, 4, 5].map((n) => `select $1::int + ${n} as total`);
      for (const text of texts.slice(0, 3)) await client.query(text, [1]);
      await client.query(texts[0]!, [1]); // used again: now the most recent
      for (const text of texts.slice(3)) await client.query(text, [1]);
      expect((await preparedOn(client)).sort()).toEqual([texts[0], texts[3], texts[4]].sort());
      // A closed one is prepared again when it comes back, with the right answer.
      expect((await client.query(texts[1]!, [10])).rows).toEqual([{ total: 12 }]);
      expect(await preparedOn(client)).toHaveLength(3);
    } finally {
      client.release();
      await pool.end();
    }
  });

  it('survives a failed transaction that closes a statement, and a statement that never parses', async () => {
    const pool = onePool(1);
    const client = await pool.connect();
    try {
      await client.query('begin', []);
      await expect(client.query('select 1 / $1::int', [0])).rejects.toThrow(/division by zero/);
      // Closing the previous statement is refused inside the failed transaction: no harm done.
      await expect(client.query('select $1::int', [1])).rejects.toThrow(/aborted/);
      await client.query('rollback', []);
      expect((await client.query('select name from pupils where id = $1', [1])).rows).toEqual([
        { name: 'Daniel' },
      ]);
      for (let attempt = 0; attempt < 2; attempt++) {
        await expect(client.query('selec nothing where $1', [1])).rejects.toThrow(/syntax error/);
      }
    } finally {
      client.release();
      await pool.end();
    }
  });

  it('prepares afresh when a migration beside it changes a table', async () => {
    const pool = onePool(10);
    const client = await pool.connect();
    try {
      const text = 'select * from pupils where id = $1';
      expect((await client.query(text, [1])).rows).toEqual([{ id: 1, name: 'Daniel' }]);
      await runOnServer(url, ['alter table pupils add column form text']);
      // The server refuses the old plan once, then it is prepared again with the new column.
      await client.query(text, [1]).catch((error: { code?: string }) => {
        expect(error.code).toBe('0A000');
      });
      expect((await client.query(text, [1])).rows).toEqual([{ id: 1, name: 'Daniel', form: null }]);
    } finally {
      client.release();
      await pool.end();
      await runOnServer(url, ['alter table pupils drop column form']);
    }
  });

  it('is what createDb does on a server, unless turned off', async () => {
    const count = (db: ReturnType<typeof createDb>) =>
      db.connection().execute(async (conn) => {
        await sql`select name from pupils where id = ${1}`.execute(conn);
        const { rows } = await sql<{
          count: number;
        }>`select count(*)::int as count from pg_prepared_statements where statement like 'select name from pupils%'`.execute(
          conn,
        );
        return rows[0]!.count;
      });
    const on = createDb(url, { poolSize: 1 });
    const off = createDb(url, { poolSize: 1, preparedStatements: false });
    try {
      expect(await count(on)).toBe(1);
      expect(await count(off)).toBe(0);
    } finally {
      await Promise.all([on.destroy(), off.destroy()]);
    }
  });
});
