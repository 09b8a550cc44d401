import { createDb, migrateToLatest, redact, type Database } from '@schoolgate/db';
import { seedDemoSchool } from '@schoolgate/db/demo';
import { hashPassword } from '@schoolgate/auth';
import { env } from '$env/dynamic/private';

let database: Promise<Database> | undefined;

/** The process's one database: opened, migrated and (in demo mode) seeded on first use. */
export function getDatabase(): Promise<Database> {
  database ??= open().catch((cause: unknown) => {
    // Not kept: the next request tries again, so the portal recovers once the database is up.
    database = undefined;
    console.error(
      `Schoolgate: cannot open the database yet (${String(cause)}); retrying on the next request.`,
    );
    throw cause;
  });
  return database;
}

async function open(): Promise<Database> {
  const url = env.DATABASE_URL || undefined;
  const db = createDb(url);
  const applied = await migrateToLatest(db);
  const where = url ? redact(url) : 'the embedded database (.data/pglite)';
  console.info(`Schoolgate: using ${where}; ${applied.length} migration(s) applied.`);
  if (env.SCHOOLGATE_DEMO === '1') await seedDemo(db);
  return db;
}

async function seedDemo(db: Database): Promise<void> {
  const result = await seedDemoSchool(db, { now: new Date(), hashPassword });
  if (result.seeded) {
    console.info(`Demo school seeded: ${result.students} students, ${result.contacts} contacts.`);
  }
  // Demo mode only: these are published demo credentials, never real ones.
  console.info('Demo sign-ins (username / password):');
  for (const account of result.accounts) {
    console.info(`  ${account.role.padEnd(9)} ${account.username.padEnd(16)} ${account.password}`);
  }
}
