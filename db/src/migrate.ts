import { Migrator, type MigrationResultSet } from 'kysely';
import { migrations } from '../migrations';
import type { Database } from './client';

function migrator(db: Database): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
}

/** Runs every pending migration; throws with the failing migration's name if one fails. */
export async function migrateToLatest(db: Database): Promise<string[]> {
  return applied(await migrator(db).migrateToLatest());
}

export async function migrateDown(db: Database): Promise<string[]> {
  return applied(await migrator(db).migrateDown());
}

function applied({ error, results }: MigrationResultSet): string[] {
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const where = failed ? ` in migration ${failed.migrationName}` : '';
    throw new Error(`Database migration failed${where}: ${String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
