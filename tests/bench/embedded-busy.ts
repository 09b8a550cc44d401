/**
 * The embedded database under a crowd (issue 17): the built portal on a fresh embedded database
 * with the demo school (`node apps/web/serve.js --demo`), the demo parent's home page at 1, 10, 50
 * and 200 connections (more than the queue holds). Prints pages per second, p50/p95 of the pages served, the longest any answer
 * took (a "busy" refusal included) and how many were refused with 503. The goal: nobody waits
 * more than 5 s; beyond the bounded queue the answer is the busy page at once. It never fails on
 * time. Run it with `npm run bench:embedded -w @schoolgate/tests` after `npm run build`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ACCOUNTS } from '@schoolgate/db/demo';
import { runLoad } from './support/load';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const root = fileURLToPath(new URL('../../', import.meta.url));
const parent = DEMO_ACCOUNTS.find((a) => a.key === 'parent')!;
const dir = mkdtempSync(path.join(tmpdir(), 'schoolgate-bench-'));

const portal = await startPortal();
try {
  const cookie = await signIn(portal.url);
  console.log(
    `Embedded database, demo school; limits: ${process.env.SCHOOLGATE_MAX_REQUESTS ?? 4} at once, ` +
      `${process.env.SCHOOLGATE_REQUEST_QUEUE ?? 64} waiting.`,
  );
  for (const connections of [1, 10, 50, 200]) {
    const load = loadavg()[0]!;
    const r = await runLoad({
      url: `${portal.url}/`,
      connections,
      seconds,
      warmupSeconds: 1,
      headers: { cookie, accept: 'text/html' },
    });
    const refused = r.statuses[503] ?? 0;
    const other = Object.entries(r.statuses)
      .filter(([status]) => status !== '200' && status !== '503')
      .map(([status, n]) => `${n} × ${status}`);
    console.log(
      `home ${String(connections).padEnd(3)} ${r.perSecond.toFixed(0).padStart(5)} pages/s  ` +
        `p50 ${r.p50.toFixed(0).padStart(5)} ms  p95 ${r.p95.toFixed(0).padStart(5)} ms  ` +
        `slowest answer ${(r.slowestMs / 1000).toFixed(2)} s  ${refused} busy (503)` +
        (other.length ? `  other: ${other.join(', ')}` : '') +
        `  load ${load.toFixed(2)}`,
    );
  }
} finally {
  await portal.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startPortal() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['apps/web/serve.js', '--demo'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      ORIGIN: origin,
      DATABASE_URL: `file:${dir}/pglite`,
      ...(process.env.SCHOOLGATE_MAX_REQUESTS
        ? { SCHOOLGATE_MAX_REQUESTS: process.env.SCHOOLGATE_MAX_REQUESTS }
        : {}),
      ...(process.env.SCHOOLGATE_REQUEST_QUEUE
        ? { SCHOOLGATE_REQUEST_QUEUE: process.env.SCHOOLGATE_REQUEST_QUEUE }
        : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The portal stopped at start:\n${output}`);
    const up = await fetch(`${origin}/signin`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The portal did not start within 120 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url: origin,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Signs in through the form and accepts the policy, as the parent would at first sign-in. */
async function signIn(origin: string): Promise<string> {
  const response = await fetch(`${origin}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ identifier: parent.username, password: parent.password }),
  });
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.includes('schoolgate_session='));
  if (!session) throw new Error(`Signing in as ${parent.username} failed (${response.status}).`);
  const home = await fetch(`${origin}/`, { headers: { cookie: session }, redirect: 'manual' });
  if (home.status !== 200) {
    const policy = await fetch(`${origin}/accept-policy`, { headers: { cookie: session } });
    const version = /name="versionId" value="([^"]+)"/.exec(await policy.text())?.[1];
    const accepted = await fetch(`${origin}/accept-policy`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin, cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ versionId: version ?? '' }),
    });
    const again = await fetch(`${origin}/`, { headers: { cookie: session }, redirect: 'manual' });
    if (again.status !== 200) {
      throw new Error(
        `The home page did not open after the policy (${accepted.status}, ${again.status}).`,
      );
    }
  }
  return session;
}
