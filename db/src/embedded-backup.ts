import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { embeddedDatabaseOf, PGLITE_PARSERS, type Database } from './client';
import { holdEmbeddedDatabase } from './embedded-lock';

/**
 * Writes a copy of the embedded database behind `db` to `file` (a gzipped tar of its folder) and
 * returns its size in bytes. Safe while the portal runs: it holds the database's one connection,
 * so no transaction is half-way through, and checkpoints first, so the copy needs no recovery.
 */
export async function backupEmbedded(db: Database, file: string): Promise<number> {
  const embedded = embeddedDatabaseOf(db);
  if (!embedded) {
    throw new Error(
      'Only the embedded database is backed up this way; for a PostgreSQL server use pg_dump (docs/operations.md).',
    );
  }
  const bytes = await db.connection().execute(async (connection) => {
    await sql`checkpoint`.execute(connection);
    const tar = await embedded.pglite.dumpDataDir('gzip');
    return new Uint8Array(await tar.arrayBuffer());
  });
  // Written beside the target and renamed, so a copy cut short never looks like a backup.
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes, { mode: 0o600 });
  renameSync(partial, file);
  return bytes.length;
}

/**
 * Replaces the embedded database at `dir` (absolute) with the backup in `file`. The database must
 * not be open anywhere (this takes its lock). The folder it replaces is kept beside it, renamed,
 * and put back if the backup cannot be read. Returns where the old folder went, if there was one.
 */
export async function restoreEmbedded(
  dir: string,
  file: string,
  now: Date,
): Promise<{ previous: string | null }> {
  const data = new Blob([readFileSync(file)]);
  const release = holdEmbeddedDatabase(dir);
  const previous = existsSync(dir) ? `${dir}.before-restore-${stamp(now)}` : null;
  try {
    if (previous) renameSync(dir, previous);
    try {
      const pglite = new PGlite(dir, { parsers: PGLITE_PARSERS, loadDataDir: data });
      await pglite.query('select 1');
      await pglite.close();
    } catch (cause) {
      rmSync(dir, { recursive: true, force: true });
      if (previous) renameSync(previous, dir);
      throw new Error(
        `${file} is not a backup of the embedded database (${String((cause as Error)?.message ?? cause)}); nothing was changed.`,
        { cause },
      );
    }
  } finally {
    release();
  }
  return { previous };
}

/** 2026-12-07T11:52:03Z → 20261207-115203 */
const stamp = (now: Date) =>
  now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
