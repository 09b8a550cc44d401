import { expect, test } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

// Every page not already visited by a journey elsewhere gets an accessibility check here.
test('public pages for getting into an account are accessible', async ({ page }) => {
  for (const path of [
    '/forgot-password',
    '/reset-password?token=not-a-real-link',
    '/request-access',
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page);
  }
  await page.goto('/reset-password?token=not-a-real-link');
  await expect(page.getByRole('alert')).toContainText('This link is not valid');
});

test('the account and staff pages an admin uses are accessible', async ({ page }) => {
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  for (const path of [
    '/account/sessions',
    '/account/password',
    '/account/two-factor',
    '/admin/policy',
    '/admin/restrictions',
    '/admin/contacts?q=Okafor',
    '/admin/outbox',
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page);
  }
  await page.goto('/account/sessions');
  await expect(page.getByText('This device')).toBeVisible();
});
