import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/**
 * The embedded database (PGlite) belongs to one process: a second process opening the same folder
 * gets no error from PGlite, and whatever one of them writes afterwards is lost when the other
 * next starts. So the folder is held through a lock file beside it, naming the holder's pid. A
 * lock whose process has gone (a crash, `kill -9`) is stale and is taken over.
 */
export class EmbeddedDatabaseInUse extends Error {
  constructor(
    readonly dir: string,
    readonly holderPid: number,
  ) {
    super(
      holderPid === process.pid
        ? `The embedded database at ${dir} is already open in this process.`
        : `The portal at pid ${holderPid} holds the embedded database at ${dir}: stop it first, or use a PostgreSQL server (DATABASE_URL). A running portal does its own scheduled jobs.`,
    );
    this.name = 'EmbeddedDatabaseInUse';
  }
}

const heldHere = new Set<string>();

const lockFileOf = (dir: string) => `${dir}.lock`;

function holderOf(file: string): number | null {
  try {
    const pid = Number(JSON.parse(readFileSync(file, 'utf8')).pid);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder for this process, or throws `EmbeddedDatabaseInUse`; returns the release. */
export function holdEmbeddedDatabase(dir: string): () => void {
  const file = lockFileOf(dir);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw error;
      const holder = holderOf(file);
      if (holder !== null && (holder === process.pid ? heldHere.has(file) : isAlive(holder))) {
        throw new EmbeddedDatabaseInUse(dir, holder);
      }
      // Stale (its process has gone) or unreadable: take it over.
      try {
        unlinkSync(file);
      } catch {
        // Another opener removed it first; try again.
      }
    }
  }
  heldHere.add(file);
  const release = () => {
    if (!heldHere.delete(file)) return;
    process.off('exit', release);
    try {
      if (holderOf(file) === process.pid) unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  process.once('exit', release);
  return release;
}
