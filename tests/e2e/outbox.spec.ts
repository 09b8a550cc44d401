import { expect, test } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

test('an admin reads the email outbox; the office may not', async ({ page }) => {
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  await page.getByRole('link', { name: 'Email outbox' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Email outbox' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(/\d+ emails?\./);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign out' }).click();

  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await expect(page.getByRole('link', { name: 'Email outbox' })).toHaveCount(0);
  const response = await page.goto('/admin/outbox');
  expect(response?.status()).toBe(403);
});
