import { migrateToLatest, type Database } from '@schoolgate/db';

export async function migrate(db: Database, out: (line: string) => void): Promise<void> {
  const applied = await migrateToLatest(db);
  out(
    applied.length === 0
      ? 'The database is up to date: no migrations to apply.'
      : `Applied ${applied.length} migration(s): ${applied.join(', ')}.`,
  );
}
