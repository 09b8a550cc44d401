import pg from 'pg';
import { createDb, migrateToLatest } from '@schoolgate/db';
import { TEMPLATE_DATABASE, serverUrlFor } from './postgres-server';

/** With TEST_DATABASE_URL set, migrates one template database that every test file copies. */
export default async function setup(): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return async () => {};
  await runOnServer(serverUrl, [
    `drop database if exists ${TEMPLATE_DATABASE} with (force)`,
    `create database ${TEMPLATE_DATABASE}`,
  ]);
  const db = createDb(serverUrlFor(serverUrl, TEMPLATE_DATABASE), { poolSize: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return () =>
    runOnServer(serverUrl, [`drop database if exists ${TEMPLATE_DATABASE} with (force)`]);
}

async function runOnServer(serverUrl: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
