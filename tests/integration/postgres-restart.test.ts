import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createCaller, createContext } from '@schoolgate/api';
import { createDb, migrateToLatest, openWhenReachable, type Database } from '@schoolgate/db';
import { createPrivateCluster, type PrivateCluster } from './support/private-cluster';

// Issue 11, item 2: a PostgreSQL server that restarts under load, or that is not up yet when the
// portal starts. These start a cluster of their own, so vitest.config.ts runs them in the
// PostgreSQL pass only (the embedded pass has no server to restart).

describe('a PostgreSQL server of our own', () => {
  let cluster: PrivateCluster;
  const opened: Database[] = [];

  beforeAll(async () => {
    cluster = await createPrivateCluster();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.destroy()));
    cluster?.remove();
  });

  it('is waited for at start-up, with a line in the log for each try', async () => {
    const lines: string[] = [];
    const opening = openWhenReachable(
      async () => {
        const db = createDb(cluster.url, { poolSize: 4 });
        try {
          await migrateToLatest(db);
        } catch (error) {
          await db.destroy();
          throw error;
        }
        return db;
      },
      { maxWaitMs: 30_000, log: (line) => lines.push(line) },
    );
    await vi.waitFor(() => expect(lines.length).toBeGreaterThan(0), { timeout: 10_000 });
    cluster.start();
    const db = await opening;
    opened.push(db);
    expect(lines[0]).toMatch(
      /the database is not reachable yet \(.*ECONNREFUSED.*\); trying again in/,
    );

    const health = await createCaller(await createContext({ db })).health.check();
    expect(health.database).toBe('ok');
  }, 60_000);

  it('restarted under load: requests meanwhile get the 503 answer, and service resumes by itself', async () => {
    const db = opened[0]!;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const outcomes: { at: number; outcome: string }[] = [];
    let running = true;
    const client = async () => {
      while (running) {
        const caller = createCaller(await createContext({ db }));
        const outcome = await caller.health.check().then(
          () => 'ok',
          (error: unknown) =>
            error instanceof TRPCError && error.code === 'SERVICE_UNAVAILABLE'
              ? error.code
              : `${String(error)} / ${String((error as { cause?: unknown }).cause)}`,
        );
        outcomes.push({ at: performance.now(), outcome });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    try {
      const clients = [client(), client(), client(), client()];
      await vi.waitFor(() => expect(outcomes.length).toBeGreaterThan(20));
      await cluster.restart();
      const restarted = performance.now();
      await vi.waitFor(
        () => expect(outcomes.filter((o) => o.at > restarted + 500).length).toBeGreaterThan(40),
        { timeout: 15_000 },
      );
      running = false;
      await Promise.all(clients);
    } finally {
      running = false;
      logged.mockRestore();
    }
    const kinds = new Set(outcomes.map((o) => o.outcome));
    // Only two answers ever: served, or "try again" while the server was away.
    expect([...kinds].filter((kind) => kind !== 'ok' && kind !== 'SERVICE_UNAVAILABLE')).toEqual(
      [],
    );
    // The outage was real: some requests met it.
    expect(outcomes.filter((o) => o.outcome === 'SERVICE_UNAVAILABLE').length).toBeGreaterThan(0);
    // Once back, every request is served on new connections, without the portal restarting.
    const last = outcomes.slice(-40);
    expect(last.every((o) => o.outcome === 'ok')).toBe(true);
  }, 60_000);
});

describe('a database that never comes', () => {
  it('is given up after the wait, with the reason', async () => {
    const lines: string[] = [];
    const started = performance.now();
    const db = createDb('postgres://postgres@127.0.0.1:9/none', { poolSize: 1 });
    try {
      await expect(
        openWhenReachable(() => migrateToLatest(db), {
          maxWaitMs: 2_000,
          log: (line) => lines.push(line),
        }),
      ).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await db.destroy();
    }
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });

  it('is not waited for when the failure is not about reaching it', async () => {
    let tries = 0;
    await expect(
      openWhenReachable(
        async () => {
          tries += 1;
          throw Object.assign(new Error('password authentication failed'), { code: '28P01' });
        },
        { maxWaitMs: 10_000, log: () => {} },
      ),
    ).rejects.toThrow('password authentication failed');
    expect(tries).toBe(1);
  });
});
