import { createDb, migrateToLatest } from '@schoolgate/db';
import {
  RUN_ENV,
  dropRunDatabases,
  runOnServer,
  serverUrlFor,
  templateDatabase,
} from './postgres-server';

/**
 * With TEST_DATABASE_URL set, migrates one template database that every test file copies, and
 * afterwards drops every database the run made.
 */
export default async function setup(): Promise<() => Promise<void>> {
  process.env[RUN_ENV] ??= crypto.randomUUID().replaceAll('-', '').slice(0, 12);
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return async () => {};
  await runOnServer(serverUrl, [`create database ${templateDatabase()}`]);
  const db = createDb(serverUrlFor(serverUrl, templateDatabase()), { poolSize: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return () => dropRunDatabases(serverUrl);
}
