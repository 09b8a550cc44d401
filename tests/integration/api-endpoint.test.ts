import { beforeAll, describe, expect, it } from 'vitest';
import {
  API_REQUESTS_PER_MINUTE,
  handleApiRequest,
  MAX_BATCH_SIZE,
  TOO_MANY_REQUESTS,
} from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { contextFor, newParent, sessionTokenFor, type TestUser } from './support/factories';

// Issue 10, item 2: the HTTP endpoint cannot be held by one client: batches are short, and each
// session's requests are limited, while everyone else is served as usual.

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
});

async function contextOf(user: TestUser) {
  return contextFor(db, await sessionTokenFor(db, user));
}

/** A GET batch of `calls` calls to `students.mine`, as @trpc/client sends one. */
function batchRequest(calls: number) {
  const paths = Array.from({ length: calls }, () => 'students.mine').join(',');
  const input = encodeURIComponent(
    JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, null]))),
  );
  return new Request(`http://portal.test/api/trpc/${paths}?batch=1&input=${input}`);
}

const views = async () =>
  Number(
    (
      await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the HTTP endpoint', () => {
  it(`runs a batch of ${MAX_BATCH_SIZE} calls and refuses a longer one whole, before any call runs`, async () => {
    const parent = await newParent(db);
    const ok = await handleApiRequest(batchRequest(MAX_BATCH_SIZE), await contextOf(parent));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveLength(MAX_BATCH_SIZE);

    const before = await views();
    const flood = await handleApiRequest(batchRequest(1000), await contextOf(parent));
    expect(flood.status).toBe(400);
    expect(await views()).toBe(before);
  });

  it('answers 429 with Retry-After once a session passes its limit, and serves another session meanwhile', async () => {
    const flooder = await newParent(db);
    const ctx = await contextOf(flooder);
    const statuses: number[] = [];
    for (let i = 0; i < API_REQUESTS_PER_MINUTE + 5; i++) {
      statuses.push((await handleApiRequest(batchRequest(1), ctx)).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(API_REQUESTS_PER_MINUTE);
    const refused = await handleApiRequest(batchRequest(1), ctx);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    // In the router's own shape, one error per call of the batch, so @trpc/client reads it.
    expect(await refused.json()).toEqual([
      {
        error: {
          message: TOO_MANY_REQUESTS,
          code: -32029,
          data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429 },
        },
      },
    ]);

    const someoneElse = await handleApiRequest(
      batchRequest(1),
      await contextOf(await newParent(db)),
    );
    expect(someoneElse.status).toBe(200);
  });

  it('holds the limit when a session sends its requests all at once', async () => {
    const ctx = await contextOf(await newParent(db));
    const statuses = await Promise.all(
      Array.from(
        { length: API_REQUESTS_PER_MINUTE + 30 },
        async () => (await handleApiRequest(batchRequest(1), ctx)).status,
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(API_REQUESTS_PER_MINUTE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
  });
});
