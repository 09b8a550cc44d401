import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { demoAccount, signIn } from './support';

// Issue 12: the pages people judge the portal by, at a desktop width and a phone's, as pictures
// for review. Every run checks each page opened on the right heading with nothing sideways to
// scroll, and attaches the picture to the report; `npm run screenshots` (UPDATE_SCREENSHOTS=1)
// writes them to docs/screenshots/ for a pull request to show what changed. Pictures are not
// compared pixel for pixel: the demo school's dates and figures move with today's date.

const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 375, height: 812 },
] as const;
const folder = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

async function picture(page: Page, name: string, heading: RegExp | string) {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    const sideways = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(sideways, `${name} at ${size.width} px scrolls sideways`).toBeLessThanOrEqual(0);
    const file = `${name}-${size.width}.png`;
    const shot = await page.screenshot(
      process.env.UPDATE_SCREENSHOTS ? { path: `${folder}${file}` } : {},
    );
    await test.info().attach(file, { body: shot, contentType: 'image/png' });
  }
}

test.beforeAll(() => {
  if (process.env.UPDATE_SCREENSHOTS) mkdirSync(folder, { recursive: true });
});

test('a parent: home, a child’s attendance and timetable', async ({ page }) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  await page.goto('/');
  await picture(page, 'home', /./);
  const href = await page
    .getByRole('list', { name: 'My children' })
    .getByRole('link', { name: /Daniel Okafor/ })
    .first()
    .getAttribute('href');
  await page.goto(`${href}/attendance`);
  await picture(page, 'attendance', 'Attendance for Daniel Okafor');
  await page.goto(`${href}/timetable`);
  await picture(page, 'timetable', /Timetable/);
});

test('the request-access form with its errors', async ({ page }) => {
  await page.goto('/request-access');
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await picture(page, 'request-access-errors', /access/i);
});

test('the office: staff home and a register', async ({ page }) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.goto('/admin');
  await picture(page, 'staff-home', /./);
  await page.goto('/admin/registers');
  const picker = page.getByLabel('Form or class');
  const form = await picker
    .locator('optgroup[label="Forms"] option')
    .evaluateAll((options) => (options[0] as HTMLOptionElement | undefined)?.value ?? null);
  expect(form).toBeTruthy();
  await picker.selectOption(form!);
  await page.getByLabel('Morning (AM)').check();
  await page.getByRole('button', { name: 'Open the register' }).click();
  await picture(page, 'register', /morning register$/);
});
