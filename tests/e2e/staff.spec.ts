import { expect, test } from '@playwright/test';
import { demoAccount, expectAccessible, freshCode, signIn } from './support';

test('the office manager signs in to the staff section and finds students', async ({ page }) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Staff home' })).toBeVisible();
  await expect(page.getByText('Your roles: Office')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Students', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Students' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(/\d+ students found/);
  await expectAccessible(page);

  await page.getByLabel('Year group').selectOption('Year 10');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/year=10/);
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toBeVisible();
  for (const cell of await page
    .getByRole('table')
    .locator('tbody td:nth-child(2)')
    .allTextContents()) {
    expect(cell).toBe('10');
  }
});

test('a governor reaches the staff home but no student data', async ({ page }) => {
  const governor = demoAccount('governor');
  await signIn(page, governor.username, governor.password);
  await expect(page.getByRole('heading', { name: 'Staff home' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Students', exact: true })).toHaveCount(0);
  await page.goto('/admin/students');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sorry, there is a problem');
  await expect(page.getByText('You do not have access to this.')).toBeVisible();
  await expectAccessible(page);
});

test('a parent cannot open the staff section', async ({ page }) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  const response = await page.goto('/admin/students');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('table')).toHaveCount(0);
  // Nor the staff pages that ask for nothing until a search is typed.
  for (const path of ['/admin/contacts', '/admin/contacts?q=a']) {
    expect((await page.goto(path))?.status(), path).toBe(403);
    await expect(page.getByRole('search')).toHaveCount(0);
  }
});

test('staff give a code from their authenticator at each sign-in; a wrong one is refused', async ({
  page,
}) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password); // sets up the authenticator if needed
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.goto('/signin');
  await page.getByLabel('Username or email address').fill(office.username);
  await page.getByLabel('Password', { exact: true }).fill(office.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/signin\/two-factor$/);
  await expectAccessible(page);
  await page.goto('/admin/students');
  await expect(page).toHaveURL(/\/signin\/two-factor$/);
  await page.getByLabel('Code').fill('000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('That code is not right');
  await page.getByLabel('Code').fill(await freshCode(office.username));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff home' })).toBeVisible();
});
