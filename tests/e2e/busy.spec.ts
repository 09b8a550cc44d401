import { expect, test } from '@playwright/test';
import { startPortal, type Portal } from './spawn-portal';
import { expectAccessible } from './support';

// Issue 17: on the embedded database, requests beyond a bounded queue get the portal's own 503
// "busy" page at once instead of waiting. A portal of its own with the smallest limits (one request
// at a time, no queue) makes a burst overflow every time; playwright.config.ts runs this spec in
// the embedded pass only.
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

test('a burst beyond the queue gets the busy page at once; the rest are served, and the place is handed back', async () => {
  const answers = await burst('/signin', 'text/html');
  const served = answers.filter((a) => a.status === 200);
  const refused = answers.filter((a) => a.status === 503);
  expect(served.length + refused.length).toBe(answers.length);
  expect(served.length).toBeGreaterThan(0);
  expect(refused.length).toBeGreaterThan(0);
  for (const answer of served) expect(answer.body).toContain('Sign in');
  for (const answer of refused) {
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.body).toContain('The portal is busy');
    expect(answer.body).toContain('nothing you sent has been saved');
  }

  // Nothing is left holding the one place: one at a time, every request is served.
  for (let i = 0; i < 5; i++) {
    expect((await fetch(`${portal.url}/signin`)).status).toBe(200);
  }
});

test('a program gets the busy answer as JSON, and the health check is never queued', async () => {
  const [api, health] = await Promise.all([
    burst('/api/trpc/school.info', 'application/json'),
    Promise.all(Array.from({ length: 10 }, () => fetch(`${portal.url}/health`))),
  ]);
  const refused = api.filter((a) => a.status === 503);
  expect(refused.length).toBeGreaterThan(0);
  for (const answer of refused) {
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'BUSY', message: expect.stringContaining('very busy') },
    });
  }
  expect(health.map((response) => response.status)).toEqual(Array(10).fill(200));
});

test('the busy page is accessible and readable on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 700 });
  const refused = (await burst('/signin', 'text/html')).find((a) => a.status === 503);
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
