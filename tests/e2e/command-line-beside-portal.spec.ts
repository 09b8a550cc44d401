import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { createDb, type Database } from '@schoolgate/db';
import { portalDataDir, startPortal, type Portal } from './spawn-portal';

// Issue 11 item 1: the README's cron line (`jobs run`) and the other commands beside a portal
// running on the embedded database. Before, the command line opened the same folder and everything
// the portal acknowledged afterwards was gone at its next restart. Now the portal runs the
// commands; what it acknowledged before, between and after them is all there after a restart.
test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = portalDataDir('command-line');

function schoolgate(...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['apps/cli/bin/schoolgate.js', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `file:${dir}`, TEST_DATABASE_URL: '' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** A parent's request for access, acknowledged by the portal (a row written and committed). */
async function askForAccess(portal: Portal, n: number): Promise<void> {
  const response = await fetch(`${portal.url}/api/trpc/accessRequests.submit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      forename: 'Robin',
      surname: `Beside${n}`,
      email: `robin.beside${n}@example.org`,
      relationship: 'Mother',
      children: [{ forename: 'Kit', surname: `Beside${n}`, dateOfBirth: '2014-03-02' }],
    }),
  });
  expect(response.status).toBe(200);
}

async function requestsKept(db: Database): Promise<string[]> {
  const rows = await db
    .selectFrom('access_requests')
    .select('email')
    .where('email', 'like', 'robin.beside%')
    .orderBy('email')
    .execute();
  return rows.map((row) => row.email);
}

test('commands run beside the portal, and nothing it acknowledged is lost across a restart', async () => {
  let portal = await startPortal('command-line', {});
  try {
    await askForAccess(portal, 1);
    const jobs = await schoolgate('jobs', 'run');
    expect(jobs.output).toContain('Queued 0 email(s) to parents');
    expect(jobs.code).toBe(0);
    await askForAccess(portal, 2);
    const ended = await schoolgate('sessions', 'end-all');
    expect(ended.code).toBe(0);
    await askForAccess(portal, 3);
    const backup = await schoolgate('backup', `${dir}-copy.tar.gz`);
    expect(backup.code).toBe(0);
    await askForAccess(portal, 4);
    expect(portal.output()).toContain('ran "schoolgate jobs run" for the command line (exit 0)');
  } finally {
    expect((await portal.stop()).code).toBe(0);
  }

  // Started again on the same folder, it still has every request; and so has the folder itself.
  portal = await startPortal('command-line', {}, { keepData: true });
  try {
    await askForAccess(portal, 5);
    expect((await schoolgate('jobs', 'run')).code).toBe(0);
  } finally {
    expect((await portal.stop()).code).toBe(0);
  }
  const db = createDb(`file:${dir}`);
  try {
    expect(await requestsKept(db)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `robin.beside${n}@example.org`),
    );
    const ends = await db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'auth.all_sessions_ended')
      .execute();
    expect(ends).toHaveLength(1);
  } finally {
    await db.destroy();
    rmSync(`${dir}-copy.tar.gz`, { force: true });
  }
});
