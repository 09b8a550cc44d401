import type pg from 'pg';

/**
 * Sends every statement a connection runs as a named prepared statement, so PostgreSQL parses and
 * plans the portal's large generated SQL once per connection instead of once per request (issue 17:
 * planning was three quarters of the database's work for a home page).
 *
 * Each connection keeps at most `perConnection` statements, the least recently used closed first:
 * a statement whose text varies (an `in (…)` list of every length) would otherwise grow each
 * connection's memory without end. Names are a per-connection counter, never reused, so a
 * statement whose `DEALLOCATE` failed (sent inside a failed transaction) cannot collide with a
 * later one.
 *
 * A pooler in transaction mode (PgBouncer before 1.21) does not keep named statements between
 * transactions: turn this off there with SCHOOLGATE_PREPARED_STATEMENTS=off.
 */
export function prepareStatementsOf(pool: pg.Pool, perConnection: number): void {
  pool.on('connect', (client) => nameStatementsOn(client, perConnection));
}

type Query = pg.PoolClient['query'];

function nameStatementsOn(client: pg.PoolClient, perConnection: number): void {
  const names = new Map<string, string>();
  let counter = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  const parsed = () =>
    (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection
      .parsedStatements;

  const forget = (text: string) => {
    const name = names.get(text);
    if (!name) return;
    names.delete(text);
    delete parsed()[name];
    // Queued before the next statement; refused only inside a failed transaction, where the
    // statement then stays until the connection closes (its name is never used again).
    query(`deallocate "${name}"`).catch(() => {});
  };

  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    // Only Kysely's plain form (text and an array of values, no callback) is named: cursors,
    // config objects and callbacks go through untouched.
    if (typeof text !== 'string' || !Array.isArray(values) || callback !== undefined) {
      return query(text, values, callback);
    }
    let name = names.get(text);
    if (name) {
      names.delete(text); // re-inserted below: the Map's order is the least recently used first
    } else {
      if (names.size >= perConnection) forget(names.keys().next().value!);
      name = `sg${++counter}`;
    }
    names.set(text, name);
    return query({ name, text, values }).catch((error: { code?: string }) => {
      // The plan no longer fits the tables (a migration ran beside this connection), or the
      // server lost the statement (DISCARD ALL): prepare it afresh next time rather than fail
      // every later use.
      if (error?.code === '0A000' || error?.code === '26000') forget(text);
      throw error;
    });
  }) as Query;
}
