import { expect, test } from '@playwright/test';
import { E2E_STAFF } from './e2e-accounts';
import {
  demoAccount,
  demoAccountByUsername,
  expectAccessible,
  freshCode,
  saveSecret,
  signIn,
  signOut,
} from './support';

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

// demo.parent7 opts in and out again within this test: other journeys sign it in either way.
test('a parent sets up the second step, makes new recovery codes and turns it off again', async ({
  page,
}) => {
  const parent = demoAccountByUsername('demo.parent7');
  await signIn(page, parent.username, parent.password);
  await page.goto('/account/two-factor');
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  // On the phone itself the QR code cannot be scanned: a link opens the app instead.
  await expect(page.getByRole('link', { name: 'Open in your authenticator app' })).toHaveAttribute(
    'href',
    /^otpauth:\/\/totp\/.+secret=/,
  );
  saveSecret(parent.username, (await page.locator('code.manual-key').textContent()) ?? '');
  await page.getByLabel('The 6-digit code the app shows').fill(await freshCode(parent.username));
  await page.getByRole('button', { name: 'Finish setting up' }).click();
  const first = await page.getByRole('list', { name: 'Recovery codes' }).innerText();

  await page.goto('/account/two-factor');
  await expectAccessible(page);
  await page
    .getByLabel('Code from your app')
    .first()
    .fill(await freshCode(parent.username));
  await page.getByRole('button', { name: 'Make new recovery codes' }).click();
  await expect(page.getByRole('status')).toContainText('The old ones no longer work');
  const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const renewed = await codes.allInnerTexts();
  expect(first).not.toContain(renewed[0]!);

  await page.goto('/account/two-factor');
  const turnOff = page.locator('form[action="?/turnOff"]');
  await turnOff.getByLabel('Code from your app').fill('000000');
  await turnOff.getByRole('button', { name: 'Turn off the second step' }).click();
  await expect(page.getByRole('alert')).toContainText('That code is not right');
  // A recovery code is a code too: no waiting for the app's next one.
  await page.locator('form[action="?/turnOff"]').getByLabel('Code from your app').fill(renewed[0]!);
  await page.getByRole('button', { name: 'Turn off the second step' }).click();
  await expect(page.getByRole('status')).toContainText('The second step is turned off');
  await signOut(page);

  // Signed in again with the password alone.
  await signIn(page, parent.username, parent.password);
  await expect(page).not.toHaveURL(/two-factor/);
  await signOut(page);
});
