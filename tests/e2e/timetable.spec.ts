import { expect, test, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

/** A week in the autumn half-term of the current academic year: always term time in the demo. */
function termTimeWeek(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const year = Number(today.slice(0, 4));
  const academicYear = Number(today.slice(5, 7)) >= 9 ? year : year - 1;
  return `${academicYear}-10-07`;
}

async function weekLabel(page: Page): Promise<string> {
  const label = page.locator('.timetable-week .week-label');
  await expect(label).toHaveText(/^Week [AB]$/);
  return (await label.textContent()) ?? '';
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(fits, `${page.url()} scrolls sideways at ${page.viewportSize()?.width}px`).toBe(true);
}

test("a parent opens a child's timetable, sees the week's lessons with rooms, and moves to next week", async ({
  page,
}) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);

  // From the home page to Daniel's page, then its Timetable tab.
  await page
    .getByRole('link', { name: /Daniel/ })
    .first()
    .click();
  await page
    .getByRole('navigation', { name: /About Daniel/ })
    .getByRole('link', { name: 'Timetable' })
    .click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}\/timetable$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Timetable' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: /About Daniel/ }).getByRole('link', { name: 'Timetable' }),
  ).toHaveAttribute('aria-current', 'page');
  await weekLabel(page);
  await expect(
    page
      .getByText(/Last updated/)
      .filter({ visible: true })
      .first(),
  ).toBeVisible();
  await expectAccessible(page);

  // A week in term: the grid of periods by days, each lesson with its teacher and room.
  await page.goto(`${new URL(page.url()).pathname}?week=${termTimeWeek()}`);
  const grid = page.getByRole('table');
  await expect(grid).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: /Monday/ })).toBeVisible();
  await expect(grid.getByRole('rowheader').first()).toBeVisible();
  expect(await grid.locator('.lesson').count()).toBeGreaterThan(5);
  await expect(grid.getByText('Room', { exact: true }).first()).toBeVisible();
  await expect(grid.getByText('Teacher', { exact: true }).first()).toBeVisible();
  // "Report a problem" is offered once for the page, on demand, not in every cell.
  await expect(grid.getByRole('link', { name: /Report a problem/ })).toHaveCount(0);
  await expect(page.getByText('Report a problem with a lesson')).toBeVisible();
  const before = await weekLabel(page);
  await expectAccessible(page);

  // Next week: the other week of the two-week cycle.
  await page
    .getByRole('navigation', { name: 'Choose a week' })
    .getByRole('link', { name: /Next week/ })
    .click();
  await expect(page).toHaveURL(/\?week=\d{4}-\d{2}-\d{2}$/);
  // Waits for the new page: the URL can change a moment before the content does.
  await expect(page.locator('.timetable-week .week-label')).not.toHaveText(before);
  await weekLabel(page);
  await expect(page.getByText(/Week beginning \d{1,2} October/).first()).toBeVisible();

  // On a phone: a list of days, nothing scrolling sideways.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await expect(page.getByRole('table')).toBeHidden();
  const days = page.locator('.timetable-day-list > li');
  await expect(days).toHaveCount(5);
  await expect(days.first().getByRole('heading', { level: 2, name: /Monday/ })).toBeVisible();
  await expect(days.first().getByText('Room', { exact: true }).first()).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);
});

test("a parent cannot open another family's timetable", async ({ page }) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  const response = await page.goto(`/students/${crypto.randomUUID()}/timetable`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText('We could not find that student.')).toBeVisible();
});
