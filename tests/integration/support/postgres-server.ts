import pg from 'pg';

// Each test run names its databases after itself, so two runs against one server (a developer's
// and CI's) never drop each other's. The global setup chooses the run id; workers inherit it.
export const RUN_ENV = 'SCHOOLGATE_TEST_RUN';

export function runId(): string {
  const id = process.env[RUN_ENV];
  if (!id) throw new Error(`${RUN_ENV} is not set: run the tests through vitest's global setup.`);
  return id;
}

/** The migrated database every test file's own database is copied from. */
export const templateDatabase = () => `sg_template_${runId()}`;

/** Every database of this run starts with this. */
export const runDatabasePrefix = () => `sg_test_${runId()}_`;

/** The same server address with another database name. */
export function serverUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function runOnServer(serverUrl: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Drops the template and every database this run made, whatever happened to the files. */
export async function dropRunDatabases(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where datname like $1 or datname = $2',
      [`${runDatabasePrefix()}%`, templateDatabase()],
    );
    for (const { datname } of rows)
      await client.query(`drop database if exists ${datname} with (force)`);
  } finally {
    await client.end();
  }
}
