import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

// The documented example roster: two new Year 7 students (form 7F) with their parents, a new
// teacher and a Drama class. The demo's own students came from no roster, so the example is what
// it is, a partial import: the office unticks "every student on roll" (docs/imports/oneroster.md).
const examples = fileURLToPath(new URL('../../docs/imports/examples/oneroster/', import.meta.url));
const exampleFiles = readdirSync(examples)
  .filter((name) => name.endsWith('.csv'))
  .map((name) => `${examples}${name}`);

/** The cells of one kind of record's row in the counts table: add, change, unchanged. */
function countsFor(page: Page, caption: RegExp, label: string): Locator {
  return page
    .getByRole('table', { name: caption })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) })
    .getByRole('cell');
}

test('the office imports the roster: a dry run first, then applies it, and the students are on roll', async ({
  page,
}) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.getByRole('link', { name: 'Import data' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import data');
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Roster (OneRoster 1.2 CSV)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Roster (OneRoster 1.2 CSV)');
  await expectAccessible(page);
  await page.getByLabel('Files to import').setInputFiles(exampleFiles);
  await page.getByLabel(/These files list every student on roll/).uncheck();
  await page.getByRole('button', { name: 'Check these files (dry run)' }).click();

  await expect(
    page.getByRole('heading', { name: 'Dry run: nothing has been imported yet' }),
  ).toBeVisible();
  const wouldDo = /What this import would do/;
  await expect(countsFor(page, wouldDo, 'Students')).toHaveText(['2', '0', '0']);
  await expect(countsFor(page, wouldDo, 'Parents and carers')).toHaveText(['3', '0', '0']);
  await expect(countsFor(page, wouldDo, 'Teachers')).toHaveText(['1', '0', '0']);
  await expect(countsFor(page, wouldDo, 'Classes')).toHaveText(['1', '0', '0']);
  await expect(page.getByText('A partial import: students missing')).toBeVisible();
  await expect(page.getByText('No problems found.')).toBeVisible();

  // Not only how many: each record, with what it is given, so a shifted year would show.
  await expect(
    page.getByRole('heading', { name: 'What would change, record by record' }),
  ).toBeVisible();
  const maya = page
    .getByRole('table', { name: 'Students: what would change' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'Maya Lindqvist' }) });
  await expect(maya.getByRole('cell').first()).toHaveText('Add');
  await expect(maya.getByRole('listitem').filter({ hasText: 'year group' })).toHaveText(
    'year group: 7',
  );
  await expect(maya.getByRole('listitem').filter({ hasText: 'form' })).toHaveText('form: 7F');
  await expectAccessible(page);

  // The full list as a spreadsheet: the dry run again, nothing written.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the full list of changes (CSV)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('oneroster-dry-run-changes.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('\uFEFFRecords,Action,Name,sourcedId,Field,From,To,Reason');
  expect(csv).toContain('Students,Add,Maya Lindqvist,stu-2026-0151,year group,,7,\r\n');
  expect(csv).toContain('Teachers,Add,Callum Wyndham-Price,tch-2026-0041,email,,');

  await page.getByRole('button', { name: 'Apply this import' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 9 files' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What was imported', exact: true })).toBeVisible();
  await expect(
    page
      .getByRole('table', { name: 'Students: what was imported' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'Maya Lindqvist' }) })
      .getByRole('cell')
      .first(),
  ).toHaveText('Added');
  await expect(countsFor(page, /Records imported/, 'Students')).toHaveText(['2', '0', '0']);
  await expectAccessible(page);

  await page.goto('/admin/students?q=Lindqvist');
  const row = page.getByRole('row').filter({ hasText: 'Maya' });
  await expect(row).toContainText('7F');
  await expect(row).toContainText('K888765426001');

  // A partial import proposes nobody as a leaver.
  await page.goto('/admin/leavers');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Proposed leavers');
  await expect(page.getByText('There are no proposed leavers.')).toBeVisible();
  await expectAccessible(page);
});

test('a roster with bad rows is refused with each file, line and reason, and nothing is imported', async ({
  page,
}) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.goto('/admin/imports/oneroster');
  await page
    .getByLabel('Files to import')
    .setInputFiles(exampleFiles.filter((file) => !file.endsWith('/enrollments.csv')));
  await page.getByRole('button', { name: 'Check these files (dry run)' }).click();

  await expect(page.getByRole('heading', { name: '1 problem to put right' })).toBeVisible();
  const problem = page
    .getByRole('table', { name: /Problems found/ })
    .getByRole('row')
    .nth(1);
  await expect(problem.getByRole('cell')).toHaveText([
    'enrollments.csv',
    'Whole file',
    'enrollments.csv is missing from the files given.',
  ]);
  await expect(page.getByRole('button', { name: 'Apply this import' })).toHaveCount(0);
  await expectAccessible(page);
});
