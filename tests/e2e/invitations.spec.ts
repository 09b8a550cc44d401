import { expect, test } from '@playwright/test';
import { E2E_INVITEES } from './e2e-accounts';
import { demoAccount, expectAccessible, signIn, waitForEmail } from './support';

// Issue 12 item 3: the office invites every confirmed parent of a year group at once, after a
// preview that says who cannot be invited and why, and sees the sending advance.

const [iona, ian] = E2E_INVITEES.withEmail;
const isla = E2E_INVITEES.withoutEmail;

test('the office previews a year group, unticks one parent, and invites the rest; each gets their link once', async ({
  page,
}) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.goto('/admin/access');
  await page.getByRole('link', { name: 'Invite a whole year group at once' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Invite parents by year group' }),
  ).toBeVisible();

  await page.getByLabel('Year group', { exact: true }).selectOption('Year 12');
  await page.getByRole('button', { name: 'Show who would be invited' }).click();
  await expect(page).toHaveURL(/\?year=12$/);
  await expect(page.getByRole('heading', { name: 'Year 12: ready to invite (2)' })).toBeVisible();
  const skipped = page.getByRole('list', { name: 'Cannot be invited yet' });
  await expect(skipped).toContainText(`${isla.forename} ${isla.surname}`);
  await expect(skipped).toContainText('No registered email address');
  await expectAccessible(page);
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectAccessible(page);

  // Ian is left for later; Iona is invited.
  await page.getByLabel(new RegExp(`^${ian.forename} ${ian.surname}`)).uncheck();
  await page.getByRole('button', { name: 'Make the accounts and email the links' }).click();
  await expect(page.getByRole('heading', { name: 'Invitation sent to 1 person' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Invited', exact: true })).toContainText(iona.email);
  // The preview is fresh: Iona has an account now, Ian is still waiting.
  await expect(page.getByRole('heading', { name: 'Year 12: ready to invite (1)' })).toBeVisible();
  // Ian is still listed, as the office left him (unticked).
  await expect(page.getByLabel(new RegExp(`^${ian.forename} ${ian.surname}`))).not.toBeChecked();

  const mail = await waitForEmail(iona.email, /activate|account/i);
  expect(mail.text).toMatch(/\/activate\?token=[a-z2-7]+/);
});

test('without JavaScript the whole list is sent in one go, and sending the same form again sends nothing more', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.goto('/admin/invitations?year=12');
  await expect(page.getByRole('heading', { name: 'Year 12: ready to invite (1)' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Invite parents of Year 12' });
  const key = await form.locator('input[name="submissionKey"]').inputValue();
  const contactId = await form.locator('input[name="contactId"]').inputValue();
  await page.getByRole('button', { name: 'Make the accounts and email the links' }).click();
  await expect(page.getByRole('heading', { name: 'Invitation sent to 1 person' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Invited', exact: true })).toContainText(ian.email);
  await expect(page.getByText('Nobody in Year 12 is waiting for an invitation.')).toBeVisible();

  // The same form again (a resend, a back-and-submit): the first answer, no second account.
  const again = await page.request.post('/admin/invitations?year=12&/invite', {
    form: { submissionKey: key, contactId },
    headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
  });
  expect(again.status()).toBe(200);
  expect(await again.text()).toContain('Invitation sent to 1 person');
  await context.close();
});

test('a bad year group is explained, and a teacher cannot open the page', async ({ page }) => {
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.goto('/admin/invitations?year=3');
  await expect(page.getByText('Choose a year group from 7 to 13.')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  const teacher = demoAccount('teacher');
  await signIn(page, teacher.username, teacher.password);
  const response = await page.goto('/admin/invitations?year=12');
  expect(response?.status()).toBe(403);
});
