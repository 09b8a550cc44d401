import { expect, test, type Page } from '@playwright/test';
import { pdfCatalog, pdfStructure, pdfText } from '../integration/support/pdf-text';
import { demoAccount, expectAccessible, signIn } from './support';

/** Nothing may scroll sideways on a phone (375 px wide). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `sideways scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

test('a parent opens Amara’s Year 8 Autumn report and downloads it as a PDF', async ({ page }) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  await page
    .getByRole('list', { name: 'My children' })
    .getByRole('link', { name: /Amara Okafor/ })
    .click();
  await page
    .getByRole('navigation', { name: /About Amara/ })
    .getByRole('link', { name: 'Reports' })
    .click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}\/reports$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Progress reports' })).toBeVisible();
  const reports = page.getByRole('list', { name: 'Reports, newest first' });
  await expect(reports).toContainText('Year 8 Autumn');
  await expect(reports).toContainText('Last updated');
  // Only published cycles: not Daniel's report, and not the draft.
  await expect(reports).not.toContainText('Year 10 Autumn');
  await expectAccessible(page);

  await reports.getByRole('link', { name: 'Year 8 Autumn', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Year 8 Autumn report' })).toBeVisible();
  const subjects = page.getByRole('table');
  await expect(subjects.getByRole('columnheader', { name: 'Effort' })).toBeVisible();
  await expect(subjects.getByRole('rowheader').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Tutor comment' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What the effort grades mean' })).toBeVisible();
  await expect(page.getByText('Cause for concern').first()).toBeVisible();
  await expect(page.getByText(/^Last updated /)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Report a problem with this' })).toHaveAttribute(
    'href',
    /^\/requests\/new\?student=[0-9a-f-]{36}&type=report&record=[0-9a-f-]{36}$/,
  );
  await expectAccessible(page);

  // The download itself, as the browser gets it.
  const link = page.getByRole('link', { name: 'Download as PDF' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('report-year-8-autumn.pdf');

  // And the response, checked byte by byte.
  const response = await page.request.get((await link.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(response.headers()['content-disposition']).toBe(
    'attachment; filename="report-year-8-autumn.pdf"',
  );
  expect(response.headers()['cache-control']).toBe('no-store');
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  const body = await response.body();
  expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = pdfText(body);
  expect(text).toContain('Amara Okafor');
  expect(text).toContain('Year 8 Autumn');
  expect(text).toContain('Northfield Academy');
  // The built server found the font files at run time: Noto Sans is embedded, and it is tagged.
  expect(body.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
  expect(body.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Bold/);
  expect(pdfCatalog(body)).toMatchObject({ marked: true, structTreeRoot: true, lang: 'en-GB' });
  expect(pdfStructure(body).untagged).toEqual([]);

  // On a phone the subjects become cards, and nothing scrolls sideways.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.reload();
  await expect(subjects.getByRole('rowheader').first()).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);
});

test('a report address from another family is "not found", and so is a made-up one', async ({
  page,
}) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  const amara = await page
    .getByRole('list', { name: 'My children' })
    .getByRole('link', { name: /Amara Okafor/ })
    .getAttribute('href');
  const madeUp = await page.goto(`${amara}/reports/${crypto.randomUUID()}`);
  expect(madeUp?.status()).toBe(404);
  const pdf = await page.request.get(`${amara}/reports/${crypto.randomUUID()}/pdf`);
  expect(pdf.status()).toBe(404);
  expect(pdf.headers()['content-type']).not.toBe('application/pdf');
});

test('the guides are reachable from the footer when signed out, and accessible', async ({
  page,
}) => {
  const guides = [
    { link: 'Guide for parents and carers', path: '/help/parents' },
    { link: 'Guide for students', path: '/help/students' },
    { link: 'Guide for staff and governors', path: '/help/staff' },
  ];
  for (const guide of guides) {
    await page.goto('/signin');
    await page.getByRole('contentinfo').getByRole('link', { name: guide.link }).click();
    await expect(page).toHaveURL(guide.path);
    await expect(page.getByRole('heading', { level: 1, name: guide.link })).toBeVisible();
    const contents = page.getByRole('navigation', { name: 'Contents' });
    await expect(contents.getByRole('link').first()).toBeVisible();
    await expect(page.getByRole('heading', { name: /password/i }).first()).toBeVisible();
    // Every illustration loads and says what it shows.
    for (const image of await page.locator('main img').all()) {
      await expect(image).toHaveAttribute('alt', /\S.{19,}/);
      expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    }
    await expectAccessible(page);
  }

  // The help page leads to all three.
  await page.goto('/help');
  for (const guide of guides) {
    await expect(
      page.getByRole('main').getByRole('link', { name: guide.link, exact: true }),
    ).toHaveAttribute('href', guide.path);
  }

  // The contents jump to their section.
  await page.goto('/help/parents');
  await page
    .getByRole('navigation', { name: 'Contents' })
    .getByRole('link', { name: 'Reports', exact: true })
    .click();
  await expect(page).toHaveURL(/\/help\/parents#reports$/);
  await expect(
    page.getByRole('heading', { level: 2, name: 'Reports', exact: true }),
  ).toBeInViewport();

  // A phone shows the guides without sideways scrolling.
  await page.setViewportSize({ width: 375, height: 740 });
  for (const guide of guides) {
    await page.goto(guide.path);
    await expectNoSidewaysScroll(page);
  }
});
