import { expect, test, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

test('at 375 px wide nothing scrolls sideways, for a parent and for the office', async ({
  page,
}) => {
  for (const path of ['/signin', '/policy', '/help']) {
    await page.goto(path);
    await expectNoHorizontalScroll(page);
  }
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  await expect(page.getByRole('heading', { name: 'My children' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  // Every view of a child, and the pages every parent uses, on a phone.
  const childHref = await page
    .getByRole('list', { name: 'My children' })
    .getByRole('link', { name: /Daniel Okafor/ })
    .getAttribute('href');
  const views = ['', '/timetable', '/attendance', '/behaviour', '/reports'].map(
    (view) => `${childHref}${view}`,
  );
  for (const path of [...views, '/notices', '/information', '/requests', '/requests/new']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  }
  await page.getByRole('button', { name: 'Sign out' }).click();

  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.goto('/admin/students');
  await expect(page.getByRole('table')).toBeVisible();
  await expectNoHorizontalScroll(page);
});
