import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  PORTAL_MAX_BATCH_SIZE,
  createSchoolgateClient,
  schoolgateErrorOf,
} from '@schoolgate/client';
import { MAX_BATCH_SIZE, handleApiRequest } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, contextFor, newStaff, type TestUser } from './support/factories';

// Issue 15, item 1: @schoolgate/client, the typed client an internal tool imports. It must carry
// no server code (it is bundled here for a browser and for Node, and the bundle's inputs read),
// batch within the portal's limit, and turn the portal's refusals into its codes and words.

const entry = fileURLToPath(new URL('../../packages/client/src/index.ts', import.meta.url));

let db: Database;
let admin: TestUser;
beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
});

async function makeToken(name: string) {
  const caller = await callerFor(db, admin);
  const made = await caller.admin.apiTokens.create({ name, scopes: ['accounts:read'] });
  return made.token!;
}

/** A fetch that hands each request to the portal's API endpoint in this process. */
function portalFetch(requests: Request[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input as string, init);
    requests.push(request.clone());
    return handleApiRequest(request, await contextFor(db, null, { ip: '192.0.2.50' }));
  };
}

describe('@schoolgate/client', () => {
  it.each(['browser', 'node'] as const)(
    'bundles for %s with no server code: no router, database, driver or query builder',
    async (platform) => {
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        write: false,
        metafile: true,
        format: 'esm',
        platform,
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.some((path) => path.includes('packages/client/src/index.ts'))).toBe(true);
      const server = inputs.filter((path) =>
        /packages\/(api|auth|email)\/|(^|\/)db\/src\/|node_modules\/(pg|pg-[a-z]+|kysely|@electric-sql|nodemailer|@node-rs)\//.test(
          path,
        ),
      );
      expect(server).toEqual([]);
      const bytes = result.outputFiles[0]!.contents.byteLength;
      expect(bytes).toBeLessThan(200_000);
    },
  );

  it('batches within the portal’s limit', () => {
    expect(PORTAL_MAX_BATCH_SIZE).toBe(MAX_BATCH_SIZE);
  });

  it('calls the portal with the token in the Authorization header, batching calls made together', async () => {
    const token = await makeToken('Typed client');
    const requests: Request[] = [];
    const portal = createSchoolgateClient({
      url: 'http://portal.test/',
      token,
      fetch: portalFetch(requests),
    });
    const [me, accounts] = await Promise.all([
      portal.tools.whoAmI.query(),
      portal.tools.accounts.notAcceptedPolicy.query(),
    ]);
    expect(me).toMatchObject({ name: 'Typed client', scopes: ['accounts:read'] });
    expect(Array.isArray(accounts)).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toMatch(
      /^http:\/\/portal\.test\/api\/trpc\/tools\.whoAmI,tools\.accounts/,
    );
    expect(requests[0]!.url).not.toContain(token);
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer ${token}`);
  });

  it('reads a refusal as the portal’s code and plain words', async () => {
    const token = await makeToken('Refused');
    const portal = createSchoolgateClient({
      url: 'http://portal.test',
      token,
      fetch: portalFetch([]),
    });
    const error = await portal.admin.students.list
      .query({ query: 'x' } as never)
      .catch((e: unknown) => e);
    expect(schoolgateErrorOf(error)).toEqual({
      code: 'FORBIDDEN',
      message:
        'API tokens can call only the tools procedures. Sign in as a person for everything else.',
      httpStatus: 403,
      fieldErrors: {},
    });
    expect(schoolgateErrorOf(new Error('network down'))).toBeNull();
  });

  it('reads a refused token as UNAUTHORIZED with the portal’s words', async () => {
    const portal = createSchoolgateClient({
      url: 'http://portal.test',
      token: 'sgt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      fetch: portalFetch([]),
    });
    const error = await portal.tools.whoAmI.query().catch((e: unknown) => e);
    expect(schoolgateErrorOf(error)).toMatchObject({
      code: 'UNAUTHORIZED',
      httpStatus: 401,
      message: expect.stringContaining('That API token is not valid'),
    });
  });

  it('refuses to start without a portal address or with something that is not a token', () => {
    expect(() => createSchoolgateClient({ url: 'portal.test', token: 'sgt_x' })).toThrow(
      /must start with https:\/\//,
    );
    expect(() => createSchoolgateClient({ url: 'https://portal.test', token: 'abc' })).toThrow(
      /tokens start with sgt_/,
    );
  });
});
