/**
 * The embedded database under a crowd (issue 17): the built portal on a fresh embedded database
 * with the demo school (`node apps/web/serve.js --demo`), the demo parent's home page at 1, 10, 50
 * and 200 connections (more than the queue holds). Prints pages per second, p50/p95 of the pages served, the longest any answer
 * took (a "busy" refusal included) and how many were refused with 503. The goal: nobody waits
 * more than 5 s; beyond the bounded queue the answer is the busy page at once. It never fails on
 * time. Run it with `npm run bench:embedded -w @schoolgate/tests` after `npm run build`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_ACCOUNTS } from '@schoolgate/db/demo';
import { runLoad } from './support/load';
import { signInThroughForm, startBenchPortal } from './support/portal';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const parent = DEMO_ACCOUNTS.find((a) => a.key === 'parent')!;
const dir = mkdtempSync(path.join(tmpdir(), 'schoolgate-bench-'));

const portal = await startBenchPortal(
  {
    DATABASE_URL: `file:${dir}/pglite`,
    ...(process.env.SCHOOLGATE_MAX_REQUESTS
      ? { SCHOOLGATE_MAX_REQUESTS: process.env.SCHOOLGATE_MAX_REQUESTS }
      : {}),
    ...(process.env.SCHOOLGATE_REQUEST_QUEUE
      ? { SCHOOLGATE_REQUEST_QUEUE: process.env.SCHOOLGATE_REQUEST_QUEUE }
      : {}),
  },
  ['--demo'],
);
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

/** Signs in through the form and accepts the policy, as the parent would at first sign-in. */
async function signIn(origin: string): Promise<string> {
  const session = await signInThroughForm(origin, parent.username, parent.password);
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
