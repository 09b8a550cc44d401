import { expect, test, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn, signOut } from './support';

/** Daniel's pages, found from the parent's home page. */
async function danielHref(page: Page): Promise<string> {
  const href = await page
    .getByRole('list', { name: 'My children' })
    .getByRole('link', { name: /Daniel/ })
    .first()
    .getAttribute('href');
  expect(href).toMatch(/^\/students\/[0-9a-f-]+$/);
  return href!;
}

test('a parent reports a wrong attendance mark; the office replies and accepts; the parent sees the reply', async ({
  page,
}) => {
  const parent = demoAccount('parent');
  const office = demoAccount('office');
  const message = `He was at the dentist that morning; I sent a letter. (${Date.now()})`;
  const reply = 'Thank you: we have found your letter and corrected the register.';

  // The parent reports a problem with one of Daniel's marks.
  await signIn(page, parent.username, parent.password);
  await page.goto(`${await danielHref(page)}/attendance`);
  // The mark's details hold its "Report a problem with this" (issue 12: on demand, not per line).
  const mark = page
    .getByRole('list', { name: /Absences and lates/ })
    .getByRole('listitem')
    .first();
  await mark.locator('summary').click();
  await mark.getByRole('link', { name: 'Report a problem with this' }).click();
  await expect(page).toHaveURL(/\/requests\/new\?student=.+&type=attendance_mark&record=/);
  await expect(page.getByRole('heading', { level: 1, name: 'Report a problem' })).toBeVisible();
  await expect(
    page.getByText(/^Attendance, \w+day \d+ \w+ \d{4}, (morning|afternoon): /),
  ).toBeVisible();
  await expectAccessible(page);

  // An empty message is refused beside the field, without losing the record.
  await page.getByRole('button', { name: 'Send to the school' }).click();
  await expect(page.getByText('Tell us what is wrong.').first()).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('What is wrong?').fill(message);
  await page.getByRole('button', { name: 'Send to the school' }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]+\?sent=1$/);
  const requestPath = new URL(page.url()).pathname;
  const requestId = requestPath.split('/').at(-1)!;
  await expect(page.getByRole('status')).toContainText('The school has your message');
  await expect(page.getByText(message)).toBeVisible();
  await expectAccessible(page);

  await page.goto('/requests');
  await expect(page.getByRole('heading', { level: 1, name: 'Changes and problems' })).toBeVisible();
  const card = page
    .getByRole('list', { name: 'Your requests' })
    .getByRole('listitem')
    .filter({ has: page.locator(`a[href="${requestPath}"]`) });
  await expect(card).toContainText('Problem with an attendance mark');
  await expect(card).toContainText('Submitted');
  await expect(card).toContainText('Last updated');
  await expectAccessible(page);
  await signOut(page);

  // The office finds it in the queue, replies, then accepts.
  await signIn(page, office.username, office.password);
  await page.goto('/admin/requests');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Changes and problems reported' }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.locator(`a[href="/admin/requests/${requestId}"]`).click();
  await expect(page.getByText(message)).toBeVisible();
  await expect(page.getByText('As the parent saw it')).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Your reply', { exact: true }).fill('We are checking the register.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status')).toContainText('Your reply has been sent to the parent.');
  await expect(page.getByText('In progress').first()).toBeVisible();

  await page.getByLabel('Reply to go with the decision (optional)').fill(reply);
  await page.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('The request is accepted.');
  await expect(page.getByText('This request is closed')).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // The parent sees the decision and the reply.
  await signIn(page, parent.username, parent.password);
  await page.goto('/requests');
  const decided = page
    .getByRole('list', { name: 'Your requests' })
    .getByRole('listitem')
    .filter({ has: page.locator(`a[href="${requestPath}"]`) });
  await expect(decided).toContainText('Accepted');
  await expect(decided).toContainText(reply);
  await decided.getByRole('link').first().click();
  await expect(page.getByText('Accepted by the school')).toBeVisible();
  await expect(page.getByText(reply)).toBeVisible();
  await expectAccessible(page);
});

test.describe('without JavaScript', () => {
  // axe runs inside the page, so it cannot run here; these pages are checked with it elsewhere.
  test.use({ javaScriptEnabled: false });

  test('a parent tells the school about a new phone number, fixing a mistake on the way', async ({
    page,
  }) => {
    const parent = demoAccount('parent');
    await signIn(page, parent.username, parent.password);
    await page.goto('/requests');
    await page.getByRole('link', { name: 'Tell us about a change' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Tell us about a change' }),
    ).toBeVisible();

    await page.getByLabel(/My phone numbers/).check();
    await page.getByLabel('Mobile', { exact: true }).fill('not a number');
    await page.getByLabel('Tell us more').fill('My old number no longer works.');
    await page.getByRole('button', { name: 'Send to the school' }).click();
    // A refusal keeps what the parent wrote.
    await expect(page.getByLabel('Tell us more')).toHaveValue('My old number no longer works.');
    await expect(page.getByText(/Enter a phone number like/).first()).toBeVisible();
    await expect(page.getByLabel(/My phone numbers/)).toBeChecked();

    await page.getByLabel('Mobile', { exact: true }).fill('07700 900123');
    await page.getByRole('button', { name: 'Send to the school' }).click();
    await expect(page).toHaveURL(/\/requests\/[0-9a-f-]+\?sent=1$/);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Change of phone number' }),
    ).toBeVisible();
    await expect(page.getByText('07700 900123')).toBeVisible();
    await expect(page.getByText('Submitted').first()).toBeVisible();
  });
});
