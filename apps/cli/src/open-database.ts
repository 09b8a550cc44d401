import { createDb, EmbeddedDatabaseInUse, type Database } from '@schoolgate/db';

/**
 * The database a command works on, or null after one line saying why it cannot be opened: the
 * embedded database belongs to the one process holding it (usually the running portal).
 */
export function openDatabase(
  url: string | undefined,
  err: (line: string) => void,
): Database | null {
  try {
    return createDb(url || undefined, { poolSize: 2 });
  } catch (error) {
    if (error instanceof EmbeddedDatabaseInUse) {
      err(error.message);
      return null;
    }
    throw error;
  }
}
