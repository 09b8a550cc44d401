import { expect, test, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

/** Daniel's page address, from his parent's home page (only an opaque id is in it). */
async function danielHrefAsParent(page: Page): Promise<string> {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  const href = await page
    .getByRole('list', { name: 'My children' })
    .getByRole('link', { name: /Daniel Okafor/ })
    .first()
    .getAttribute('href');
  expect(href).toMatch(/^\/students\/[0-9a-f-]+$/);
  return href!;
}

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `sideways scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

test('a parent sees Daniel’s attendance with a chart and an unexplained mark, then his behaviour', async ({
  page,
}) => {
  const danielHref = await danielHrefAsParent(page);
  await page.goto(danielHref);
  await page
    .getByRole('navigation', { name: /About Daniel/ })
    .getByRole('link', { name: 'Attendance' })
    .click();
  await expect(page).toHaveURL(/\/attendance$/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Attendance for Daniel Okafor' }),
  ).toBeVisible();
  await expect(page.getByText(/has attended \d+(\.\d)?% of possible\s+sessions/)).toBeVisible();
  await expect(page.getByRole('figure', { name: /Attendance by week/ })).toBeVisible();
  // The totals by kind are one tap away, not in the way.
  const totals = page.getByRole('table', { name: /Sessions this school year/ });
  await expect(totals).toBeHidden();
  await page.getByText('Sessions this school year, by kind', { exact: true }).first().click();
  await expect(totals).toBeVisible();

  // An absence with no reason yet is marked in words, not only by colour, and shown first.
  const marks = page.getByRole('list', { name: /Absences and lates/ });
  await expect(marks.getByText('Needs a reason').first()).toBeVisible();
  await expect(marks.getByText('Absent: reason not yet provided').first()).toBeVisible();
  // Reporting it is in the mark's details, opened on demand.
  const needsReason = marks.getByRole('listitem').filter({ hasText: 'Needs a reason' }).first();
  await needsReason.locator('summary').click();
  await expect(
    needsReason.getByRole('link', { name: 'Report a problem with this' }),
  ).toHaveAttribute(
    'href',
    /\/requests\/new\?student=[0-9a-f-]+&type=attendance_mark&record=[0-9a-f-]+/,
  );
  await expect(page.getByText(/Last updated/)).toHaveCount(1);
  await expectAccessible(page);

  // Another term from the picker, without JavaScript-only controls. The demo has last year's
  // terms as well as this year's, so there is always an earlier term to pick.
  const picker = page.getByLabel('Show another term');
  await expect(picker).toBeVisible();
  const options = (await picker.locator('option').allTextContents()).map((o) => o.trim());
  expect(options.length).toBeGreaterThan(1);
  const earliest = options.at(-1)!;
  await expect(page.getByRole('heading', { level: 2, name: earliest, exact: true })).toHaveCount(0);
  await picker.selectOption({ label: earliest });
  await page.getByRole('button', { name: 'Show term' }).click();
  await expect(page).toHaveURL(/\?term=[0-9a-f-]+/);
  await expect(page.getByRole('heading', { level: 2, name: earliest, exact: true })).toBeVisible();
  await expect(page.getByLabel('Show another term').locator('option:checked')).toHaveText(earliest);

  await page
    .getByRole('navigation', { name: /About Daniel/ })
    .getByRole('link', { name: 'Behaviour' })
    .click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Behaviour for Daniel Okafor' }),
  ).toBeVisible();
  await expect(page.getByRole('table', { name: 'Behaviour points and events' })).toBeVisible();
  const events = page.getByRole('list', { name: /Behaviour events/ });
  await expect(events.getByText('Positive:').first()).toBeVisible();
  await expect(events.getByText('Negative:').first()).toBeVisible();
  await expect(events.getByText(/Detention/).first()).toBeVisible();
  await expect(
    events.getByRole('link', { name: 'Report a problem with this' }).first(),
  ).toHaveAttribute('href', /type=behaviour_event/);
  // Parents do not record events.
  await expect(page.getByRole('link', { name: 'Record a behaviour event' })).toHaveCount(0);
  await expectAccessible(page);

  const response = await page.request.get(page.url());
  expect(response.headers()['cache-control']).toBe('no-store');
});

test('on a phone, attendance and behaviour fit the screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  const danielHref = await danielHrefAsParent(page);
  for (const view of ['attendance', 'behaviour']) {
    await page.goto(`${danielHref}/${view}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
  }
});

test('a teacher records a positive behaviour event for Daniel', async ({ page }) => {
  const danielHref = await danielHrefAsParent(page);
  await page.getByRole('button', { name: 'Sign out' }).click();

  const teacher = demoAccount('teacher');
  await signIn(page, teacher.username, teacher.password);
  await page.goto(`${danielHref}/behaviour`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Behaviour for Daniel Okafor' }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Record a behaviour event' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Record a behaviour event' }),
  ).toBeVisible();
  await expectAccessible(page);

  // Nothing described: the form says so beside the field and keeps what was chosen.
  await page.getByLabel('Positive', { exact: true }).check();
  await page.getByLabel('Category').selectOption('Helping others');
  await page.getByLabel('Points').fill('2');
  await page.getByRole('button', { name: 'Record the event' }).click();
  await expect(page.getByRole('alert')).toContainText('Describe what happened.');
  await expect(page.getByLabel('What happened')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Category')).toHaveValue('Helping others');
  await expectAccessible(page);

  const description = `Helped a visitor find reception (${Date.now()}).`;
  await page.getByLabel('What happened').fill(description);
  await page.getByRole('button', { name: 'Record the event' }).click();

  await expect(page).toHaveURL(/\/behaviour\?recorded=1$/);
  await expect(page.getByText('The behaviour event has been recorded.')).toBeVisible();
  const card = page.getByRole('listitem').filter({ hasText: description });
  await expect(card).toContainText('Positive:');
  await expect(card).toContainText('Helping others');
  await expect(card).toContainText('+2 points');
  await expectAccessible(page);
});
