import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, EmbeddedDatabaseInUse } from '@schoolgate/db';

// Issue 11, item 1: the embedded database belongs to one process. A second opener (the CLI while
// the portal runs) is refused with one clear line instead of silently losing writes.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'schoolgate-lock-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['apps/cli/bin/schoolgate.js', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
    timeout: 120_000,
  });

describe('the embedded database', () => {
  it('refuses a second process while one holds it, and serves it again once released', async () => {
    const dir = path.join(scratch, 'held');
    const db = createDb(`file:${dir}`);
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    try {
      const second = cli('migrate', '--database-url', `file:${dir}`);
      expect(second.status).toBe(1);
      expect(second.stderr.trim()).toBe(
        `The portal at pid ${process.pid} holds the embedded database at ${dir}: stop it first, or use a PostgreSQL server (DATABASE_URL). A running portal does its own scheduled jobs.`,
      );
      // In this process too: a second handle on the same folder is refused.
      expect(() => createDb(`file:${dir}`)).toThrow(EmbeddedDatabaseInUse);
    } finally {
      await db.destroy();
    }
    expect(existsSync(`${dir}.lock`)).toBe(false);
    const after = cli('migrate', '--database-url', `file:${dir}`);
    expect(after.status).toBe(0);
    expect(after.stdout).toMatch(/Applied \d+ migration\(s\)/);
  }, 180_000);

  it('takes over a lock left by a process that has gone (a crash, kill -9)', async () => {
    const dir = path.join(scratch, 'stale');
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {
      encoding: 'utf8',
    });
    const deadPid = Number(gone.stdout.trim());
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: deadPid, since: '2026-01-01T00:00:00Z' }));
    const db = createDb(`file:${dir}`);
    try {
      await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
      expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8')).pid).toBe(process.pid);
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
