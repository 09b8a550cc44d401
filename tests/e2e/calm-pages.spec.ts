import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

// Issue 12, "Calm pages": the attendance page was 21 phone screens with 127 "Report a problem"
// links, the timetable had 25 such links and 26 "Last updated" lines, home had 10. Each test
// below checks what a parent now notices on the page.

async function signInAsParent(page: Page): Promise<string> {
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

/** "Report a problem" links and buttons a parent can see (or reach) without opening anything. */
function reportActions(page: Page): Locator {
  return page
    .getByRole('link', { name: /Report a problem/ })
    .or(page.getByRole('button', { name: /Report a problem/ }))
    .filter({ visible: true });
}

/**
 * Opens the term before the newest the picker offers: a whole past term with marks (the demo has
 * marks since last summer term), so the week checks do not depend on how far into this term
 * today is.
 */
async function openPreviousTerm(page: Page): Promise<void> {
  const picker = page.getByLabel('Show another term');
  const previous = picker.locator('option').nth(1);
  await picker.selectOption((await previous.getAttribute('value'))!);
  await page.getByRole('button', { name: 'Show term' }).click();
  await expect(page).toHaveURL(/\?term=[0-9a-f-]+/);
}

/** A week in the autumn half-term of the current academic year: always term time in the demo. */
function termTimeWeek(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const year = Number(today.slice(0, 4));
  const academicYear = Number(today.slice(5, 7)) >= 9 ? year : year - 1;
  return `${academicYear}-10-07`;
}

for (const width of [375, 1280]) {
  test(`at ${width} px the attendance page leads with the marks that matter and folds the rest by week`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 800 });
    const daniel = await signInAsParent(page);
    await page.goto(`${daniel}/attendance`);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Attendance for Daniel Okafor' }),
    ).toBeVisible();

    // One "Last updated" for the page, and only a handful of report actions in view.
    await expect(page.getByText(/Last updated/)).toHaveCount(1);
    await expect(page.getByText(/Last updated \d{1,2} \w{3,4} \d{4}, \d{2}:\d{2}/)).toBeVisible();
    expect(await reportActions(page).count()).toBeLessThanOrEqual(3);
    expect(await page.locator('a[href*="type=attendance_mark"]').count()).toBeLessThan(40);

    // The absence waiting for a reason is visible without opening anything.
    const matters = page.getByRole('list', { name: /Absences and lates/ });
    await expect(matters.getByText('Absent: reason not yet provided').first()).toBeVisible();
    await expect(matters.getByText('Needs a reason').first()).toBeVisible();

    // Every mark is grouped by week: the newest week open, the others closed.
    await openPreviousTerm(page);
    const weeks = page.locator('details.week-marks');
    expect(await weeks.count()).toBeGreaterThan(2);
    await expect(weeks.first()).toHaveAttribute('open', '');
    const closed = await weeks.evaluateAll(
      (all) => all.slice(1).filter((d) => !d.hasAttribute('open')).length,
    );
    expect(closed).toBe((await weeks.count()) - 1);
    await expect(weeks.nth(1).getByRole('table')).toBeHidden();
    await weeks.nth(1).locator('summary').click();
    await expect(weeks.nth(1).getByRole('table')).toBeVisible();

    // Each week's summary says what happened in it before it is opened.
    await expect(weeks.first().locator('summary')).toContainText(
      /Week beginning \d{1,2} \w+ \d{4}/,
    );
    await expect(weeks.first().locator('summary')).toContainText(/attended|No sessions counted/);
    await expectAccessible(page);
  });
}

test('a mark that matters opens to say who recorded it and leads to the report form with that mark', async ({
  page,
}) => {
  const daniel = await signInAsParent(page);
  await page.goto(`${daniel}/attendance`);
  const record = page
    .getByRole('list', { name: /Absences and lates/ })
    .getByRole('listitem')
    .filter({ hasText: 'Needs a reason' })
    .first();
  const link = record.getByRole('link', { name: 'Report a problem with this' });
  await expect(link).toBeHidden();
  await record.locator('summary').click();
  await expect(record.getByText(/Recorded by [^;]+; last\s+changed/)).toBeVisible();
  await expect(link).toBeVisible();
  const href = await link.getAttribute('href');
  expect(href).toMatch(
    /^\/requests\/new\?student=[0-9a-f-]+&type=attendance_mark&record=[0-9a-f-]+$/,
  );
  await expectAccessible(page);
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Report a problem' })).toBeVisible();
  await expect(
    page.getByText(
      /^Attendance, \w+day \d+ \w+ \d{4}, (morning|afternoon): .*reason not yet provided/,
    ),
  ).toBeVisible();
});

test("a week's 'Which mark is wrong?' opens the report form with the mark chosen", async ({
  page,
}) => {
  const daniel = await signInAsParent(page);
  await page.goto(`${daniel}/attendance`);
  await openPreviousTerm(page);
  // The week before the newest: a whole school week of marks, folded until opened.
  const week = page.locator('details.week-marks').nth(1);
  await expect(week.getByLabel('Which mark is wrong?')).toBeHidden();
  await week.locator('summary').click();
  const picker = week.getByLabel('Which mark is wrong?');
  await expect(picker).toBeVisible();
  const options = picker.locator('option');
  expect(await options.count()).toBeGreaterThan(1);
  const chosen = (await options.nth(1).getAttribute('value'))!;
  await picker.selectOption(chosen);
  await week.getByRole('button', { name: 'Report a problem' }).click();
  await expect(page).toHaveURL(
    new RegExp(`/requests/new\\?student=[0-9a-f-]+&type=attendance_mark&record=${chosen}$`),
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Report a problem' })).toBeVisible();
  await expect(
    page.getByText(/^Attendance, \w+day \d+ \w+ \d{4}, (morning|afternoon): /),
  ).toBeVisible();
  await expectAccessible(page);
});

test('at 375 px the weekly chart keeps its labels legible and apart', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const daniel = await signInAsParent(page);
  await page.goto(`${daniel}/attendance`);
  await openPreviousTerm(page);
  const chart = page.getByRole('figure', { name: /Attendance by week/ });
  await expect(chart).toBeVisible();
  const labels = await chart
    .locator('.week-chart-label, .week-chart-value')
    .evaluateAll((elements) =>
      elements.map((el) => {
        const box = el.getBoundingClientRect();
        return {
          text: el.textContent?.trim() ?? '',
          size: parseFloat(getComputedStyle(el).fontSize),
          smallest: Math.min(
            ...[el, ...el.querySelectorAll('*')].map((e) =>
              parseFloat(getComputedStyle(e).fontSize),
            ),
          ),
          box: { left: box.left, right: box.right, top: box.top, bottom: box.bottom },
        };
      }),
    );
  expect(labels.length).toBeGreaterThan(4);
  for (const label of labels) {
    expect(label.smallest, `font size of “${label.text}”`).toBeGreaterThanOrEqual(12);
    expect(label.box.right, `“${label.text}” fits the screen`).toBeLessThanOrEqual(375);
  }
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i]!.box;
      const b = labels[j]!.box;
      const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      expect(overlap, `“${labels[i]!.text}” overlaps “${labels[j]!.text}”`).toBe(false);
    }
  }
  await expectAccessible(page);
});

test('the timetable says "Last updated" once and offers "Report a problem" once, on demand', async ({
  page,
}) => {
  const daniel = await signInAsParent(page);
  await page.goto(`${daniel}/timetable?week=${termTimeWeek()}`);
  await expect(page.getByRole('table')).toBeVisible();
  expect(await page.locator('.lesson').filter({ visible: true }).count()).toBeGreaterThan(5);
  await expect(page.getByText(/Last updated/)).toHaveCount(1);
  await expect(page.getByText(/Last updated/)).toBeVisible();
  await expect(page.getByRole('link', { name: /Report a problem/ })).toHaveCount(0);
  await expect(reportActions(page)).toHaveCount(0);

  await page.getByText('Report a problem with a lesson').click();
  const picker = page.getByLabel('Which lesson is wrong?');
  await expect(picker).toBeVisible();
  const option = picker.locator('option').nth(2);
  const lessonId = (await option.getAttribute('value'))!;
  await expect(option).toHaveText(/^\w+day \d{1,2} \w+, .+: .+ \(.+\)$/);
  await picker.selectOption(lessonId);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Report a problem' }).click();
  await expect(page).toHaveURL(
    new RegExp(`/requests/new\\?student=[0-9a-f-]+&type=lesson&record=${lessonId}$`),
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Report a problem' })).toBeVisible();

  // On a phone too: one "Last updated", nothing to report until asked.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${daniel}/timetable?week=${termTimeWeek()}`);
  await expect(page.getByText(/Last updated/).filter({ visible: true })).toHaveCount(1);
  await expect(reportActions(page)).toHaveCount(0);
  await expectAccessible(page);
});

test('home says "Last updated" at most once per block', async ({ page }) => {
  await signInAsParent(page);
  const cards = page.getByRole('list', { name: 'My children' }).locator(':scope > li');
  await expect(cards).toHaveCount(2);
  for (const card of await cards.all()) {
    const blocks = card.getByRole('region');
    const blockCount = await blocks.count();
    expect(blockCount).toBeGreaterThan(0);
    // Every "Last updated" on the card sits in one of its blocks, and no block has two.
    const all = await card.getByText(/Last updated/).count();
    let inBlocks = 0;
    for (const block of await blocks.all()) {
      const n = await block.getByText(/Last updated/).count();
      expect(n).toBeLessThanOrEqual(1);
      inBlocks += n;
    }
    expect(all).toBe(inBlocks);
  }
  expect(await page.getByText(/Last updated/).count()).toBeLessThanOrEqual(8);
  await expectAccessible(page);
});
