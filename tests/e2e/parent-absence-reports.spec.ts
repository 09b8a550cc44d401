import { expect, test, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn, waitForEmail } from './support';

// Issue 13, "Reporting an absence", on a phone: the demo's Daniel has a day marked N (absent, no
// reason yet) three school days ago. His parent tells the school why from the home page, the
// office accepts, and the parent sees the report accepted and the register's mark as I.

test.use({ viewport: { width: 375, height: 740 } });

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

/** On a phone the sign-out button sits in the header's menu. */
async function signOutOnPhone(page: Page) {
  await page.locator('summary', { hasText: 'Menu' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You have signed out.')).toBeVisible();
}

// This spec explains (and the office accepts) the demo school's one unexplained day of Daniel's,
// which attendance-behaviour.spec.ts and calm-pages.spec.ts need to find still unexplained. The
// e2e suite runs its files one after another in name order, so this file is named to run after
// them; the mobile project runs only mobile.spec.ts.

/** "Tue 17 Nov 2026", as the attendance page names a day. */
const schoolDay = (date: string) =>
  new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));

test('a parent on a phone tells the school why Daniel was absent (illness); the office accepts; the parent sees it accepted and the mark shows I', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const parent = demoAccount('parent');
  const office = demoAccount('office');

  // Home: Daniel's absence needs a reason, and "Tell us why" leads to the form.
  await signIn(page, parent.username, parent.password);
  await expect(page.getByRole('heading', { level: 1, name: 'My children' })).toBeVisible();
  const danielHref = await page
    .getByRole('list', { name: 'My children' })
    .getByRole('link', { name: /Daniel/ })
    .first()
    .getAttribute('href');
  expect(danielHref).toMatch(/^\/students\/[0-9a-f-]+$/);
  const danielId = danielHref!.split('/').at(-1)!;
  await page.locator(`a[href="/absence/new?student=${danielId}"]`).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Report an absence' })).toBeVisible();
  await expect(page.locator(`#child-${danielId}`)).toBeChecked();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  // Sent with nothing filled in: every error is listed, linked, and the summary takes focus.
  await page.getByRole('button', { name: 'Send to the school' }).click();
  const errors = page.locator('.error-summary');
  await expect(errors).toBeFocused();
  await expect(errors.getByRole('link', { name: 'Enter the first day' })).toBeVisible();
  await expect(errors.getByRole('link', { name: 'Choose the reason.' })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  // The unexplained day is offered as a link that fills the form: one report for the whole day.
  const dayLink = page.locator(`a[href^="?student=${danielId}&date="]`).first();
  const date = new URL(`http://x/${(await dayLink.getAttribute('href'))!}`).searchParams.get(
    'date',
  )!;
  expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await dayLink.click();
  await expect(page.locator('#firstDate-year')).toHaveValue(date.slice(0, 4));
  await page.locator('#reason-illness').check();
  await page.getByLabel(/Anything else the school should know/).fill('A sickness bug overnight.');
  await page.getByRole('button', { name: 'Send to the school' }).click();
  await expect(page).toHaveURL(/\/absence\?sent=1$/);
  await expect(page.getByRole('status').filter({ hasText: 'Thank you' })).toContainText(
    'The school has your report',
  );
  const mine = page.getByRole('list', { name: 'Absence reports' }).getByRole('listitem').first();
  await expect(mine).toContainText('Illness');
  await expect(mine).toContainText('Waiting for the school');
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  // Home no longer asks for a reason for the day just reported, and says it is reported.
  await page.goto('/');
  const danielCard = page
    .getByRole('list', { name: 'My children' })
    .getByRole('listitem')
    .filter({ has: page.locator(`a[href="/students/${danielId}"]`) })
    .first();
  await expect(danielCard).toContainText(
    '2 absences reported by a parent, waiting for the school to record the reason.',
  );
  await expect(danielCard).not.toContainText(/needs? a reason/);
  await signOutOnPhone(page);

  // The office finds it in the queue and accepts it with the illness code, I.
  await signIn(page, office.username, office.password);
  await page.goto('/admin/absence-reports');
  await expect(page.getByRole('heading', { level: 1, name: 'Absence reports' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  const item = page.locator('li.queue-item', { hasText: 'Daniel' }).filter({
    hasText: 'A sickness bug overnight.',
  });
  await expect(item.getByLabel('Code to record if you accept')).toHaveValue('I');
  await item.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'accepted' })).toContainText(
    'The report is accepted. 2 sessions in the register now show I.',
  );
  await expectAccessible(page);

  // The register for that morning says so, and a one-tap "Absent" saved over it keeps the I.
  await page.goto('/admin/registers');
  const forms = await page
    .getByLabel('Form or class')
    .locator('optgroup[label="Forms"] option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  let daniel = null;
  for (const form of forms) {
    await page.goto(
      `/admin/registers/take?${new URLSearchParams({ register: form, date, session: 'AM' })}`,
    );
    const group = page.getByRole('group', { name: /^Daniel Okafor/ });
    if ((await group.count()) > 0) {
      daniel = group;
      break;
    }
  }
  expect(daniel, 'Daniel Okafor is in one of the forms').not.toBeNull();
  await expect(daniel!).toContainText('Reported absent: illness.');
  await daniel!.getByRole('radio', { name: 'Absent' }).check();
  await page.getByRole('button', { name: 'Save the register' }).first().click();
  await expect(page.getByRole('status')).toContainText(
    'Kept as the parent reported and the office accepted: Daniel Okafor (reported absent: illness, I)',
  );
  await expect(daniel!).toContainText('(I), recorded by');
  await expectAccessible(page);
  await signOutOnPhone(page);

  // The parent is told by email, and sees the report accepted and the day's marks as I.
  await waitForEmail(parent.email, /accepted your absence report/);
  await signIn(page, parent.username, parent.password);
  await page.goto(`${danielHref}/attendance`);
  const reports = page.locator('section', {
    has: page.getByRole('heading', { level: 2, name: 'Absence reports' }),
  });
  await expect(reports).toContainText('Accepted by the school');
  await expect(reports).toContainText('I (authorised)');
  const day = schoolDay(date);
  for (const session of ['morning', 'afternoon']) {
    const mark = page
      .getByRole('list', { name: /Absences and lates/ })
      .getByRole('listitem')
      .filter({ hasText: `${day}, ${session}:` });
    await expect(mark.locator('.mark-code')).toHaveText('I');
    await expect(mark).not.toContainText('Needs a reason');
    await expect(mark).toContainText('Reported by a parent: accepted by the school');
  }
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});

test.describe('without JavaScript', () => {
  // axe runs inside the page, so it cannot run here; these pages are checked with it above.
  test.use({ javaScriptEnabled: false });

  test('a parent reports a morning appointment to come, putting a wrong date right on the way', async ({
    page,
  }) => {
    const parent = demoAccount('parent');
    await signIn(page, parent.username, parent.password);
    await page.goto('/absence/new');
    await expect(page.getByRole('heading', { level: 1, name: 'Report an absence' })).toBeVisible();
    const child = page.locator('input[name="studentIds"]').first();
    await child.check();
    const fill = async (iso: string) => {
      await page.locator('#firstDate-day').fill(String(Number(iso.slice(8, 10))));
      await page.locator('#firstDate-month').fill(String(Number(iso.slice(5, 7))));
      await page.locator('#firstDate-year').fill(iso.slice(0, 4));
    };
    const year = new Date().getUTCFullYear() + 1;
    await fill(`${year}-02-30`); // 30 February: not a real date
    await page.locator('#reason-medical').check();
    await page.locator('#sessions-AM').check();
    await page.getByRole('button', { name: 'Send to the school' }).click();
    const wrong = page.locator('.error-summary').getByRole('link', {
      name: 'The first day must be a real date',
    });
    await expect(wrong).toHaveAttribute('href', '#firstDate-day');
    // What was chosen is kept.
    await expect(page.locator('#reason-medical')).toBeChecked();
    await expect(page.locator('#sessions-AM')).toBeChecked();

    // The next school day (the calendar decides which days are), a few days from now.
    let sent = false;
    for (let ahead = 2; ahead < 20 && !sent; ahead++) {
      const day = new Date(Date.now() + ahead * 86_400_000).toISOString().slice(0, 10);
      await fill(day);
      await page.locator('input[name="studentIds"]').first().check();
      await page.getByRole('button', { name: 'Send to the school' }).click();
      sent = new URL(page.url()).pathname === '/absence';
      if (!sent) await expect(page.locator('.error-summary')).toContainText(/school day/);
    }
    expect(sent).toBe(true);
    const mine = page.getByRole('list', { name: 'Absence reports' }).getByRole('listitem').first();
    await expect(mine).toContainText('Medical or dental appointment');
    await expect(mine).toContainText('the morning only');
    await expect(mine).toContainText('Waiting for the school');
  });
});
