import {
  createDb,
  embeddedDatabaseOf,
  migrateToLatest,
  openWhenReachable,
  redact,
  type Database,
} from '@schoolgate/db';
import { seedDemoSchool } from '@schoolgate/db/demo';
import { hashPassword } from '@schoolgate/auth';
import { env } from '$env/dynamic/private';
import { serveCommands } from '@schoolgate/cli/relay';
import { closeAtShutdown, stopAtShutdown } from './shutdown';

let database: Promise<Database> | undefined;
let starting = true;

/**
 * The process's one database: opened, migrated and (in demo mode) seeded on first use. At start-up
 * (the first call) a database that is not reachable yet is waited for, up to DATABASE_WAIT_SECONDS
 * (default 60); after that, a request finding it away gets the 503 page and the next one tries again.
 */
export function getDatabase(): Promise<Database> {
  database ??= openOnce().catch((cause: unknown) => {
    // Not kept: the next request tries again, so the portal recovers once the database is up.
    database = undefined;
    console.error(
      `Schoolgate: cannot open the database yet (${String(cause)}); retrying on the next request.`,
    );
    throw cause;
  });
  return database;
}

function openOnce(): Promise<Database> {
  if (!starting) return open();
  starting = false;
  return openWhenReachable(open, { maxWaitMs: waitSeconds() * 1000 });
}

function waitSeconds(): number {
  const seconds = Number(env.DATABASE_WAIT_SECONDS ?? 60);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 60;
}

async function open(): Promise<Database> {
  const url = env.DATABASE_URL || undefined;
  const db = createDb(url);
  let applied: string[];
  try {
    applied = await migrateToLatest(db);
  } catch (cause) {
    // Each try has its own pool (or embedded folder lock): hand it back before the next.
    await db.destroy().catch(() => undefined);
    throw cause;
  }
  closeAtShutdown(() => db.destroy());
  await takeCommands(db);
  const where = url ? redact(url) : 'the embedded database (.data/pglite)';
  console.info(`Schoolgate: using ${where}; ${applied.length} migration(s) applied.`);
  if (env.SCHOOLGATE_DEMO === '1') await seedDemo(db);
  return db;
}

/**
 * On the embedded database, `schoolgate` commands (cron's `jobs run`, imports, backups) cannot
 * open it while the portal holds it: the portal runs them for the command line instead.
 */
async function takeCommands(db: Database): Promise<void> {
  const embedded = embeddedDatabaseOf(db);
  if (!embedded) return;
  try {
    const relay = await serveCommands(db, embedded.dir);
    stopAtShutdown(() => relay.close());
  } catch (error) {
    // The portal works without it; commands are then refused with the "in use" line.
    console.error(`Schoolgate: cannot take commands from the command line (${String(error)}).`);
  }
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
