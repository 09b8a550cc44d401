import { afterAll } from 'vitest';
import pg from 'pg';
import { createDb, migrateToLatest, type Database } from '@schoolgate/db';
import { runDatabasePrefix, serverUrlFor, templateDatabase } from './postgres-server';

/**
 * A fresh, migrated database for one test file, closed when the file ends: in-memory PGlite by
 * default, or a new database on the server named by TEST_DATABASE_URL (copied from a migrated
 * template made once per run by the global setup).
 */
export async function freshDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const db = createDb('memory:');
    await migrateToLatest(db);
    afterAll(() => db.destroy());
    return db;
  }
  const name = `${runDatabasePrefix()}${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${templateDatabase()}`);
  } finally {
    await admin.end();
  }
  const db = createDb(serverUrlFor(serverUrl, name), { poolSize: 4 });
  afterAll(async () => {
    await db.destroy();
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  });
  return db;
}
