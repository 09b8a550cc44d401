import fc from 'fast-check';
import pg from 'pg';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
} from '@playwright/test';
import { formActions, type FormAction } from './form-actions';
import { startPortal, type Portal } from './spawn-portal';
import { demoAccount } from './support';

// Issue 10 item 8 (TESTING.md §5): every form action of the web app, found in the routes' source,
// posted over real HTTP by an anonymous visitor, a parent and an admin, with a generated body:
// fields with hostile values, broken and well-formed multipart, JSON, text/plain, bytes, no type.
// No answer may be a 5xx, and the portal may log nothing as unexpected. Seeded, one request per
// action and person (about 230 in all), on a portal of its own: what the bodies do to its data
// must not reach other tests. In the PostgreSQL pass that portal uses a PostgreSQL database.
// The HTTP endpoint (/api/trpc) gets a handful of malformed requests as well; its procedures'
// inputs are fuzzed in-process by tests/integration/fuzz-procedures.test.ts.
test.describe.configure({ mode: 'serial' });

const SEED = 1117;

let portal: Portal;
const databaseName = 'schoolgate_e2e_fuzz';

/** The PostgreSQL pass's own database for this portal, made afresh; the embedded one otherwise. */
async function databaseSettings(): Promise<Record<string, string>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return {};
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`drop database if exists ${databaseName} with (force)`);
  await client.query(`create database ${databaseName}`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return { DATABASE_URL: url.toString() };
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  portal = await startPortal('fuzz-forms', await databaseSettings());
});

test.afterAll(async () => {
  await portal?.stop();
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`drop database if exists ${databaseName} with (force)`);
  await client.end();
});

/** A request context of its own: its cookies are one person's session. */
async function session(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: portal.url, maxRedirects: 0 });
}

async function trpc(context: APIRequestContext, path: string, input: unknown = {}) {
  const response = await context.post(`/api/trpc/${path}`, { data: input });
  expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
  return ((await response.json()) as { result: { data: unknown } }).result.data;
}

/** Signs in over the API, sets up the second factor with a secret kept here, accepts the policy. */
async function signedIn(account: { username: string; password: string }) {
  const context = await session();
  await trpc(context, 'auth.signIn', { identifier: account.username, password: account.password });
  const me = (await (await context.get('/api/trpc/auth.me')).json()).result.data;
  if (me.twoFactor === 'enrol') {
    const begun = (await trpc(context, 'twoFactor.beginEnrolment')) as { manualKey: string };
    const key = decodeBase32IgnorePadding(begun.manualKey.replaceAll(' ', ''));
    await trpc(context, 'twoFactor.confirmEnrolment', { code: generateTOTP(key, 30, 6) });
  }
  expect(me.twoFactor).not.toBe('verify');
  const current = (await (await context.get('/api/trpc/policy.current')).json()).result.data;
  if (current) await trpc(context, 'policy.accept', { versionId: current.id });
  return context;
}

// Values as they travel in a form body, already percent-encoded where the body is urlencoded:
// NUL, a lone surrogate's bytes, bytes that are not UTF-8, broken escapes, long and odd values.
const RAW_VALUES = [
  '',
  'x',
  'Sam',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%FF%FE',
  '%ZZ',
  '%',
  '%E2%80%AE',
  'x'.repeat(20_000),
  '2026-02-30',
  '9999-12-31',
  '-1',
  '1e309',
  'NaN',
  'on',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
];

const boundary = 'fuzzboundary7MA4YWxkTrZu0gW';

type Body = { kind: string; contentType: string | null; bytes: Buffer };

function bodyFor(action: FormAction): fc.Arbitrary<Body> {
  const names = fc.constantFrom(...action.fields, 'extra', '__proto__', '');
  const pairs = fc.array(fc.tuple(names, fc.constantFrom(...RAW_VALUES)), { maxLength: 8 });
  const urlencoded = pairs.map((list) => ({
    kind: 'urlencoded',
    contentType: 'application/x-www-form-urlencoded',
    bytes: Buffer.from(list.map(([name, value]) => `${name}=${value}`).join('&')),
  }));
  const multipart = pairs.map((list) => ({
    kind: 'multipart',
    contentType: `multipart/form-data; boundary=${boundary}`,
    bytes: Buffer.concat([
      ...list.map(([name, value]) =>
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
          Buffer.from(decodeLoosely(value), 'latin1'),
          Buffer.from('\r\n'),
        ]),
      ),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n` +
          'Content-Type: text/csv\r\n\r\nid,name\r\n\u0000,\xff\r\n',
        'latin1',
      ),
      Buffer.from(`--${boundary}--\r\n`),
    ]),
  }));
  const broken = fc.constantFrom<Body>(
    {
      kind: 'multipart cut short',
      contentType: `multipart/form-data; boundary=${boundary}`,
      bytes: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\nab`),
    },
    {
      kind: 'multipart without a boundary',
      contentType: 'multipart/form-data',
      bytes: Buffer.from('--x\r\n\r\n'),
    },
    {
      kind: 'multipart with another boundary',
      contentType: 'multipart/form-data; boundary=other',
      bytes: Buffer.from(`--${boundary}\r\nbroken\r\n--${boundary}--`),
    },
    { kind: 'JSON', contentType: 'application/json', bytes: Buffer.from('{"identifier":"x"}') },
    { kind: 'text/plain', contentType: 'text/plain', bytes: Buffer.from('identifier=x') },
    { kind: 'no content type', contentType: null, bytes: Buffer.from([0, 255, 13, 10]) },
    {
      kind: 'ten thousand fields',
      contentType: 'application/x-www-form-urlencoded',
      bytes: Buffer.from('a=1&'.repeat(10_000)),
    },
  );
  return fc.oneof(urlencoded, multipart, broken);
}

/** A percent-encoded value's bytes, leaving broken escapes as they are. */
function decodeLoosely(value: string): string {
  return value.replace(/%([0-9A-F]{2})/gi, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/** The page's address, with ids this portal has (a parent's child) or a made-up one. */
function pathOf(action: FormAction, ids: string[], pick: number): string {
  const page = action.routeId.replace(/\[(\w+)\]/g, (_, param: string) =>
    param === 'kind' ? 'students' : (ids[pick % ids.length] ?? crypto.randomUUID()),
  );
  return action.name === 'default' ? page : `${page}?/${action.name}`;
}

// Actions that end the session or change what every later request meets go last.
const LAST = ['/signout', '/account/', '/admin/settings', '/admin/policy'];
const isLast = (a: FormAction) => LAST.some((prefix) => a.routeId.startsWith(prefix));

test('no form action answers any body with a 5xx, and nothing is logged as unexpected', async () => {
  test.setTimeout(180_000);
  const actions = formActions();
  // Read from the source: if this falls, the reading broke, not the portal.
  expect(actions.length).toBeGreaterThan(60);
  const ordered = [...actions.filter((a) => !isLast(a)), ...actions.filter(isLast)];

  const parent = await signedIn(demoAccount('parent'));
  const mine = await parent.get('/api/trpc/students.mine');
  const children = (await mine.json()).result.data as { id: string }[];
  const ids = [...children.map((c) => c.id), crypto.randomUUID()];
  const people: [string, APIRequestContext][] = [
    ['anonymous', await session()],
    ['parent', parent],
    ['admin', await signedIn(demoAccount('admin'))],
  ];

  const failures: string[] = [];
  let sent = 0;
  for (const [who, context] of people) {
    for (const [index, action] of ordered.entries()) {
      const [body, acceptJson, sameOrigin] = fc.sample(
        fc.tuple(
          bodyFor(action),
          fc.boolean(),
          fc.nat(9).map((n) => n > 0),
        ),
        { seed: SEED + index * 7 + who.length, numRuns: 1 },
      )[0]!;
      const path = pathOf(action, ids, index);
      const response = await context.fetch(path, {
        method: 'POST',
        headers: {
          ...(body.contentType ? { 'content-type': body.contentType } : {}),
          accept: acceptJson ? 'application/json' : 'text/html',
          // Now and then from another site: SvelteKit's CSRF check must refuse it plainly.
          ...(sameOrigin ? { origin: portal.url } : { origin: 'https://evil.example' }),
        },
        data: body.bytes,
      });
      sent += 1;
      if (response.status() >= 500) {
        failures.push(`${who} ${path} (${body.kind}): ${response.status()}`);
      }
    }
  }

  // The import examples are files for office staff: others are sent to sign in or refused.
  for (const [who, context] of people) {
    const response = await context.get('/admin/imports/examples/oneroster/users.csv');
    sent += 1;
    if (response.status() >= 500) failures.push(`${who} import example: ${response.status()}`);
  }

  expect(failures).toEqual([]);
  expect(sent).toBeGreaterThan(200);
  expect(portal.output()).not.toMatch(/Unexpected error|Form action failed/);
  for (const [, context] of people) await context.dispose();
});

test('the HTTP endpoint answers malformed requests with a 4xx too', async () => {
  const context = await session();
  const post = (path: string, contentType: string, body: string | Buffer) =>
    context.fetch(`/api/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, origin: portal.url },
      data: typeof body === 'string' ? Buffer.from(body) : body,
    });
  const answers = {
    'broken JSON': await post('auth.signIn', 'application/json', '{bad'),
    'text/plain': await post('auth.signIn', 'text/plain', 'x'),
    'broken multipart': await post('auth.signIn', 'multipart/form-data; boundary=x', '--x\r\nab'),
    'a form': await post('auth.signIn', 'application/x-www-form-urlencoded', 'a=%00'),
    'bytes that are not UTF-8': await post(
      'auth.signIn',
      'application/json',
      Buffer.from([0x7b, 0x22, 0x69, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    ),
    'deep nesting': await post('auth.signIn', 'application/json', '['.repeat(5000)),
    'a batch of the wrong shape': await post('auth.signIn?batch=1', 'application/json', '[1,2]'),
    'a query with broken input': await context.get('/api/trpc/students.byId?input=%7Bbad'),
    'a lone surrogate': await context.get('/api/trpc/auth.resetStatus?input=%22%ED%A0%80%22'),
    'an unknown procedure': await context.get('/api/trpc/nope.nope'),
    PUT: await context.fetch('/api/trpc/auth.signIn', { method: 'PUT' }),
  };
  const statuses = Object.fromEntries(
    Object.entries(answers).map(([name, response]) => [name, response.status()]),
  );
  for (const [name, status] of Object.entries(statuses)) {
    expect({ name, status, clientError: status >= 400 && status < 500 }).toMatchObject({
      name,
      clientError: true,
    });
  }
  expect(portal.output()).not.toMatch(/Unexpected error/);
  await context.dispose();
});
