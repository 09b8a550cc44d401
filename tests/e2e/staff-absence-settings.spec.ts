import { expect, test, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

// Issue 13, the school's side of absence reporting on a phone: the settings for the cut-off, the
// morning email and the absence line, and the office's export of accepted reports for the MIS;
// then a parent's form says when today's reports must come. Nothing in the demo is used up: the
// phone number is put back as it was.

test.use({ viewport: { width: 375, height: 740 } });

const PHONE = '01632 960 123';

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

/** The time of day at the school (Europe/London), 'HH:MM'. */
const londonClock = () =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date());

/** Today at the school, 'YYYY-MM-DD'. */
const londonToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** On a phone the sign-out button sits in the header's menu. */
async function signOutOnPhone(page: Page) {
  await page.locator('summary', { hasText: 'Menu' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You have signed out.')).toBeVisible();
}

async function saveSettings(page: Page) {
  await page.getByRole('button', { name: 'Save settings' }).click();
}

test('the admin sets the absence line and the cut-off, exports accepted reports as CSV, and a parent sees the cut-off on the form', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  await page.goto('/admin/settings');
  await expect(page.getByRole('heading', { level: 2, name: 'Absence reports' })).toBeVisible();
  const cutoff = page.getByLabel('Cut-off for reporting an absence today');
  await expect(cutoff).toHaveValue('08:30');
  await expect(
    page.getByLabel('Time of the morning email about absences with no reason'),
  ).toHaveValue('10:00');
  await expect(page.getByLabel('The portal’s registers')).toBeChecked();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  // A time that is not one is refused beside its field, and nothing is saved.
  await cutoff.fill('25:00');
  await page.getByLabel('Absence line phone number').fill(PHONE);
  await saveSettings(page);
  await expect(
    page.getByText('Enter the cut-off time as a 24-hour time, like 08:30.').last(),
  ).toBeVisible();
  await expect(page.getByLabel('Cut-off for reporting an absence today')).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expectAccessible(page);
  await page.getByLabel('Cut-off for reporting an absence today').fill('08:30');
  await expect(page.getByLabel('Absence line phone number')).toHaveValue(PHONE);
  await saveSettings(page);
  await expect(page.getByRole('status')).toContainText('Settings saved: 1 change.');
  await expect(page.getByLabel('Absence line phone number')).toHaveValue(PHONE);

  // The office's queue offers the export; the file is the attendance import's CSV.
  await page.goto('/admin/absence-reports');
  await expect(
    page.getByRole('heading', { level: 2, name: 'Export accepted reports for the MIS' }),
  ).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  const today = londonToday();
  await expect(page.getByLabel('Last day')).toHaveValue(today);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(
    /^absence-reports-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const text = await file.createReadStream().then(
    (stream) =>
      new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        stream.on('error', reject);
      }),
  );
  expect(text.startsWith('\uFEFFupn,student_id,date,session,code\r\n')).toBe(true);
  await signOutOnPhone(page);

  // The parent's form says when today's reports must come, or that the time has passed.
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  await page.goto('/absence/new');
  const notice = page.locator('#cutoff-notice');
  if (londonClock() >= '08:30') {
    await expect(notice).toContainText('It is after 08:30');
    await expect(notice).toContainText(`please also phone the absence line on ${PHONE}`);
  } else {
    await expect(notice).toContainText('Report today’s absence before 08:30');
  }
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await signOutOnPhone(page);

  // Put the demo back as it was.
  await signIn(page, admin.username, admin.password);
  await page.goto('/admin/settings');
  await page.getByLabel('Absence line phone number').fill('');
  await saveSettings(page);
  await expect(page.getByRole('status')).toContainText('Settings saved: 1 change.');
});
