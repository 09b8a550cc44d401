import { expect, test, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn, waitForEmail } from './support';

// Issue 13, "Messages between parents and the school", on a phone: the demo parent writes to
// Daniel's teacher (the demo teacher, who teaches his Year 10 English group: the demo's teaching
// data has no form-tutor relationship, so the teacher is the nearest thing the portal models),
// the teacher replies from the staff inbox, and the parent reads the reply. The email to each
// carries a link and none of the words. This spec creates its own thread and consumes no demo
// data any other spec needs.

test.use({ viewport: { width: 375, height: 740 } });

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

async function signOutOnPhone(page: Page) {
  await page.locator('summary', { hasText: 'Menu' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You have signed out.')).toBeVisible();
}

/** Checks a page as a phone user meets it: no sideways scrolling, and axe finds nothing serious. */
async function checkPage(page: Page) {
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
}

test('a parent on a phone messages Daniel’s teacher, the teacher replies, the parent reads it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const parent = demoAccount('parent');
  const teacher = demoAccount('teacher');
  const words = `Daniel has a dental appointment on Thursday ${Date.now()}`;
  const subject = `Homework deadline ${Date.now().toString(36)}`;

  await signIn(page, parent.username, parent.password);
  await page.goto('/messages');
  await expect(page.getByRole('heading', { level: 1, name: 'Messages' })).toBeVisible();
  await checkPage(page);

  await page.getByRole('link', { name: 'Write a message' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Write a message' })).toBeVisible();
  // Two children: first choose which one the message is about.
  await page.getByRole('link', { name: /Write about Daniel/ }).click();
  await expect(page.getByText(/About\s+Daniel/)).toBeVisible();
  await checkPage(page);

  // Sent empty: every problem is listed and linked, and the summary takes focus.
  await page.getByRole('button', { name: 'Send message' }).click();
  const errors = page.locator('.error-summary');
  await expect(errors).toBeFocused();
  await expect(errors.getByRole('link', { name: /Enter a subject/ })).toBeVisible();
  await expect(errors.getByRole('link', { name: 'Write your message.' })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await checkPage(page);

  // Only the office and Daniel's teachers are offered; the demo teacher is one of them.
  const recipients = page.getByRole('group', { name: 'Who is it for?' }).getByRole('radio');
  expect(await recipients.count()).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole('radio', { name: 'School office' })).toBeVisible();
  await page.getByRole('radio', { name: /Reeves \(teacher\)/ }).check();
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Your message').fill(`${words}.\nSee www.example.org/letter <b>please</b>`);
  await page.getByRole('button', { name: 'Send message' }).click();

  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(page.getByText('Your message has been sent.')).toBeVisible();
  // Plain text: the markup is shown as typed, and the address is not a link.
  await expect(page.getByText('<b>please</b>', { exact: false })).toBeVisible();
  await expect(page.getByText('www.example.org/letter')).toBeVisible();
  await expect(page.getByRole('link', { name: /www\.example\.org\/letter/ })).toHaveCount(0);
  await checkPage(page);
  await signOutOnPhone(page);

  // The teacher is emailed a link and nothing of the message.
  const toTeacher = await waitForEmail(teacher.email, /A new message in the portal/);
  expect(toTeacher.text).not.toContain('dental');
  expect(toTeacher.text).not.toContain(subject);
  const link = /https?:\/\/[^\s]+\/admin\/messages\/[0-9a-f-]+/.exec(toTeacher.text)?.[0];
  expect(link).toBeTruthy();

  await signIn(page, teacher.username, teacher.password);
  await expect(page.getByRole('link', { name: /\d+ unread messages?/ })).toBeVisible();
  await page.goto('/admin/messages');
  await expect(page.getByRole('heading', { level: 1, name: 'Messages' })).toBeVisible();
  const listed = page.getByRole('listitem').filter({ hasText: subject });
  await expect(listed.getByText('1 unread message')).toBeVisible();
  await checkPage(page);
  await listed.getByRole('link', { name: subject }).click();
  await expect(page.getByText(words)).toBeVisible();
  await checkPage(page);
  await page.getByLabel('Your reply').fill('Thank you, noted. He can hand it in on Friday.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Your message has been sent.')).toBeVisible();
  await expect(page.getByText('He can hand it in on Friday.')).toBeVisible();
  await checkPage(page);
  // Read now: the inbox no longer counts it.
  await page.goto('/admin/messages');
  await expect(
    page
      .getByRole('listitem')
      .filter({ hasText: subject })
      .getByText(/unread message/),
  ).toHaveCount(0);
  await signOutOnPhone(page);

  const toParent = await waitForEmail(parent.email, /A new message from the school/);
  expect(toParent.text).not.toContain('Friday');
  await signIn(page, parent.username, parent.password);
  await page.goto('/messages');
  const mine = page.getByRole('listitem').filter({ hasText: subject });
  await expect(mine.getByText('1 unread message')).toBeVisible();
  await checkPage(page);
  await mine.getByRole('link', { name: subject }).click();
  await expect(page.getByText('He can hand it in on Friday.')).toBeVisible();
  await checkPage(page);
  await page.goto('/messages');
  await expect(
    page
      .getByRole('listitem')
      .filter({ hasText: subject })
      .getByText(/unread message/),
  ).toHaveCount(0);
  await signOutOnPhone(page);
});

test('the staff message settings page passes axe on a phone; governors are refused the inbox', async ({
  page,
}) => {
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  await page.goto('/admin/messages/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Message settings' })).toBeVisible();
  await expect(page.getByLabel(/Students may message their teachers/)).not.toBeChecked();
  await checkPage(page);
  await signOutOnPhone(page);

  const governor = demoAccount('governor');
  await signIn(page, governor.username, governor.password);
  const response = await page.goto('/admin/messages');
  expect(response?.status()).toBe(403);
  await signOutOnPhone(page);
});
