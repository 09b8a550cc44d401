import http from 'node:http';
import { expect, test } from '@playwright/test';
import { startPortal, type Portal } from './spawn-portal';
import { expectAccessible } from './support';

// Issue 17: on the embedded database, requests beyond a bounded queue get the portal's own 503
// "busy" page at once instead of waiting. A portal of its own with the smallest limits (one request
// at a time, no queue), its place held by a slow form; playwright.config.ts runs this spec in the
// embedded pass only.
test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

let portal: Portal;
test.beforeAll(async () => {
  portal = await startPortal('busy', {
    SCHOOLGATE_MAX_REQUESTS: '1',
    SCHOOLGATE_REQUEST_QUEUE: '0',
  });
});
test.afterAll(async () => {
  await portal?.stop();
});

const burst = (path: string, accept: string) =>
  Promise.all(
    Array.from({ length: 30 }, async () => {
      const response = await fetch(`${portal.url}${path}`, { headers: { accept } });
      return { status: response.status, headers: response.headers, body: await response.text() };
    }),
  );

/** A sign-in form whose body arrives slowly (a phone on a poor signal): it holds its place until finished. */
function slowForm() {
  const body = new URLSearchParams({ identifier: 'nobody', password: 'wrong' }).toString();
  const request = http.request(new URL('/signin', portal.url), {
    method: 'POST',
    headers: {
      origin: portal.url,
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(body.length),
    },
  });
  const state = { answered: false };
  const answered = new Promise<number>((resolve, reject) => {
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => {
        state.answered = true;
        resolve(response.statusCode ?? 0);
      });
    });
    request.on('error', reject);
  });
  request.write(body.slice(0, 5));
  return {
    state,
    async finish() {
      request.end(body.slice(5));
      return answered;
    },
  };
}

/**
 * Takes the portal's one place with a slow form and waits until the portal refuses others: then
 * every request meets a full portal, however fast the machine. If one of the checking requests
 * held the place just as the slow form arrived, that form was refused: another one is sent.
 */
async function holdThePlace(): Promise<{ finish(): Promise<number> }> {
  let form = slowForm();
  await expect
    .poll(
      async () => {
        if (form.state.answered) form = slowForm();
        return (await fetch(`${portal.url}/signin`)).status;
      },
      { timeout: 30_000 },
    )
    .toBe(503);
  return form;
}

test('while the portal is full, a page gets the busy page at once; the place is handed back after', async () => {
  const held = await holdThePlace();
  const answers = await burst('/signin', 'text/html');
  expect(answers.map((a) => a.status)).toEqual(Array(30).fill(503));
  for (const answer of answers) {
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.body).toContain('The portal is busy');
    expect(answer.body).toContain('nothing you sent has been saved');
  }
  // The slow form is answered as any other (a refused sign-in), and its place is handed back:
  // one at a time, every request is served.
  expect(await held.finish()).toBeLessThan(500);
  for (let i = 0; i < 5; i++) {
    const response = await fetch(`${portal.url}/signin`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Sign in');
  }
});

test('a program gets the busy answer as JSON, and the health check is never queued', async () => {
  const held = await holdThePlace();
  const [api, health] = await Promise.all([
    burst('/api/trpc/school.info', 'application/json'),
    Promise.all(Array.from({ length: 10 }, () => fetch(`${portal.url}/health`))),
  ]);
  expect(api.map((a) => a.status)).toEqual(Array(30).fill(503));
  for (const answer of api) {
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'BUSY', message: expect.stringContaining('very busy') },
    });
  }
  expect(health.map((response) => response.status)).toEqual(Array(10).fill(200));
  await held.finish();
});

test('the busy page is accessible and readable on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 700 });
  const held = await holdThePlace();
  const refused = (await burst('/signin', 'text/html')).find((a) => a.status === 503);
  await held.finish();
  expect(refused).toBeDefined();
  await page.route(`${portal.url}/`, (route) =>
    route.fulfill({ status: 503, contentType: 'text/html', body: refused!.body }),
  );
  await page.goto(`${portal.url}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'The portal is busy' })).toBeVisible();
  await expect(page).toHaveTitle(/Busy, please try again/);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(375);
  await expectAccessible(page);
});
