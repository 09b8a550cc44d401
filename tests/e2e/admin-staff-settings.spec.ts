import { expect, test, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn, waitForEmail } from './support';

/** Nothing may scroll sideways on a phone (375 px wide). */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `sideways scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

/** Checks a staff page for accessibility, then again at phone width for sideways scrolling. */
async function checkPage(page: Page) {
  await expectAccessible(page);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 740 });
  await expectNoSidewaysScroll(page);
  if (size) await page.setViewportSize(size);
}

test('the admin adds a teacher, whose activation email is sent, then deactivates them', async ({
  page,
}) => {
  // A journey of several sign-ins and axe checks: near the default 30 s when the machine is busy.
  test.setTimeout(90_000);
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Staff accounts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff accounts' })).toBeVisible();
  await checkPage(page);

  // A unique name and address each run, so a second run against the same server still works.
  const stamp = Date.now().toString(36);
  const surname = `Fairweather${stamp.replace(/[0-9]/g, '')}`;
  const email = `q.fairweather.${stamp}@northfield.example.org`;

  await page.getByRole('link', { name: 'Add a member of staff' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Add a member of staff' }),
  ).toBeVisible();
  await checkPage(page);

  // Without a role the form is refused, with the message beside the roles.
  await page.getByLabel('First name').fill('Quinn');
  await page.getByLabel('Last name').fill(surname);
  await page.getByLabel('School email address').fill(email);
  await page.getByRole('button', { name: 'Add them and email the activation link' }).click();
  await expect(page.getByRole('group', { name: /Roles/ })).toContainText(
    'Choose at least one role.',
  );
  await expect(page.getByLabel('Last name')).toHaveValue(surname);

  await page.getByRole('checkbox', { name: /^Teacher/ }).check();
  await page.getByRole('button', { name: 'Add them and email the activation link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Quinn ${surname}` })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(
    `the activation link has been emailed to ${email}`,
  );
  await expect(page.getByText('Waiting for them to set a password')).toBeVisible();
  await checkPage(page);

  const activation = await waitForEmail(email, /staff portal account/);
  expect(activation.text).toMatch(/\/activate\?token=[a-z2-7]+/);
  expect(activation.text).toMatch(/Your username is quinn\.fairweather/);

  // A leaver: deactivation needs the box ticked.
  await page.getByRole('button', { name: 'Deactivate the account' }).click();
  await expect(page.getByRole('alert')).toContainText('Tick the box to confirm the deactivation.');
  await page.getByLabel(`Yes, deactivate Quinn ${surname}’s account now`).check();
  await page.getByRole('button', { name: 'Deactivate the account' }).click();
  await expect(page.getByRole('status')).toContainText('Account deactivated.');
  await expect(page.getByText('Deactivated', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reactivate the account' })).toBeVisible();

  // The list shows them as deactivated.
  await page
    .getByRole('navigation', { name: 'Staff pages' })
    .getByRole('link', { name: 'Staff accounts' })
    .click();
  await page.getByLabel('Name, email or username').fill(surname);
  await page.getByRole('button', { name: 'Find' }).click();
  const row = page.getByRole('row', { name: new RegExp(surname) });
  await expect(row).toContainText('Teacher');
  await expect(row).toContainText('Deactivated');

  // Their own page does not offer an admin the means to deactivate themselves.
  await page.getByLabel('Name, email or username').fill(admin.username);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('row').nth(1).getByRole('link').click();
  await expect(page.getByText('This is your own account.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Deactivate the account' })).toHaveCount(0);
});

test('the admin changes the enquiries email, sees it in the footer, and changes it back', async ({
  page,
}) => {
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await checkPage(page);

  // The school keeps its policy's rules on, so the page says what NCSC and NIST advise.
  await expect(page.getByText(/National Cyber Security Centre \(NCSC\)/)).toBeVisible();
  await expect(
    page
      .getByRole('main')
      .locator('.admin-content')
      .getByRole('link', { name: 'Acceptable Usage Policy' }),
  ).toHaveAttribute('href', '/admin/policy');

  const field = page.getByLabel('Enquiries email');
  const original = await field.inputValue();
  const footer = page.getByRole('contentinfo');
  await expect(footer).toContainText(original);

  // A bad address is refused beside the field, and nothing changes.
  await field.fill('not an email');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(
    page.getByText('Enter the enquiries email address, like office@school.example.').last(),
  ).toBeVisible();
  await expect(page.getByLabel('Enquiries email')).toHaveAttribute('aria-invalid', 'true');
  await expect(footer).toContainText(original);

  const changed = 'questions@northfield.example.org';
  await page.getByLabel('Enquiries email').fill(changed);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toContainText('Settings saved: 1 change.');
  await expect(footer.getByRole('link', { name: changed })).toBeVisible();
  await page.goto('/help');
  await expect(page.getByRole('contentinfo').getByRole('link', { name: changed })).toBeVisible();

  await page.goto('/admin/settings');
  await page.getByLabel('Enquiries email').fill(original);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toContainText('Settings saved: 1 change.');
  await expect(page.getByRole('contentinfo').getByRole('link', { name: original })).toBeVisible();
  await checkPage(page);
});

test('the office may not open settings or staff accounts', async ({ page }) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  for (const path of ['/admin/settings', '/admin/staff', '/admin/staff/new']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
});
