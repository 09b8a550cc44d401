import path from 'node:path';
import { backupEmbedded, type Database } from '@schoolgate/db';

/**
 * `schoolgate backup <file>`: a copy of the embedded database, consistent even while the portal
 * runs (the command then runs inside the portal). For a PostgreSQL server, pg_dump is the tool.
 */
export async function backup(
  db: Database,
  file: string,
  cwd: string,
  out: (line: string) => void,
): Promise<void> {
  const target = path.resolve(cwd, file);
  const bytes = await backupEmbedded(db, target);
  out(`Backed up the embedded database to ${target} (${(bytes / 1024 / 1024).toFixed(1)} MB).`);
  out(
    'Keep the secret key with it (SCHOOLGATE_SECRET_KEY, or .data/secret.key): emailed links waiting in the outbox need it.',
  );
}
