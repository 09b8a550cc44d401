import { expect, test, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn, signOut } from './support';

/** The notices on the list page, each a card with its title as a link. */
const noticeCards = (page: Page) =>
  page.getByRole('list', { name: 'Notices' }).getByRole('listitem');

test('a parent reads an unread notice, which is then marked read, and downloads the Year 8 trip letter', async ({
  page,
}) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);

  await page.goto('/notices');
  await expect(page.getByRole('heading', { level: 1, name: 'Notices' })).toBeVisible();
  // Unread notices say so in words, not only by colour.
  const unread = noticeCards(page).filter({ has: page.locator('.notice-new', { hasText: 'New' }) });
  await expect(unread.first()).toBeVisible();
  // One "last updated" for the list, not one per notice (calm pages).
  await expect(noticeCards(page).first()).not.toContainText('Last updated');
  await expect(page.getByText(/^List last updated /)).toHaveCount(1);
  await expectAccessible(page);

  const link = unread.first().getByRole('link');
  const title = ((await link.textContent()) ?? '').trim();
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  // The date it went out; never a "last updated" from before it was published.
  await expect(page.getByText('Published', { exact: true })).toBeVisible();
  await expect(page.getByText(/^Last updated /)).toHaveCount(0);
  await expectAccessible(page);

  await page.getByRole('link', { name: 'All notices' }).click();
  const opened = noticeCards(page).filter({
    has: page.getByRole('link', { name: title, exact: true }),
  });
  await expect(opened).toHaveCount(1);
  await expect(opened.locator('.notice-new')).toHaveCount(0);

  // Amara is in Year 8: the trip notice carries a letter as a PDF.
  await page
    .getByRole('link', { name: /Year 8.*trip|trip.*Year 8/i })
    .first()
    .click();
  const download = page.getByRole('link', { name: /^Download / });
  await expect(download).toBeVisible();
  await expectAccessible(page);
  const href = await download.getAttribute('href');
  expect(href).toMatch(/^\/notices\/[0-9a-f-]{36}\/attachment$/);
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="/);
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(response.headers()['cache-control']).toBe('no-store');
  expect((await response.body()).subarray(0, 4).toString()).toBe('%PDF');

  await signOut(page);
});

test('a parent reads the term dates in the school information', async ({ page }) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);

  await page.goto('/information');
  await expect(page.getByRole('heading', { level: 1, name: 'School information' })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/information/term-dates');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText(/^Last updated /).last()).toBeVisible();
  await expectAccessible(page);

  await signOut(page);
});

test('a governor sees governor notices, not the Year 10 mock exams notice, and no student', async ({
  page,
}) => {
  // A real student's id, as the demo parent sees it, to show a governor cannot open it.
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  const mine = (await (await page.request.get('/api/trpc/students.mine')).json()) as {
    result: { data: { id: string }[] };
  };
  const studentId = mine.result.data[0]?.id;
  expect(studentId).toMatch(/^[0-9a-f-]{36}$/);
  await signOut(page);

  const governor = demoAccount('governor');
  await signIn(page, governor.username, governor.password);

  await page.goto('/notices');
  await expect(page.getByRole('heading', { level: 1, name: 'Notices' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Governors/ }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: /Year 10.*mock|mock.*Year 10/i })).toHaveCount(0);
  await expectAccessible(page);

  await page
    .getByRole('link', { name: /Governors/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /Governors/ })).toBeVisible();
  await expectAccessible(page);

  const refused = await page.goto(`/students/${studentId}`);
  expect(refused?.status()).toBe(404);

  await page.goto('/information');
  await expect(page.getByRole('heading', { level: 1, name: 'School information' })).toBeVisible();
  await expectAccessible(page);
});
