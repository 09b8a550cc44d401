import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The embedded database (PGlite) belongs to one process: a second process opening the same folder
 * gets no error from PGlite, and whatever one of them writes afterwards is lost when the other
 * next starts. So the folder is held through a lock file beside it, naming the holder's pid. A
 * lock whose process has gone (a crash, `kill -9`) is stale and is taken over.
 *
 * The lock file (readable by its owner only) also carries a random token: a running portal takes
 * commands for its database on a local socket (`commandSocketPath`) from whoever can read it, that
 * is the same operating-system user, so `schoolgate jobs run` and imports work beside it.
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

export interface EmbeddedHolder {
  pid: number;
  /** Proves to the holder's command socket that the caller can read the lock file. */
  token: string;
}

function readHolder(file: string): EmbeddedHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; token?: unknown };
    const pid = Number(parsed.pid);
    if (!Number.isInteger(pid) || pid <= 0) return null;
    return { pid, token: typeof parsed.token === 'string' ? parsed.token : '' };
  } catch {
    return null;
  }
}

const holderOf = (file: string): number | null => readHolder(file)?.pid ?? null;

/** Who holds the embedded database at `dir` now: a live process other than this one, or null. */
export function otherHolderOf(dir: string): EmbeddedHolder | null {
  const holder = readHolder(lockFileOf(dir));
  return holder && holder.pid !== process.pid && isAlive(holder.pid) ? holder : null;
}

/** This process's token for `dir`, when it holds it. */
export function ownTokenFor(dir: string): string | null {
  const holder = readHolder(lockFileOf(dir));
  return holder && holder.pid === process.pid && heldHere.has(lockFileOf(dir))
    ? holder.token
    : null;
}

/**
 * Where the holder of `dir` listens for commands. A Unix socket path has a length limit (108 bytes
 * on Linux), so a deep folder's socket goes in the temporary folder under a name derived from it.
 */
export function commandSocketPath(dir: string): string {
  const beside = `${dir}.sock`;
  if (Buffer.byteLength(beside) <= 100) return beside;
  const name = createHash('sha256').update(dir).digest('hex').slice(0, 24);
  return path.join(tmpdir(), `schoolgate-${name}.sock`);
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
      const fd = openSync(file, 'wx', 0o600);
      try {
        const token = randomBytes(32).toString('base64url');
        writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString(), token }));
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
