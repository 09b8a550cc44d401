import { expect, test, type Page } from '@playwright/test';
import { demoAccount, signIn } from './support';

// Issue 10 item 13: static files carry the security headers too; HSTS only over HTTPS (this test
// server is plain http://localhost); no page breaks its own Content-Security-Policy.
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

test('static files carry the security headers, and nothing over plain HTTP is sent HSTS', async ({
  request,
}) => {
  const page = await request.get('/signin');
  // A script and a stylesheet the page loads, from /_app/immutable/.
  const assets = [...(await page.text()).matchAll(/\/_app\/immutable\/[^"']+\.(?:js|css)/g)].map(
    (m) => m[0],
  );
  expect(assets.length).toBeGreaterThan(0);
  const paths = ['/favicon.svg', '/robots.txt', '/guides/sign-in.svg', ...assets, '/signin'];
  const answers = await Promise.all(
    [...new Set(paths)].map(async (path) => ({ path, response: await request.get(path) })),
  );
  for (const { path, response } of answers) {
    expect(response.status(), path).toBe(200);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(response.headers()[name], `${name} on ${path}`).toBe(value);
    }
  }
  for (const { path, response } of answers) {
    expect(response.headers()['strict-transport-security'], `HSTS on ${path}`).toBeUndefined();
  }
});

/** Every Content-Security-Policy violation the page reports, as Chromium logs it. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

test('pages keep their own Content-Security-Policy, and the route announcer stays hidden', async ({
  page,
}) => {
  const violations = cspViolations(page);
  await page.goto('/signin');
  // Hydrated (the announcer is mounted), then a navigation in the page, so that it says something.
  await page.locator('#svelte-announcer').waitFor({ state: 'attached' });
  await page.getByRole('link', { name: 'Help and guides' }).click();
  await page.waitForURL((url) => url.pathname === '/help');
  await expect(page.locator('#svelte-announcer')).toHaveText(/\S/);
  const announcer = await page.locator('#svelte-announcer').boundingBox();
  expect(announcer?.width).toBeLessThanOrEqual(1);
  expect(announcer?.height).toBeLessThanOrEqual(1);

  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  await page.goto('/notices');
  await page.waitForLoadState('load');
  expect(violations).toEqual([]);
});
