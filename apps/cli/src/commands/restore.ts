import path from 'node:path';
import { createDb, migrateToLatest, restoreEmbedded } from '@schoolgate/db';
import { endAllSessions } from './end-sessions';

/**
 * `schoolgate restore <file>`: puts a backup made by `schoolgate backup` in place of the embedded
 * database (the portal must be stopped), brings it up to this version's migrations, and signs
 * everyone out, so that sessions and reset links from the time of the backup do not come back.
 */
export async function restore(
  dir: string,
  file: string,
  cwd: string,
  out: (line: string) => void,
): Promise<void> {
  const source = path.resolve(cwd, file);
  const { previous } = await restoreEmbedded(dir, source, new Date());
  out(`Restored the embedded database at ${dir} from ${source}.`);
  if (previous) out(`The database it replaced is kept at ${previous}: delete it when all is well.`);
  const db = createDb(`file:${dir}`, { poolSize: 1 });
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) out(`Applied ${applied.length} migration(s) made since the backup.`);
    await endAllSessions(db, out);
  } finally {
    await db.destroy();
  }
}
