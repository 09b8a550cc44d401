import { expect, request, test } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';
import { BASE_URL } from './playwright.config';

// Issue 14: a parent on a phone finds the school calendar, makes a private address for their
// calendar app, and the address works with no cookie; a new address stops the old one.
test.use({ viewport: { width: 375, height: 812 } });

test('a parent subscribes to the school calendar from a phone, then resets the address', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  await page.goto('/information');
  await page.getByRole('link', { name: 'school calendar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Calendar' })).toBeVisible();
  await expect(page.getByText(/School closed: Half-term/).first()).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Make my calendar address' }).click();
  await expect(page.getByRole('status')).toContainText('Your calendar address is ready.');
  const address = await page.getByLabel('Your calendar address').inputValue();
  expect(address).toMatch(new RegExp(`^${BASE_URL}/calendar/feed/[a-z2-7]{32}\\.ics$`));
  await expect(
    page.getByRole('link', { name: 'Open it in Apple Calendar or Outlook' }),
  ).toHaveAttribute('href', address.replace(/^http:/, 'webcal:'));
  await expectAccessible(page);
  const sideways = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(sideways).toBeLessThanOrEqual(0);

  // A calendar app: no cookie, just the address.
  const app = await request.newContext();
  const fetched = await app.get(address);
  expect(fetched.status()).toBe(200);
  expect(fetched.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const text = await fetched.text();
  expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
  expect(text).toContain('SUMMARY:School closed: Half-term');

  await page.goto('/calendar');
  await expect(page.getByText('Your calendar app last fetched it')).toBeVisible();
  await page.getByRole('button', { name: 'Make a new address' }).click();
  await expect(page.getByRole('status')).toContainText('The old one has stopped working.');
  const newAddress = await page.getByLabel('Your calendar address').inputValue();
  expect(newAddress).not.toBe(address);
  expect((await app.get(address)).status()).toBe(404);
  expect((await app.get(newAddress)).status()).toBe(200);

  await page.goto('/calendar');
  await page.getByRole('button', { name: 'Stop the address working' }).click();
  await expect(page.getByRole('status')).toContainText(
    'Your calendar address has stopped working.',
  );
  expect((await app.get(newAddress)).status()).toBe(404);
  await app.dispose();
});
