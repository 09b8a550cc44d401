import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

// Every page under apps/web/src/routes/admin/**, visited as the staff who use it: one h1, no
// serious accessibility problem (axe) at desktop width and at 375 px, and nothing scrolling
// sideways on the phone. Pages with an id in their address are reached by following links from
// their list pages, as staff would, never by a made-up id.

const PHONE = { width: 375, height: 800 };

const examples = fileURLToPath(new URL('../../docs/imports/examples/', import.meta.url));
const rosterFiles = readdirSync(`${examples}oneroster/`)
  .filter((name) => name.endsWith('.csv'))
  .map((name) => `${examples}oneroster/${name}`);

/** Nothing may scroll sideways on a phone. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `sideways scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

/**
 * The page as it stands: exactly one h1 with this text, accessible at the test's own width, then
 * at 375 px wide accessible again with nothing scrolling sideways. Puts the width back after.
 */
async function checkPage(page: Page, heading: string | RegExp): Promise<void> {
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(h1, `one h1 on ${page.url()}`).toHaveCount(1);
  await expect(h1).toHaveText(heading);
  await expect(h1).toBeVisible();
  await expectAccessible(page);

  const size = page.viewportSize();
  await page.setViewportSize(PHONE);
  await expect(h1).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);
  if (size) await page.setViewportSize(size);
}

/** Opens a page without an id in its address and checks it. */
async function visit(page: Page, path: string, heading: string | RegExp): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await checkPage(page, heading);
}

async function signInAs(page: Page, role: 'admin' | 'teacher'): Promise<void> {
  const account = demoAccount(role);
  await signIn(page, account.username, account.password);
}

test('an admin’s pages about students, parents and access', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'admin');

  await visit(page, '/admin', 'Staff home');

  await visit(page, '/admin/students', 'Students');
  await page.getByLabel('Name, form or UPN').fill('Okafor');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/students\?.*q=Okafor/);
  await checkPage(page, 'Students');
  await page.getByRole('link', { name: 'Okafor, Daniel', exact: true }).first().click();
  await checkPage(page, 'Daniel Okafor');
  await page.getByRole('link', { name: 'Edit details', exact: true }).click();
  await checkPage(page, 'Edit Daniel Okafor’s details');

  await visit(page, '/admin/contacts', 'Parents and carers');
  await page.getByLabel('Name or email address').fill('Okafor');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(/\d+ (person|people) found\./);
  await checkPage(page, 'Parents and carers');
  await page.getByRole('link', { name: 'Okafor, Nadia', exact: true }).first().click();
  await checkPage(page, 'Mrs Nadia Okafor');
  await page.getByRole('link', { name: 'Edit details', exact: true }).click();
  await checkPage(page, 'Edit Nadia Okafor’s details');

  await visit(page, '/admin/access', 'Access requests');

  await visit(page, '/admin/restrictions', 'Revoke or reinstate access');
  // With a student chosen the page grows the revoking form: check that too.
  await page.getByLabel('Student’s name, form or UPN').fill('Okafor');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await page
    .getByRole('list', { name: 'Students found' })
    .getByRole('link', { name: 'Okafor, Daniel', exact: true })
    .first()
    .click();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Daniel Okafor', exact: true }),
  ).toBeVisible();
  await checkPage(page, 'Revoke or reinstate access');

  await visit(page, '/admin/safeguarding', 'Safeguarding holds');
  // With students found the page grows the form to place a hold.
  await page.getByLabel('Student’s name or form').fill('Okafor');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(page.getByRole('group', { name: 'Student', exact: true })).toBeVisible();
  await checkPage(page, 'Safeguarding holds');

  await visit(page, '/admin/policy', 'Acceptable Usage Policy');
  const version = page
    .getByRole('table', { name: /^Policy versions/ })
    .getByRole('rowheader')
    .getByRole('link')
    .first();
  const versionTitle = (await version.textContent())?.trim() ?? '';
  expect(versionTitle).not.toBe('');
  await version.click();
  await checkPage(page, versionTitle);
});

test('an admin’s pages for requests, records requests, the log, staff and settings', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);

  // The demo holds no change requests, so the demo parent sends one in a browser of her own:
  // a new email address no other test uses, which the queue shows as the request's summary.
  const newEmail = `nadia.pages.${Date.now()}@example.org`;
  const parentContext = await browser.newContext();
  const parentPage = await parentContext.newPage();
  const parent = demoAccount('parent');
  await signIn(parentPage, parent.username, parent.password);
  await parentPage.goto('/requests');
  await parentPage.getByRole('link', { name: 'Tell us about a change' }).click();
  await parentPage.getByLabel(/My email address/).check();
  await parentPage.getByLabel('Email address', { exact: true }).fill(newEmail);
  await parentPage.getByRole('button', { name: 'Send to the school' }).click();
  await expect(parentPage).toHaveURL(/\/requests\/[0-9a-f-]{36}\?sent=1$/);
  await parentContext.close();

  await signInAs(page, 'admin');
  await visit(page, '/admin/requests', 'Changes and problems reported');
  // Every request, newest first: the one just sent is on the first page.
  await page.getByLabel('Show', { exact: true }).selectOption('all');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page).toHaveURL(/[?&]status=all/);
  await checkPage(page, 'Changes and problems reported');
  const request = page
    .getByRole('row')
    .filter({ hasText: newEmail })
    .getByRole('rowheader')
    .getByRole('link');
  await expect(request).toHaveCount(1);
  const requestTitle = (await request.textContent())?.trim() ?? '';
  expect(requestTitle).not.toBe('');
  await request.click();
  await expect(page.getByText(newEmail).first()).toBeVisible();
  await checkPage(page, requestTitle);

  await visit(page, '/admin/outbox', 'Email outbox');

  await visit(page, '/admin/information-requests', 'Subject access and record requests');
  // With a student chosen the page grows the form to log a request.
  const find = page.getByRole('search', { name: 'Find the student or parent' });
  await find.getByLabel('Find the student or the parent or carer').fill('Daniel Okafor');
  await find.getByRole('button', { name: 'Find', exact: true }).click();
  await page.getByRole('link', { name: 'Daniel Okafor', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 3, name: 'Daniel Okafor' })).toBeVisible();
  await checkPage(page, 'Subject access and record requests');

  // The whole log, unfiltered: the widest table in the staff section.
  await visit(page, '/admin/audit', 'Audit log');
  await expect(page.getByRole('table', { name: 'Audit entries, newest first' })).toBeVisible();

  // Leavers are proposed only by a full roster import, and no full import can propose a demo
  // student (they came from no roster, so have no source id): the example roster, imported in
  // full, proposes nobody. So this page is checked in its empty state; no data is faked for it.
  await visit(page, '/admin/leavers', 'Proposed leavers');
  await expect(page.getByText('There are no proposed leavers.')).toBeVisible();

  // The same holds for access a roster stops (a demo parent has no roster source id).
  await visit(page, '/admin/access-stopped', 'Access stopped by the school’s system');
  await expect(page.getByText('No access is stopped by the school’s system.')).toBeVisible();

  await visit(page, '/admin/staff', 'Staff accounts');
  await page.getByRole('link', { name: 'Add a member of staff' }).click();
  await checkPage(page, 'Add a member of staff');
  await page
    .getByRole('navigation', { name: 'Staff pages' })
    .getByRole('link', { name: 'Staff accounts', exact: true })
    .click();
  await page
    .getByRole('table')
    .getByRole('link', { name: 'Ms Hannah Reeves', exact: true })
    .click();
  await checkPage(page, 'Ms Hannah Reeves');

  await visit(page, '/admin/settings', 'Settings');
});

test('an admin’s pages for registers, notices and progress reports', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'admin');

  // A register opened through the form, with the form's own choices: the first form or class,
  // today (or the last school day) and the session it suggests.
  await visit(page, '/admin/registers', 'Take a register');
  await page.getByRole('button', { name: 'Open the register' }).click();
  await expect(page).toHaveURL(/\/admin\/registers\/take\?/);
  await expect(page.getByRole('button', { name: 'Save the register' }).first()).toBeVisible();
  await checkPage(page, /^.+: (morning|afternoon) register$/);

  await visit(page, '/admin/notices', 'Publish notices');
  await page.getByRole('link', { name: 'Write a notice' }).click();
  await checkPage(page, 'Write a notice');
  await page.getByRole('link', { name: 'All notices' }).click();
  const notice = page.getByRole('list', { name: 'Notices', exact: true }).getByRole('link').first();
  const noticeTitle = (await notice.textContent())?.trim() ?? '';
  expect(noticeTitle).not.toBe('');
  await notice.click();
  await checkPage(page, noticeTitle);

  await visit(page, '/admin/reports', 'Progress reports');
  await page
    .getByRole('table', { name: 'Report cycles, newest first' })
    .getByRole('link', { name: 'Year 10 Autumn', exact: true })
    .click();
  await checkPage(page, 'Year 10 Autumn');
  await page
    .getByRole('table', { name: /^Reports in Year 10 Autumn/ })
    .getByRole('link', { name: /^Daniel Okafor/ })
    .first()
    .click();
  await checkPage(page, 'Daniel Okafor: Year 10 Autumn');
});

test('an admin’s import pages, each with a dry run of its example file', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'admin');
  const dryRun = page.getByRole('heading', {
    level: 2,
    name: 'Dry run: nothing has been imported yet',
  });

  // The roster: a partial dry run of the documented example (nothing is written).
  await visit(page, '/admin/imports', 'Import data');
  await page.getByRole('link', { name: 'Roster (OneRoster 1.2 CSV)', exact: true }).click();
  await checkPage(page, 'Roster (OneRoster 1.2 CSV)');
  await page.getByLabel('Files to import').setInputFiles(rosterFiles);
  await page.getByLabel(/These files list every student on roll/).uncheck();
  await page.getByRole('button', { name: 'Check these files (dry run)' }).click();
  await expect(dryRun).toBeVisible();
  await checkPage(page, 'Roster (OneRoster 1.2 CSV)');

  // The one-file imports: the page, then a dry run of the example the page offers. Whether the
  // example fits the demo school or not, the result (counts, and problems if any) is checked.
  for (const [label, file] of [
    ['Attendance marks (CSV)', 'attendance.csv'],
    ['Behaviour events (CSV)', 'behaviour.csv'],
    ['Timetable (CSV)', 'timetable.csv'],
    ['Report grades and comments (CSV)', 'reports.csv'],
  ] as const) {
    await page.goto('/admin/imports');
    await page.getByRole('link', { name: label, exact: true }).click();
    await checkPage(page, label);
    await page.getByLabel('Files to import').setInputFiles(`${examples}${file}`);
    await page.getByRole('button', { name: 'Check these files (dry run)' }).click();
    await expect(dryRun).toBeVisible();
    await checkPage(page, label);
  }
});

test('a teacher’s pages: their classes and a class register', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'teacher');

  await visit(page, '/admin', 'Staff home');
  await visit(page, '/admin/teaching', 'My classes');
  for (const code of ['10/En', '7/En']) {
    await page.goto('/admin/teaching');
    await page
      .getByRole('list', { name: 'Classes you teach' })
      .getByRole('link', { name: code, exact: true })
      .click();
    await checkPage(page, `${code}: English`);
    await expect(
      page.getByRole('table', { name: new RegExp(`^Students in ${code} `) }),
    ).toBeVisible();
  }

  // A class register, opened through the form on the day it suggests.
  await visit(page, '/admin/registers', 'Take a register');
  const picker = page.getByLabel('Form or class');
  const classes = await picker
    .locator('optgroup[label="Classes"] option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(classes.length).toBeGreaterThan(0);
  await picker.selectOption(classes[0]!);
  await page.getByRole('button', { name: 'Open the register' }).click();
  await expect(page).toHaveURL(/\/admin\/registers\/take\?.*register=group%3A/);
  await checkPage(page, /^.+: (morning|afternoon) register$/);
});
