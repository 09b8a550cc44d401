import { expect, test } from '@playwright/test';
import { demoAccount, expectAccessible } from './support';

test('a cross-site form POST is refused', async ({ request }) => {
  const parent = demoAccount('parent');
  const response = await request.post('/signin', {
    headers: { origin: 'https://attacker.example' },
    form: { identifier: parent.username, password: parent.password },
  });
  expect(response.status()).toBe(403);
  expect(response.headers()['set-cookie']).toBeUndefined();
});

test('a cross-site request to the HTTP endpoint is refused', async ({ request }) => {
  const parent = demoAccount('parent');
  const response = await request.post('/api/trpc/auth.signIn', {
    headers: { origin: 'https://attacker.example' },
    data: { identifier: parent.username, password: parent.password },
  });
  expect(response.status()).toBe(403);
  expect(response.headers()['set-cookie']).toBeUndefined();
});

test('every page carries the security headers', async ({ request }) => {
  const response = await request.get('/signin');
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  // This server is plain http://localhost: HSTS only over HTTPS (behind-a-proxy.spec.ts).
  expect(headers['strict-transport-security']).toBeUndefined();
});

test('a missing page says so plainly and gives nothing away', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We could not find that');
  await expectAccessible(page);
});

test('the policy and help pages are public and accessible, and give the enquiries address', async ({
  page,
}) => {
  for (const path of ['/policy', '/help']) {
    await page.goto(path);
    await expect(
      page.getByRole('link', { name: 'enquiries@northfield.example.org' }).first(),
    ).toBeVisible();
    await expectAccessible(page);
  }
});
