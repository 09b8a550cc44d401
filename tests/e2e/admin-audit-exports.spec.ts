import { expect, test, type Page } from '@playwright/test';
import { subjectAccessDueOn } from '../../packages/api/src/records';
import { pdfCatalog, pdfText } from '../integration/support/pdf-text';
import { demoAccount, expectAccessible, signIn } from './support';

/** Today in the school's time zone, as the portal counts deadlines from it. */
const todayInLondon = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

/** "17 December 2026", as the page writes a calendar date. */
const longDate = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `sideways scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

test('the admin finds the parent’s views of Daniel in the audit log and downloads them as CSV', async ({
  page,
  browser,
}) => {
  // The demo parent looks at Daniel's overview and attendance in a browser of her own.
  const parentContext = await browser.newContext();
  const parentPage = await parentContext.newPage();
  const parent = demoAccount('parent');
  await signIn(parentPage, parent.username, parent.password);
  await parentPage
    .getByRole('list', { name: 'My children' })
    .getByRole('link', { name: /Daniel Okafor/ })
    .first()
    .click();
  await parentPage
    .getByRole('navigation', { name: /About Daniel/ })
    .getByRole('link', { name: 'Attendance' })
    .click();
  await expect(parentPage.getByRole('heading', { level: 1, name: 'Attendance' })).toBeVisible();
  await parentContext.close();

  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  await page.goto('/admin/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expectAccessible(page);

  const filters = page.getByRole('search', { name: 'Filter the audit log' });
  await filters.getByLabel('Student', { exact: true }).fill('Daniel Okafor');
  await filters.getByLabel('Action', { exact: true }).fill('view.');
  await filters.getByRole('button', { name: 'Show entries' }).click();

  // One student matched, so the log is filtered by him at once.
  await expect(page).toHaveURL(/[?&]action=view\./);
  await expect(filters.getByText('Daniel Okafor', { exact: true })).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: /entr(y|ies) about Daniel Okafor/ }),
  ).toBeVisible();
  const table = page.getByRole('table', { name: 'Audit entries, newest first' });
  await expect(table).toBeVisible();
  const byNadia = table.getByRole('row').filter({ hasText: 'Nadia Okafor (demo.parent)' });
  await expect(byNadia.filter({ hasText: 'Viewed attendance' }).first()).toBeVisible();
  // Only views: every action code shown starts "view.".
  for (const code of await table.locator('.audit-code').allTextContents()) {
    expect(code.trim()).toMatch(/^view\./);
  }
  await expectAccessible(page);

  // The CSV carries the same filters.
  const csvLink = page.getByRole('link', { name: 'Download as CSV' });
  const href = (await csvLink.getAttribute('href'))!;
  expect(href).toMatch(/^\/admin\/audit\/export\.csv\?/);
  expect(href).toContain('action=view.');
  const response = await page.request.get(href);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(response.headers()['content-disposition']).toMatch(
    /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  expect(response.headers()['cache-control']).toBe('no-store');
  const csv = (await response.text()).replace(/^\uFEFF/, '');
  const [header, ...rows] = csv.split('\r\n');
  expect(header).toBe(
    'Entry,When (school time),When (UTC),Who,Username,User ID,Action,What happened,Student,Student ID,Account affected,Account affected ID,IP address,Device,User agent,Details',
  );
  expect(
    rows.some(
      (row) => row.includes('Nadia Okafor (demo.parent)') && row.includes('view.attendance'),
    ),
  ).toBe(true);

  // On a phone the table scrolls inside its box, not the page.
  await page.setViewportSize({ width: 375, height: 740 });
  await expectNoSidewaysScroll(page);
});

test('the admin logs a subject access request for Daniel, due a month later, and exports it as a PDF', async ({
  page,
}) => {
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  await page.goto('/admin/information-requests');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Subject access and record requests' }),
  ).toBeVisible();
  await expectAccessible(page);

  const find = page.getByRole('search', { name: 'Find the student or parent' });
  await find.getByLabel('Find the student or the parent or carer').fill('Daniel Okafor');
  await find.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('link', { name: 'Daniel Okafor', exact: true }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Daniel Okafor' })).toBeVisible();

  await expect(page.getByLabel(/^Subject access request/)).toBeChecked();
  await page.getByLabel('Who made the request').fill('Mrs Nadia Okafor, mother');
  const today = todayInLondon();
  await expect(page.getByLabel('Date received')).toHaveValue(today);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Log the request' }).click();

  // The deadline is the same date next month (or that month's last day).
  const due = longDate(subjectAccessDueOn(today));
  await expect(page.getByRole('status').filter({ hasText: 'Request logged' })).toContainText(
    `Request logged for Daniel Okafor. It is due by ${due}.`,
  );
  const row = page
    .getByRole('table', { name: /Information requests/ })
    .getByRole('row')
    .filter({ hasText: 'Daniel Okafor' })
    .filter({ hasText: 'Mrs Nadia Okafor, mother' })
    .filter({ hasText: due })
    .first();
  await expect(row).toContainText('Subject access request');
  await expect(row).toContainText(/Due in \d+ days/);
  await expect(row).toContainText('Open');
  await expectAccessible(page);

  // Exporting as PDF: a real PDF, never cached.
  const pdfLink = row.getByRole('link', { name: /^Export as PDF/ });
  const href = (await pdfLink.getAttribute('href'))!;
  expect(href).toMatch(
    /^\/admin\/information-requests\/export\/student\/[0-9a-f-]{36}\.pdf\?request=[0-9a-f-]{36}$/,
  );
  const response = await page.request.get(href);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(response.headers()['cache-control']).toBe('no-store');
  const body = await response.body();
  expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdfText(body)).toContain('Daniel Okafor');
  expect(body.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
  expect(pdfCatalog(body)).toMatchObject({ marked: true, structTreeRoot: true, lang: 'en-GB' });

  // And the request can be closed.
  await row.getByRole('button', { name: /^Mark as completed/ }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Request marked as completed.' }),
  ).toBeVisible();
});
