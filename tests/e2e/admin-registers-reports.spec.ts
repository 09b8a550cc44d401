import { expect, test, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn, signOut } from './support';

// One story, in order: the office takes a register and publishes a report cycle; the parent
// downloads the new report; the admin finds that download in the audit log.
test.describe.configure({ mode: 'serial' });

const CYCLE = 'Year 10 Summer test';

/**
 * When the parent began downloading this file's report: the audit test looks only at entries
 * from then on, so downloads by other spec files (or earlier runs of them) cannot satisfy it.
 */
let downloadStartedAt: Date | undefined;

/** A date as 'YYYY-MM-DD' in the school's time zone, as the audit log's date filters take it. */
const londonDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

/** "14:05" in the school's time zone: the time part of how the audit page shows a moment. */
const londonTime = (at: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeStyle: 'short',
    timeZone: 'Europe/London',
  }).format(at);

/** The rows of an RFC 4180 CSV file (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Nothing may scroll sideways on a phone (375 px wide). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `sideways scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

test('the office takes the morning register for Daniel’s form, marking him late', async ({
  page,
}) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.getByRole('link', { name: 'Take a register' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Take a register' })).toBeVisible();
  await expectAccessible(page);

  // Daniel is in 10N or 10F (the demo shares Year 10 between two forms at random): open each
  // Year 10 form's register until his name is in it. The day is the picker's own choice: today
  // if it is a school day, else the last one.
  const picker = page.getByLabel('Form or class');
  const forms = await picker
    .locator('optgroup[label="Forms"] option')
    .evaluateAll((options) =>
      options.map((o) => (o as HTMLOptionElement).value).filter((v) => v.startsWith('form:10')),
    );
  expect(forms.length).toBeGreaterThan(0);
  let found = false;
  for (const form of forms) {
    await page.goto('/admin/registers');
    await page.getByLabel('Form or class').selectOption(form);
    await page.getByLabel('Morning (AM)').check();
    await page.getByRole('button', { name: 'Open the register' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /morning register$/ })).toBeVisible();
    if ((await page.getByRole('group', { name: /^Daniel Okafor/ }).count()) > 0) {
      found = true;
      break;
    }
  }
  expect(found, 'Daniel Okafor is in one of the Year 10 forms').toBe(true);
  const daniel = page.getByRole('group', { name: /^Daniel Okafor/ });
  await expect(daniel).toBeVisible();
  await expectAccessible(page);

  // Late is one tap.
  await daniel.getByRole('radio', { name: 'Late' }).check();
  await page.getByLabel('Minutes late for Daniel Okafor').fill('7');
  // Anyone else not yet marked is marked present: the default, in words beside the box.
  const markRest = page.getByLabel(/Mark all unmarked as present/);
  if ((await markRest.count()) > 0) await expect(markRest).toBeChecked();
  await page.getByRole('button', { name: 'Save the register' }).first().click();

  const status = page.getByRole('status');
  await expect(status).toContainText(/Register saved: \d+ present, [1-9]\d* late, \d+ absent/);
  await expect(daniel.getByRole('radio', { name: 'Late' })).toBeChecked();
  await expect(page.getByLabel('Minutes late for Daniel Okafor')).toHaveValue('7');
  await expect(daniel).toContainText('(L), recorded by Mrs Pritchard');
  await expect(page.getByText(/^Last updated /)).toBeVisible();
  await expectAccessible(page);

  // On a phone each student is a card and nothing scrolls sideways.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.reload();
  await expect(daniel.getByRole('radio', { name: 'Late' })).toBeChecked();
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);
});

test('the office starts a Year 10 report cycle, fills in Daniel’s report and publishes it', async ({
  page,
}) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.getByRole('link', { name: 'Progress reports' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Progress reports' })).toBeVisible();
  await expect(page.getByRole('table')).toContainText('Year 10 Autumn');
  await expectAccessible(page);

  await page.getByLabel('Name', { exact: true }).fill(CYCLE);
  await page.getByLabel('Year group').selectOption('10');
  await page.getByRole('button', { name: 'Start the cycle' }).click();
  await expect(page).toHaveURL(/\/admin\/reports\/[0-9a-f-]{36}\?created=\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: CYCLE })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(/Cycle started with \d+ reports/);
  await expect(page.getByText('Draft', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Import grades from a CSV file' })).toBeVisible();
  await expectAccessible(page);
  const cycleUrl = page.url().replace(/\?.*$/, '');

  // Daniel's report: every subject a fieldset of grades and a comment.
  await page.getByRole('link', { name: /^Daniel Okafor/ }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: `Daniel Okafor: ${CYCLE}` }),
  ).toBeVisible();
  await expectAccessible(page);
  const attainments = page.getByLabel('Attainment', { exact: true });
  const subjects = await attainments.count();
  expect(subjects).toBeGreaterThan(0);
  for (let i = 0; i < subjects; i++) {
    await attainments.nth(i).fill('6');
    await page.getByLabel('Target', { exact: true }).nth(i).fill('7');
    await page.getByLabel('Effort', { exact: true }).nth(i).selectOption('2');
    await page
      .getByLabel('Comment', { exact: true })
      .nth(i)
      .fill('Daniel has worked steadily this term. Next step: show full working.');
  }
  await page.getByLabel('Tutor comment').fill('A good term, Daniel: keep it up.');
  await page.getByRole('button', { name: 'Save the report' }).first().click();
  await expect(page.getByRole('status')).toHaveText('Report saved.');
  await expect(page.getByLabel('Attainment', { exact: true }).first()).toHaveValue('6');
  await expectAccessible(page);

  // The preview is the PDF a parent would get.
  const preview = page.getByRole('link', { name: 'Preview the report as a PDF' });
  const response = await page.request.get((await preview.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(response.headers()['cache-control']).toBe('no-store');
  expect((await response.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

  await page.goto(cycleUrl);
  await expect(page.getByRole('row', { name: /Daniel Okafor/ })).toContainText(
    `${subjects} of ${subjects}`,
  );
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByRole('status')).toContainText('Published.');
  await expect(page.getByText(/^Published on /)).toBeVisible();
  await expectAccessible(page);
  await signOut(page);
});

test('the parent sees the new report and downloads it as a PDF', async ({ page }) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  await page
    .getByRole('list', { name: 'My children' })
    .getByRole('link', { name: /Daniel Okafor/ })
    .click();
  await page
    .getByRole('navigation', { name: /About Daniel/ })
    .getByRole('link', { name: 'Reports' })
    .click();
  const reports = page.getByRole('list', { name: 'Reports, newest first' });
  await expect(reports).toContainText(CYCLE);
  await reports.getByRole('link', { name: CYCLE, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${CYCLE} report` })).toBeVisible();

  const link = page.getByRole('link', { name: 'Download as PDF' });
  downloadStartedAt = new Date();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('report-year-10-summer-test.pdf');
  const response = await page.request.get((await link.getAttribute('href'))!);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect((await response.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await signOut(page);
});

// The audit entry for a report download records the view (details "view: report_pdf") but not
// which report, so the entry is tied to this file's report by time: it must be newer than the
// moment the parent began downloading above.
test('the admin finds in the audit log that the parent downloaded the new report', async ({
  page,
}) => {
  const startedAt = downloadStartedAt;
  expect(startedAt, 'the parent’s download in the test before this one').toBeDefined();
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  await page.goto('/admin/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();

  // Daniel, report downloads only, from the day of the download to today (school time).
  const from = londonDate(startedAt!);
  const to = londonDate(new Date());
  const filters = page.getByRole('search', { name: 'Filter the audit log' });
  await filters.getByLabel('Student', { exact: true }).fill('Daniel Okafor');
  await filters.getByLabel('Action', { exact: true }).fill('view.report_pdf');
  await filters.getByLabel('From', { exact: true }).fill(from);
  await filters.getByLabel('To', { exact: true }).fill(to);
  await filters.getByRole('button', { name: 'Show entries' }).click();

  // One student matched, so the log is filtered by him at once.
  await expect(page).toHaveURL(/[?&]action=view\.report_pdf(&|$)/);
  await expect(page).toHaveURL(new RegExp(`[?&]from=${from}(&|$)`));
  await expect(page).toHaveURL(new RegExp(`[?&]to=${to}(&|$)`));
  await expect(filters.getByText('Daniel Okafor', { exact: true })).toBeVisible();
  await expect(
    page.getByRole('status').filter({
      hasText: /\b[1-9][\d,]* entr(y|ies) about Daniel Okafor, action “view\.report_pdf”, from /,
    }),
  ).toBeVisible();

  // The newest entry is Nadia's download of Daniel's report.
  const table = page.getByRole('table', { name: 'Audit entries, newest first' });
  const entries = table.getByRole('row').filter({ has: page.getByRole('rowheader') });
  const newest = entries.first();
  await expect(newest.getByRole('rowheader')).toHaveText('Nadia Okafor (demo.parent)');
  await expect(newest).toContainText('Downloaded a progress report');
  await expect(newest).toContainText('view.report_pdf');
  await expect(newest).toContainText('Daniel Okafor');
  await expectAccessible(page);

  // The same entries to the second, from the CSV the page offers with the same filters: the
  // newest is Nadia's and no older than her download, and the page shows its time.
  const href = await page.getByRole('link', { name: 'Download as CSV' }).getAttribute('href');
  expect(href).toContain('action=view.report_pdf');
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  const [header, ...rows] = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
  const column = (name: string) => {
    const index = header!.indexOf(name);
    expect(index, `the CSV has a “${name}” column`).toBeGreaterThanOrEqual(0);
    return index;
  };
  const [whenUtc, who, action, student] = [
    column('When (UTC)'),
    column('Who'),
    column('Action'),
    column('Student'),
  ];
  const latest = rows[0];
  expect(latest, 'at least one entry in the CSV').toBeDefined();
  expect(latest![who]).toBe('Nadia Okafor (demo.parent)');
  expect(latest![action]).toBe('view.report_pdf');
  expect(latest![student]).toBe('Daniel Okafor');
  const at = new Date(latest![whenUtc]!);
  expect(at.getTime()).toBeGreaterThanOrEqual(startedAt!.getTime());
  // (Only the time is compared: month abbreviations can differ between Node and the browser.)
  await expect(newest.getByRole('cell').first()).toContainText(londonTime(at));
  // Both fetches of the PDF in the parent's test were recorded, and nobody else downloaded
  // Daniel's report since.
  const since = rows.filter((r) => new Date(r[whenUtc]!).getTime() >= startedAt!.getTime());
  expect(since.length).toBeGreaterThanOrEqual(2);
  for (const r of since) expect(r[who]).toBe('Nadia Okafor (demo.parent)');
});
