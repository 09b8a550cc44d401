import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { signInOverApi } from './api-session';
import { startPortal, type Portal } from './spawn-portal';
import { sendPartly, type RawAnswer } from './raw-http';
import { demoAccount, demoAccountByUsername } from './support';

// Issue 10 items 12 and 13: behind a TLS proxy, on a portal of its own started with the settings
// README.md shows; and the graceful shutdown of serve.js.
test.describe.configure({ mode: 'serial' });

/** The README's proxy command line's settings, but for the address and database, this test's own. */
function readmeProxySettings(): Record<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const line = readme.split('\n').find((l) => l.startsWith('ADDRESS_HEADER='));
  if (!line) throw new Error('The README no longer shows the proxy settings');
  const settings = Object.fromEntries(
    [...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
  delete settings.ORIGIN;
  delete settings.DATABASE_URL;
  return settings;
}

let portal: Portal;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const settings = readmeProxySettings();
  expect(settings).toMatchObject({
    ADDRESS_HEADER: 'X-Forwarded-For',
    XFF_DEPTH: '1',
    PROTOCOL_HEADER: 'X-Forwarded-Proto',
  });
  portal = await startPortal('proxy', settings);
});

test.afterAll(async () => {
  await portal?.stop();
});

function accessRequest(request: APIRequestContext, url: string, forwardedFor: string) {
  return request.post(`${url}/api/trpc/accessRequests.submit`, {
    headers: { 'x-forwarded-for': forwardedFor },
    data: {
      forename: 'Sam',
      surname: 'Proxy',
      email: 'sam.proxy@example.org',
      relationship: 'Father',
      children: [{ forename: 'Alex', surname: 'Proxy', dateOfBirth: '2013-05-01' }],
    },
  });
}

/** "Where" the portal says this request's session comes from (P5), as its owner sees it. */
async function currentPlace(request: APIRequestContext, url: string, forwardedFor: string) {
  const sessions = await request.get(`${url}/api/trpc/sessions.list`, {
    headers: { 'x-forwarded-for': forwardedFor },
  });
  expect(sessions.status()).toBe(200);
  const list: { current: boolean; place: string }[] = (await sessions.json()).result.data;
  return list.find((s) => s.current)?.place;
}

test('each client forwarded by the proxy has its own lockout, whatever it writes itself or whichever port it uses', async ({
  request,
}) => {
  // The proxy appends the address it sees; XFF_DEPTH=1 takes that last entry, so what a client
  // writes in front of it changes nothing. Some proxies add the client's port: still one client.
  for (let i = 1; i <= 5; i++) {
    const accepted = await accessRequest(
      request,
      portal.url,
      `198.51.100.${i}, 203.0.113.10:5000${i}`,
    );
    expect(accepted.status()).toBe(200);
  }
  const refused = await accessRequest(request, portal.url, '10.0.0.1, 203.0.113.10:50006');
  expect(refused.status()).toBe(429);
  expect((await refused.json()).error.message).toBe(
    'We have had several requests from here. Please try again in an hour.',
  );
  // Another client behind the same proxy is not locked out by the first.
  const other = await accessRequest(request, portal.url, '203.0.113.20');
  expect(other.status()).toBe(200);
});

test('a session says where the person is, not where the proxy is', async ({ playwright }) => {
  const forwardedFor = '198.51.100.23:61000';
  const parent = await playwright.request.newContext({
    baseURL: portal.url,
    extraHTTPHeaders: { 'x-forwarded-for': forwardedFor },
  });
  await signInOverApi(parent, demoAccount('parent'));
  expect(await currentPlace(parent, portal.url, forwardedFor)).toBe(
    'Internet address 198.51.100.x',
  );
  await parent.dispose();
});

test('without ADDRESS_HEADER a forwarded address is ignored: nobody chooses their own', async ({
  playwright,
  baseURL,
}) => {
  // The shared test server has no ADDRESS_HEADER: its clients are whoever opens the connection.
  const parent = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.23' },
  });
  await signInOverApi(parent, demoAccountByUsername('demo.parent7'));
  const place = await currentPlace(parent, baseURL!, '198.51.100.23');
  expect(place).toBe('This computer’s own network (no outside address was recorded)');
  await parent.dispose();
});

test('HSTS only on what reached the proxy over HTTPS, static files included', async ({
  request,
}) => {
  for (const path of ['/signin', '/favicon.svg']) {
    const https = await request.get(`${portal.url}${path}`, {
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.30' },
    });
    expect(https.headers()['strict-transport-security'], path).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect(https.headers()['x-frame-options'], path).toBe('DENY');
    const http = await request.get(`${portal.url}${path}`, {
      headers: { 'x-forwarded-proto': 'http', 'x-forwarded-for': '203.0.113.30' },
    });
    expect(http.headers()['strict-transport-security'], path).toBeUndefined();
  }
});

test('on SIGTERM the server finishes what is in flight, takes nothing new and exits within 10 s', async () => {
  // A request still being sent when the signal comes: its body is finished afterwards.
  const body = JSON.stringify({ identifier: 'nobody.here', password: 'Not-The-Password-1' });
  const inFlight = sendPartly(`${portal.url}/api/trpc/auth.signIn`, {
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-forwarded-for': '203.0.113.40',
    },
    body: Buffer.from(body.slice(0, 10)),
    rest: { afterMs: 1_500, body: Buffer.from(body.slice(10)) },
    timeoutMs: 9_000,
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const stopped = portal.stop();
  await new Promise((resolve) => setTimeout(resolve, 500));
  await expect(fetch(`${portal.url}/signin`)).rejects.toThrow();

  const answer = await inFlight;
  expect(answer).not.toBe('no answer');
  expect((answer as RawAnswer).status).toBe(401);
  const { ms, code } = await stopped;
  expect(code).toBe(0);
  expect(ms).toBeLessThan(10_000);
  expect(portal.output()).toContain('Schoolgate: stopped.');
});
