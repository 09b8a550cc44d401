import { expect, test } from '@playwright/test';
import { E2E_STAFF } from './e2e-accounts';
import { demoAccount, expectAccessible, signIn, signOut } from './support';

/** The one answer to every refused sign-in (issue 10 item 9), naming the school's address. */
const SIGN_IN_REFUSED =
  'Incorrect username or password. If you are sure both are right, please contact the school at enquiries@northfield.example.org.';

// An account of the tests' own: changing its password affects no other test.
test('a member of staff changes their password, seeing each broken rule beside the field', async ({
  page,
}) => {
  const teacher = E2E_STAFF;
  const newPassword = 'Quartz-Meadow-3107';
  await signIn(page, teacher.username, teacher.password);
  await page.getByRole('link', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Change your password' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Current password').fill(teacher.password);
  await page.getByLabel('New password', { exact: true }).fill('lowercase only');
  await page.getByLabel('New password again').fill('lowercase only');
  await page.getByRole('button', { name: 'Change password' }).click();
  const problems = page.locator('#newPassword-error');
  await expect(problems).toContainText('Include at least one capital letter (A to Z).');
  await expect(problems).toContainText('Include at least one number (0 to 9).');
  await expect(page.getByLabel('New password', { exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expectAccessible(page);

  await page.getByLabel('Current password').fill(teacher.password);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('New password again').fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password has been changed.');

  await signOut(page);
  await signIn(page, teacher.username, teacher.password);
  await expect(page.getByRole('alert')).toHaveText(SIGN_IN_REFUSED);
  await signIn(page, teacher.username, newPassword);
  await expect(page.getByRole('heading', { name: 'Staff home' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  // No SMTP server in this run: the notice waits in the outbox, where an admin can read it.
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  await page.goto('/admin/outbox');
  const notice = page.getByRole('listitem').filter({ hasText: teacher.email });
  await expect(notice.getByRole('heading')).toHaveText('Your parent portal password was changed');
  await notice.getByText('Read the email').click();
  await expect(notice.locator('pre')).toContainText('enquiries@northfield.example.org');
  await expectAccessible(page);
});
