import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

/**
 * No word of the page is drawn broken across two lines ("Teache r:", "Attainme nt", a caption one
 * letter a line): each word of letters has one box on screen. Long addresses and links may still
 * wrap where they must, so only words of up to 24 letters are checked.
 */
async function expectNoWordSplit(page: Page) {
  const split = await page.evaluate(() => {
    const found: string[] = [];
    const range = document.createRange();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      // Nothing inside a closed disclosure is drawn (the phone menu, folded weeks).
      const hidden =
        '.visually-hidden, script, style, [hidden], details:not([open]) > :not(summary)';
      if (!parent || parent.closest(hidden)) continue;
      if (parent.getClientRects().length === 0) continue;
      for (const word of (node.textContent ?? '').matchAll(/\p{L}{2,24}/gu)) {
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
        );
        if (lines.size > 1) found.push(word[0]);
      }
    }
    return found;
  });
  expect(split, `words broken across lines on ${page.url()}`).toEqual([]);
}

/** Opens `path`: it has a heading, passes axe, does not scroll sideways or break words. */
async function checkPage(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoWordSplit(page);
  await expectAccessible(page);
}

/** Opens `from`, follows the first of `links`, and checks the page it leads to. */
async function checkFirstLink(page: Page, from: string, links: Locator) {
  await page.goto(from);
  const href = await links.first().getAttribute('href');
  expect(href, `a link to follow on ${from}`).toBeTruthy();
  await checkPage(page, href!);
}

test('at 375 px wide nothing scrolls sideways and axe passes, for a parent, a student, a teacher, a governor and the office', async ({
  page,
}) => {
  test.setTimeout(180_000);
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
    await checkPage(page, path);
  }
  // Pages reached from those: a notice, an information page, a report, the report-a-problem form.
  await checkFirstLink(
    page,
    '/notices',
    page.getByRole('list', { name: 'Notices' }).getByRole('link'),
  );
  await checkPage(page, '/information/term-dates');
  await checkFirstLink(page, `${childHref}/reports`, page.getByRole('link', { name: /Autumn/ }));
  // The attendance page's report links sit folded in each mark's details: followed by address.
  await checkFirstLink(
    page,
    `${childHref}/attendance`,
    page.locator('a[href^="/requests/new?"][href*="type=attendance_mark"]'),
  );
  await signOutOnPhone(page);

  // A student sees their own day and views.
  const student = demoAccount('student');
  await signIn(page, student.username, student.password);
  await expect(page.getByRole('heading', { level: 1, name: 'My day' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  for (const view of ['/timetable', '/attendance', '/behaviour', '/reports']) {
    await checkPage(page, `${childHref}${view}`);
  }
  await signOutOnPhone(page);

  // A teacher's classes and the behaviour form; a governor's notices and information.
  const teacher = demoAccount('teacher');
  await signIn(page, teacher.username, teacher.password);
  await checkPage(page, '/admin/teaching');
  await checkFirstLink(page, '/admin/teaching', page.getByRole('link', { name: /^10\// }));
  await checkPage(page, `${childHref}/behaviour/new`);
  await signOutOnPhone(page);
  const governor = demoAccount('governor');
  await signIn(page, governor.username, governor.password);
  for (const path of ['/admin', '/notices', '/information']) await checkPage(page, path);
  await signOutOnPhone(page);

  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.goto('/admin/students');
  await expect(page.getByRole('table')).toBeVisible();
  await expectNoHorizontalScroll(page);
});

/** On a phone the sign-out button sits in the header's menu. */
async function signOutOnPhone(page: Page) {
  await page.locator('summary', { hasText: 'Menu' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
}

test('on a phone the header is one line, and its menu holds the navigation and account links without JavaScript', async ({
  browser,
}) => {
  const viewport = { width: 375, height: 740 };
  // Signed in (and the policy accepted) with scripts on, as the sign-in helper runs axe; then
  // the same session in a browser with JavaScript off.
  const signedIn = await browser.newContext({ viewport });
  const parent = demoAccount('parent');
  await signIn(await signedIn.newPage(), parent.username, parent.password);
  const context = await browser.newContext({
    viewport,
    javaScriptEnabled: false,
    storageState: await signedIn.storageState(),
  });
  await signedIn.close();
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'My children' })).toBeVisible();
  // Each child's card says how their attendance reads, in words.
  await expect(
    page
      .getByText(
        /^(Good attendance|Below the 95% the school expects|Below 90%: persistent absence)$/,
      )
      .first(),
  ).toBeVisible();
  const header = await page.locator('header.site-header').boundingBox();
  expect(header!.height, 'the header stays short on a phone').toBeLessThanOrEqual(80);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();

  const menu = page.locator('summary', { hasText: 'Menu' });
  const size = await menu.boundingBox();
  expect(size!.height).toBeGreaterThanOrEqual(44);
  await menu.click();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: 'Change password' })).toBeVisible();
  await nav.getByRole('link', { name: 'Notices' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notices' })).toBeVisible();
  await signOutOnPhone(page);
  await expect(page.getByText('You have signed out.')).toBeVisible();
  await context.close();
});

test('the phone menu, open, passes axe', async ({ page }) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  await page.locator('summary', { hasText: 'Menu' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You have signed out.')).toBeVisible();
});
