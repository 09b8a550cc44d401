import { expect, test, type Page } from '@playwright/test';
import { BASE_URL } from './playwright.config';
import { demoAccount, expectAccessible, signIn } from './support';

// Issue 12: an accessibility statement and a privacy notice, linked from the footer of every page,
// readable without signing in; the school's administrators edit both in settings.

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `sideways scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

/** Opens both pages from the footer of the page the browser is on, checking each. */
async function openBothFromFooter(page: Page): Promise<void> {
  const from = page.url();
  const footer = page.getByRole('contentinfo');
  await footer.getByRole('link', { name: 'Accessibility statement' }).click();
  await expect(page).toHaveURL(/\/accessibility$/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Accessibility statement' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Compliance status' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Enforcement procedure' })).toBeVisible();
  await expect(page.getByText(/Web Content Accessibility Guidelines version 2\.2/)).toBeVisible();
  await expect(page.getByText(/This statement was prepared on \d+ \w+ \d{4}/)).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Northfield Academy');
  await expectAccessible(page);

  await page.goto(from);
  await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy notice' }).click();
  await expect(page).toHaveURL(/\/privacy$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Privacy notice' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(
    'Northfield Academy is the data controller for the information in the portal.',
  );
  await expect(page.getByRole('main')).toContainText('UK GDPR Article 6(1)(e)');
  await expect(page.getByRole('main')).toContainText('subject access request');
  await expect(page.getByRole('link', { name: 'ico.org.uk/make-a-complaint' })).toHaveAttribute(
    'href',
    'https://ico.org.uk/make-a-complaint/',
  );
  await expectAccessible(page);
}

test('the footer opens the accessibility statement and privacy notice, signed in or not', async ({
  page,
}) => {
  await page.goto('/signin');
  await openBothFromFooter(page);

  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  await expect(page).toHaveURL(`${BASE_URL}/`);
  await openBothFromFooter(page);

  // On a phone too.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/privacy');
  await expectNoSidewaysScroll(page);
  await page.goto('/accessibility');
  await expectNoSidewaysScroll(page);
});

test('an administrator edits the privacy notice in settings, and everyone sees it', async ({
  page,
  browser,
}) => {
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  await page.goto('/admin/settings');
  await page.getByRole('link', { name: 'Accessibility statement and privacy notice' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Accessibility statement and privacy notice' }),
  ).toBeVisible();
  await expectAccessible(page);

  const box = page.getByLabel('Text of the privacy notice');
  await expect(box).toHaveValue(/Northfield Academy is the data controller/);

  // Too long: refused beside the box, with the count, and what was typed is kept.
  await box.fill('a'.repeat(20_005));
  await page.getByRole('button', { name: 'Save the privacy notice' }).click();
  const tooLong =
    'The privacy notice can be at most 20,000 characters. It has 20,005: shorten it by 5 and save again.';
  await expect(page.getByRole('alert')).toContainText(tooLong);
  await expect(page.getByLabel('Text of the privacy notice')).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expect(page.getByLabel('Text of the privacy notice')).toHaveValue('a'.repeat(20_005));
  await expectAccessible(page);

  const ours = [
    '## Who looks after your information',
    '',
    'Mrs **Patel**, our data protection officer, answers every question within a week.',
    '',
    '<script>alert(1)</script>',
  ].join('\n');
  await page.getByLabel('Text of the privacy notice').fill(ours);
  await page.getByRole('button', { name: 'Save the privacy notice' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'The privacy notice is saved. Everyone now sees your text.',
  );

  // Someone who is not signed in sees it, safely.
  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto(`${BASE_URL}/signin`);
  await visitor.getByRole('contentinfo').getByRole('link', { name: 'Privacy notice' }).click();
  await expect(
    visitor.getByRole('heading', { level: 2, name: 'Who looks after your information' }),
  ).toBeVisible();
  await expect(visitor.getByRole('main').locator('strong')).toHaveText('Patel');
  await expect(visitor.getByText('<script>alert(1)</script>')).toBeVisible();
  await expect(visitor.getByText('data controller')).toHaveCount(0);
  await expectAccessible(visitor);
  await context.close();

  // Back to the built-in text.
  await page.getByRole('button', { name: 'Go back to the built-in text' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'The privacy notice is back to the built-in text.',
  );
  await page.goto('/privacy');
  await expect(page.getByRole('main')).toContainText('Northfield Academy is the data controller');
});

test('the office may neither open nor change the footer pages’ settings', async ({ page }) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  const opened = await page.goto('/admin/settings/pages');
  expect(opened?.status()).toBe(403);

  const posted = await page.request.post('/admin/settings/pages?/update', {
    form: { page: 'privacy', markdown: 'Changed by the office.' },
    headers: { origin: BASE_URL },
  });
  // SvelteKit answers a form post from a program as JSON: a refusal, with the router's message.
  const answer = (await posted.json()) as { type: string; status: number; data: string };
  expect(answer).toMatchObject({ type: 'failure', status: 403 });
  expect(answer.data).toContain('You do not have access to this.');
  await page.goto('/privacy');
  await expect(page.getByRole('main')).toContainText('Northfield Academy is the data controller');
  await expect(page.getByText('Changed by the office.')).toHaveCount(0);
});
