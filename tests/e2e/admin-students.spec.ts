import { expect, test, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

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

test('the office finds Daniel, sees both parents’ links and accounts, and edits his preferred name', async ({
  page,
}) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);

  await page.goto('/admin/students');
  await expect(page.getByRole('heading', { level: 1, name: 'Students' })).toBeVisible();
  await checkPage(page);
  await page.getByLabel('Name, form or UPN').fill('Okafor');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/q=Okafor/);
  await expect(page.getByRole('link', { name: 'Okafor, Amara' })).toBeVisible();
  await checkPage(page);

  await page.getByRole('link', { name: 'Okafor, Daniel' }).click();
  await expect(page).toHaveURL(/\/admin\/students\/[0-9a-f-]+$/);
  const studentPath = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1, name: 'Daniel Okafor' })).toBeVisible();
  await expect(page.getByText(/Year 10, form 10/)).toBeVisible();
  await expect(page.getByText(/Last updated .+/).first()).toBeVisible();
  // Dates in words, as everywhere else ("4 May 2011"), never "2011-05-04" (issue 12 item 7).
  await expect(page.locator('main')).not.toContainText(/\b\d{4}-\d{2}-\d{2}\b/);

  // Both parents: the link, the verification record and the account, each in words.
  const parents = page.getByRole('list', { name: 'Parents and carers' }).getByRole('listitem');
  const mother = parents.filter({ hasText: 'Nadia Okafor' });
  await expect(mother).toContainText('Mother');
  await expect(mother).toContainText('Parental responsibility confirmed');
  await expect(mother).toContainText('Verification record');
  await expect(mother).toContainText('Birth certificate');
  await expect(mother).toContainText(/Verified by\s*\S+/);
  await expect(mother).toContainText(/Portal account\s*Active \(username demo\.parent\)/);
  const father = parents.filter({ hasText: 'Emeka Okafor' });
  await expect(father).toContainText('Father');
  await expect(father).toContainText('Parental responsibility confirmed');
  await expect(father).toContainText('School record and photo ID');
  await expect(father).toContainText(/Portal account\s*No account/);
  // The step-father is on the contact list without parental responsibility.
  const stepFather = parents.filter({ hasText: 'Gareth Doyle' });
  await expect(stepFather).toContainText(/Parental responsibility\s*No\b/);
  // Revoking needs a reason: it links to the page that records one, with Daniel chosen.
  await expect(
    mother.getByRole('link', { name: 'Revoke Mrs Nadia Okafor’s access' }),
  ).toHaveAttribute('href', /^\/admin\/restrictions\?student=[0-9a-f-]+#revoke$/);
  await checkPage(page);

  // The mother's contact record links back to Daniel's page and has its own edit page.
  await mother.getByRole('link', { name: 'Mrs Nadia Okafor', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mrs Nadia Okafor' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Daniel Okafor' })).toHaveAttribute(
    'href',
    studentPath,
  );
  await checkPage(page);
  await page.getByRole('link', { name: 'Edit details' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Edit Nadia Okafor/ })).toBeVisible();
  await expect(page.getByLabel('Registered email address')).toHaveValue(
    demoAccount('parent').email,
  );
  await expect(page.getByText(/Last updated .+/)).toBeVisible();
  await checkPage(page);

  // Edit Daniel's preferred name, then put it back as it was for the other tests.
  await page.goto(studentPath);
  await page.getByRole('link', { name: 'Edit details' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Edit Daniel Okafor/ })).toBeVisible();
  await expect(page.getByText(/Setting a leaving date in the past takes/)).toBeVisible();
  await checkPage(page);
  const preferredName = page.getByLabel('Preferred name');
  const original = await preferredName.inputValue();
  await preferredName.fill('Danny');
  await page.getByRole('button', { name: 'Save changes' }).click();

  await expect(page).toHaveURL(new RegExp(`${studentPath}\\?saved=saved$`));
  await expect(page.getByText('The student’s details are saved.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Danny Okafor' })).toBeVisible();
  await expect(page.getByText(/Preferred name\s*Danny/)).toBeVisible();
  await expect(
    page.getByText(new RegExp(`Last updated .+ by ${office.name}`)).first(),
  ).toBeVisible();
  await checkPage(page);

  await page.getByRole('link', { name: 'Edit details' }).click();
  await page.getByLabel('Preferred name').fill(original);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('The student’s details are saved.')).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 1, name: `${original || 'Daniel'} Okafor` }),
  ).toBeVisible();
});

test('a bad date on the student form is refused beside the field, and nothing changes', async ({
  page,
}) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.goto('/admin/students?q=Okafor');
  await page.getByRole('link', { name: 'Okafor, Daniel' }).click();
  await page.getByRole('link', { name: 'Edit details' }).click();
  const admission = await page.getByLabel('Admission date').inputValue();
  await page.getByLabel('Leaving date').fill('2001-01-01');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('alert')).toContainText('Please check your answers');
  await expect(page.getByLabel('Leaving date')).toHaveAttribute('aria-invalid', 'true');
  await expect(
    page.locator('.field-error', {
      hasText: 'The leaving date cannot be before the admission date.',
    }),
  ).toBeVisible();
  await expect(page.getByLabel('Admission date')).toHaveValue(admission);
  await checkPage(page);
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByText(/Leaving date\s*None: still on roll/)).toBeVisible();
});
