import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn, signOut } from './support';

// A staff home that shows the work (issue 12): the queues with their counts, each linking to its
// page and only for the roles that may open it; a staff menu on every staff page; and a register
// taken with one tap per student, the full code list one step away.

const PHONE = { width: 375, height: 740 };

const workWaiting = (page: Page) => page.getByRole('region', { name: 'Work waiting' });
const staffMenu = (page: Page) => page.getByRole('navigation', { name: 'Staff pages' });

/** The big figure on a queue's card, as a number. */
async function figureOf(queue: Locator): Promise<number> {
  return Number(await queue.locator('.queue-figure').textContent());
}

/** Sends an "Ask for access" request for one child, as a parent would. */
async function askForAccess(page: Page, surname: string) {
  await page.goto('/request-access');
  const you = page.getByRole('group', { name: 'About you' });
  await you.getByLabel('First name').fill('Robin');
  await you.getByLabel('Last name').fill(surname);
  await you.getByLabel('Email address').fill(`${surname.toLowerCase()}@example.org`);
  await you.getByLabel(/Your relationship/).fill('Father');
  const child = page.getByRole('group', { name: 'Child 1', exact: true });
  await child.getByLabel('First name').fill('Jo');
  await child.getByLabel('Last name').fill(surname);
  await child.getByLabel('Day').fill('3');
  await child.getByLabel('Month').fill('6');
  await child.getByLabel('Year').fill('2013');
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByRole('status')).toContainText('We have your request');
}

test('the office sees the work waiting, and the access requests count follows the queue', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const surname = `Queue${Date.now()}`;
  await askForAccess(page, surname);

  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await expect(page).toHaveURL(/\/admin$/);
  const queue = workWaiting(page).getByRole('link', { name: /access requests? waiting/ });
  await expect(queue).toHaveAttribute('href', '/admin/access');
  await expect(queue).toContainText(/Oldest waiting (less than an hour|\d+ (hour|day|week)s?)/);
  const before = await figureOf(queue);
  expect(before).toBeGreaterThan(0);
  // The office's queues, and not the admin's failed emails.
  for (const name of [
    /(change or problem|changes and problems) reported, open/,
    /proposed leavers? to decide/,
    /information requests? near/,
    /of active accounts have accepted the policy/,
  ]) {
    await expect(workWaiting(page).getByRole('link', { name })).toHaveCount(1);
  }
  await expect(workWaiting(page).getByRole('link', { name: /emails? not delivered/ })).toHaveCount(
    0,
  );
  await expectAccessible(page);

  // The count is the queue's length.
  await queue.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Access requests' })).toBeVisible();
  await expect(page.locator('main ul.card-list > li')).toHaveCount(before);

  // Refusing one takes it off the count.
  const request = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: `Robin ${surname}` }) });
  await request.getByLabel(/Reason for refusing/).fill('End-to-end test of the staff home.');
  await request.getByRole('button', { name: /Refuse/ }).click();
  await expect(page.getByRole('status').first()).toContainText('Request refused.');
  await page.goto('/admin');
  expect(
    await figureOf(workWaiting(page).getByRole('link', { name: /access requests? waiting/ })),
  ).toBe(before - 1);

  // On a phone the queues come first, before anything scrolls.
  await page.setViewportSize(PHONE);
  const box = await workWaiting(page).getByRole('link').first().boundingBox();
  expect(box && box.y + box.height).toBeLessThan(PHONE.height);
  await expectAccessible(page);
});

test('an admin also sees failed emails; a teacher and a governor see no queues', async ({
  page,
}) => {
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  await expect(
    workWaiting(page).getByRole('link', { name: /emails? not delivered/ }),
  ).toHaveAttribute('href', '/admin/outbox');
  await signOut(page);

  for (const role of ['teacher', 'governor'] as const) {
    const account = demoAccount(role);
    await signIn(page, account.username, account.password);
    await expect(page.getByRole('heading', { level: 1, name: 'Staff home' })).toBeVisible();
    await expect(workWaiting(page)).toHaveCount(0);
    await expectAccessible(page);
    await signOut(page);
  }
});

test('the staff menu is on every staff page, marks the page you are on, and stays small on a phone', async ({
  page,
}) => {
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  for (const [path, label] of [
    ['/admin/students', 'Students'],
    ['/admin/outbox', 'Email outbox'],
    ['/admin/registers', 'Take a register'],
  ] as const) {
    await page.goto(path);
    const menu = staffMenu(page);
    await expect(menu).toBeVisible();
    const current = menu.locator('[aria-current="page"]');
    await expect(current).toHaveCount(1);
    await expect(current).toHaveText(label);
    await expect(current).toHaveAttribute('href', path);
  }
  // A page below one in the menu marks that one.
  await page.goto('/admin/students');
  await page.getByLabel('Name, form or UPN').fill('Okafor');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('link', { name: 'Okafor, Daniel', exact: true }).first().click();
  await expect(staffMenu(page).locator('[aria-current="page"]')).toHaveText('Students');
  // Follow the menu from one page to another.
  await staffMenu(page).getByRole('link', { name: 'Audit log', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expectAccessible(page);

  // On a phone it is one line until opened, and the page starts right below it.
  await page.setViewportSize(PHONE);
  await page.goto('/admin/students');
  const summary = page.locator('summary', { hasText: 'Staff pages' });
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('Students');
  await expect(staffMenu(page).getByRole('link', { name: 'Audit log' })).toBeHidden();
  const closed = await summary.boundingBox();
  expect(closed!.height).toBeGreaterThanOrEqual(44);
  expect(closed!.height).toBeLessThanOrEqual(PHONE.height * 0.1);
  const h1 = await page.getByRole('heading', { level: 1 }).boundingBox();
  expect(h1!.y + h1!.height).toBeLessThan(PHONE.height / 2);
  await expectAccessible(page);
  await summary.click();
  await staffMenu(page).getByRole('link', { name: 'Audit log', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page.locator('summary', { hasText: 'Staff pages' })).toContainText('Audit log');
  await expectAccessible(page);
});

test('a teacher’s menu lists only the pages a teacher may use', async ({ page }) => {
  const teacher = demoAccount('teacher');
  await signIn(page, teacher.username, teacher.password);
  await page.goto('/admin/teaching');
  const menu = staffMenu(page);
  await expect(menu.locator('[aria-current="page"]')).toHaveText('My classes');
  await expect(menu.getByRole('link', { name: 'Take a register' })).toBeVisible();
  for (const name of ['Students', 'Access requests', 'Audit log', 'Settings']) {
    await expect(menu.getByRole('link', { name, exact: true })).toHaveCount(0);
  }
});

/** Opens the morning register of the first Year 11 form on the day the picker suggests. */
async function openYear11Register(page: Page) {
  await page.goto('/admin/registers');
  const picker = page.getByLabel('Form or class');
  const form = await picker
    .locator('optgroup[label="Forms"] option')
    .evaluateAll(
      (options) =>
        options.map((o) => (o as HTMLOptionElement).value).find((v) => v.startsWith('form:11')) ??
        null,
    );
  expect(form).toBeTruthy();
  await picker.selectOption(form!);
  await page.getByLabel('Morning (AM)').check();
  await page.getByRole('button', { name: 'Open the register' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /morning register$/ })).toBeVisible();
}

/** Each student of the register is an item of its list: a group of buttons named after them. */
const studentsOf = (page: Page) =>
  page.getByRole('list', { name: /\(\d+ students\)$/ }).getByRole('listitem');

for (const javaScriptEnabled of [true, false]) {
  test(`a register is taken with one tap for late and absent, and any other code from the full list (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    // Signed in with scripts on (the sign-in helper checks pages with axe), then the register
    // in a browser with or without them.
    const signingIn = await browser.newContext();
    const office = demoAccount('office');
    await signIn(await signingIn.newPage(), office.username, office.password);
    const storageState = await signingIn.storageState();
    await signingIn.close();
    const context = await browser.newContext({ javaScriptEnabled, storageState });
    const page = await context.newPage();
    await openYear11Register(page);
    // axe runs as a script in the page, so only where the page may run scripts.
    if (javaScriptEnabled) await expectAccessible(page);

    const students = studentsOf(page);
    expect(await students.count()).toBeGreaterThan(3);
    const [late, absent, ill, present] = [0, 1, 2, 3].map((i) => students.nth(i));

    // Big targets: every button at least 44 px each way.
    for (const name of ['Present', 'Late', 'Absent', 'Other']) {
      const box = await late!.locator('label.segment', { hasText: name }).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
    }

    await late!.getByRole('radio', { name: 'Late' }).check();
    await late!.getByLabel(/^Minutes late/).fill('6');
    await absent!.getByRole('radio', { name: 'Absent' }).check();
    await present!.getByRole('radio', { name: 'Present' }).check();
    // Any other code is one step away: open the full list and choose.
    // (It is open already where an earlier run left another code.)
    if ((await ill!.locator('details').getAttribute('open')) === null) {
      await ill!.getByText('Full code list').click();
    }
    if (!javaScriptEnabled) await ill!.getByRole('radio', { name: /^Other/ }).check();
    await ill!.getByLabel(/^Other code/).selectOption('I');
    await expect(ill!.getByRole('radio', { name: /^Other/ })).toBeChecked();
    await page.getByRole('button', { name: 'Save the register' }).first().click();
    await expect(page.getByRole('status')).toContainText(/Register saved: /);

    // Opened again, each student shows exactly the mark chosen.
    await openYear11Register(page);
    await expect(late!.getByRole('radio', { name: 'Late' })).toBeChecked();
    await expect(late!.getByLabel(/^Minutes late/)).toHaveValue('6');
    await expect(late!).toContainText('(L), recorded by');
    await expect(absent!.getByRole('radio', { name: 'Absent' })).toBeChecked();
    await expect(absent!).toContainText('(N), recorded by');
    await expect(present!.getByRole('radio', { name: 'Present' })).toBeChecked();
    await expect(present!).toContainText('(/), recorded by');
    await expect(ill!.getByRole('radio', { name: 'Other: I' })).toBeChecked();
    await expect(ill!.getByLabel(/^Other code/)).toHaveValue('I');
    await expect(ill!).toContainText('Illness (I), recorded by');

    // "Other" without a code is refused, and nothing is saved.
    await absent!.getByRole('radio', { name: /^Other/ }).check();
    await page.getByRole('button', { name: 'Save the register' }).first().click();
    await expect(page.getByRole('alert')).toContainText('Nothing was saved.');
    await expect(absent!).toContainText('Choose a code from the full list');
    await openYear11Register(page);
    await expect(absent!.getByRole('radio', { name: 'Absent' })).toBeChecked();

    // On a phone nothing scrolls sideways, and the buttons keep their size.
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await late!.locator('label.segment', { hasText: 'Absent' }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    if (javaScriptEnabled) await expectAccessible(page);
    await context.close();
  });
}
