import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommands, type CommandRelay } from '@schoolgate/cli/relay';
import {
  commandSocketPath,
  createDb,
  migrateToLatest,
  recordAudit,
  type Database,
} from '@schoolgate/db';

// Issue 11, items 1 and 8: while a process (the portal) holds the embedded database, the command
// line's commands run in that process, through its command socket, so cron's `jobs run`, imports
// and backups work beside a running portal without a second process opening the database. A
// restore needs the portal stopped, puts the backup in place and signs everyone out.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'schoolgate-relay-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The command line as a separate process, run from `cwd`, on the embedded database below. */
function cli(args: string[], cwd = repoRoot): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'apps/cli/bin/schoolgate.js'), ...args],
      { cwd, env: { ...process.env, DATABASE_URL: `file:${path.join(scratch, 'portal')}` } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const examples = path.join(repoRoot, 'docs/imports');

const auditCount = async (db: Database, action: string) =>
  Number(
    (
      await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the command line beside a portal on the embedded database', () => {
  // One database, opened once (an embedded database on disk takes seconds to make), used in turn:
  // held by this process as the portal holds it, then released for the restore.
  const dir = path.join(scratch, 'portal');
  const file = path.join(scratch, 'copy.tar.gz');
  let db: Database;
  let relay: CommandRelay;
  beforeAll(async () => {
    db = createDb(`file:${dir}`);
    await migrateToLatest(db);
    relay = await serveCommands(db, dir);
  }, 60_000);

  it('runs its commands in the portal: jobs, sessions, imports and backups', async () => {
    expect(statSync(relay.path).mode & 0o777).toBe(0o600);
    expect(statSync(`${dir}.lock`).mode & 0o777).toBe(0o600);

    const jobs = await cli(['jobs', 'run']);
    expect(jobs.stderr).toBe('');
    expect(jobs.code).toBe(0);
    expect(jobs.stdout).toContain('Queued 0 password reminder email(s).');

    const ended = await cli(['sessions', 'end-all']);
    expect(ended.code).toBe(0);
    // Written by this process, through its own handle: seen here at once.
    expect(await auditCount(db, 'auth.all_sessions_ended')).toBe(1);

    // A file named relative to the caller's folder, not the portal's; the example's students are
    // not in this empty school, so the dry run lists problems (exit 1), and a missing file is a
    // wrong command line (exit 2).
    const dry = await cli(['import', 'behaviour', 'examples/behaviour.csv'], examples);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('problem(s), so nothing can be imported');
    const missing = await cli(['import', 'behaviour', 'no-such-file.csv'], examples);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('There is no file or folder "no-such-file.csv".');

    await recordAudit(db, { at: new Date(), action: 'test.before_backup', details: {} });
    const backup = await cli(['backup', 'copy.tar.gz'], scratch);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`Backed up the embedded database to ${file}`);
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
    await recordAudit(db, { at: new Date(), action: 'test.after_backup', details: {} });

    const restore = await cli(['restore', file]);
    expect(restore.code).toBe(1);
    expect(restore.stderr.trim()).toBe(
      `The portal at pid ${process.pid} is using the embedded database at ${dir}: stop it before restoring a backup.`,
    );
  }, 120_000);

  it('serves only a caller that read the lock file', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(relay.path);
      let text = '';
      socket.setEncoding('utf8');
      socket.on('connect', () =>
        socket.write(
          `${JSON.stringify({ token: 'guessed', argv: ['sessions', 'end-all'], cwd: '/' })}\n`,
        ),
      );
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('close', () => resolve(text));
    });
    expect(
      answer
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { err: 'The portal refused the command: it did not come from its own user.' },
      { exit: 1 },
    ]);
    expect(await auditCount(db, 'auth.all_sessions_ended')).toBe(1);
  });

  it('restores a backup once the portal has stopped: later changes go, everyone is signed out', async () => {
    await relay.close();
    await db.destroy();
    expect(existsSync(commandSocketPath(dir))).toBe(false);

    const restored = await cli(['restore', file]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const kept = /kept at (\S+): delete it/.exec(restored.stdout)?.[1];
    expect(kept && existsSync(kept)).toBe(true);
    expect(restored.stdout).toContain('everyone signs in again');

    writeFileSync(path.join(scratch, 'not-a-backup.tar.gz'), 'hello');
    const garbage = await cli(['restore', 'not-a-backup.tar.gz'], scratch);
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain('is not a backup of the embedded database');
    expect(garbage.stderr).toContain('nothing was changed');

    const after = createDb(`file:${dir}`);
    try {
      expect(await auditCount(after, 'test.before_backup')).toBe(1);
      expect(await auditCount(after, 'test.after_backup')).toBe(0);
      // The one from before the backup, and the restore's own.
      expect(await auditCount(after, 'auth.all_sessions_ended')).toBe(2);
    } finally {
      await after.destroy();
    }
  }, 120_000);
});
