import { expect, test, type Page } from '@playwright/test';
import {
  acceptPolicyIfAsked,
  demoAccount,
  expectAccessible,
  passSecondFactorOverApi,
  signIn,
  waitForEmail,
} from './support';

// Darren Martin is a demo parent with two children whose parental responsibility nobody has
// checked yet, and no account: the whole P3/P4 journey, with the email going over SMTP.
const REGISTERED = 'darren.martin@example.org';
const TYPED = 'darren.m@typed.example';

async function childrenOfMartin(page: Page) {
  const office = demoAccount('office');
  const api = page.context().request;
  await api.post('/api/trpc/auth.signIn', {
    data: { identifier: office.username, password: office.password },
  });
  await passSecondFactorOverApi(api, office.username);
  const current = await (await api.get('/api/trpc/policy.current')).json();
  if (current.result.data) {
    await api.post('/api/trpc/policy.accept', { data: { versionId: current.result.data.id } });
  }
  const input = encodeURIComponent(JSON.stringify({ search: 'Martin', pageSize: 200 }));
  const body = await (await api.get(`/api/trpc/admin.students.list?input=${input}`)).json();
  const students: { forename: string; surname: string; dateOfBirth: string }[] =
    body.result.data.students;
  await api.post('/api/trpc/auth.signOut', { data: {} });
  return ['Noah', 'Ava'].map((forename) =>
    students.find((s) => s.forename === forename && s.surname === 'Martin')!,
  );
}

test('a parent asks for access, the office verifies and invites, and the parent activates over email', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const children = await childrenOfMartin(page);

  await page.goto('/request-access');
  await expectAccessible(page);
  await page.getByLabel('First name').first().fill('Darren');
  await page.getByLabel('Last name').first().fill('Martin');
  await page.getByLabel('Email address').fill(TYPED);
  // The parent's own words; the school's record of the relationship must stay as it is.
  await page.getByLabel(/Your relationship/).fill('Dad');
  for (const [i, child] of children.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'Add another child' }).click();
    const row = page.getByRole('group', { name: `Child ${i + 1}`, exact: true });
    await row.getByLabel('First name').fill(child.forename);
    await row.getByLabel('Last name').fill(child.surname);
    const [year, month, day] = child.dateOfBirth.split('-');
    await row.getByLabel('Day').fill(day!);
    await row.getByLabel('Month').fill(month!);
    await row.getByLabel('Year').fill(year!);
  }
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByRole('status')).toContainText('We have your request');
  await waitForEmail(TYPED, /We have your request/);

  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.goto('/admin/access');
  await expectAccessible(page);
  const request = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Darren Martin' }) });
  for (const child of children) {
    const name = `${child.forename} ${child.surname}`;
    const form = request.locator('form').filter({ hasText: name }).first();
    const recorded = /School's record: ([^,]+), not confirmed yet/.exec(
      (await form.textContent()) ?? '',
    )?.[1];
    expect(recorded).toBeTruthy();
    await form.getByLabel('Evidence seen').selectOption('Birth certificate');
    await form.getByLabel('Note').fill('Birth certificate seen at reception');
    await form.getByRole('button', { name: 'Confirm parental responsibility' }).click();
    await expect(page.getByRole('status').first()).toContainText(
      'Parental responsibility confirmed.',
    );
    // This child's block now says what was done, by whom, on what evidence; no form is left for it.
    const confirmed = request.getByTestId('confirmed-link').filter({ hasText: name });
    await expect(confirmed).toContainText('Confirmed');
    await expect(confirmed).toContainText('Birth certificate');
    await expect(confirmed.locator('dt:has-text("Confirmed by") + dd')).not.toBeEmpty();
    await expect(confirmed.locator('dt:has-text("School\'s record") + dd')).toHaveText(recorded!);
    await expect(confirmed.locator('dt:has-text("They wrote") + dd')).toHaveText('Dad');
    await expect(request.locator('form').filter({ hasText: name })).toHaveCount(0);
  }
  await expectAccessible(page);
  // Every child settled: the account is offered here, with no hunt through the contacts.
  await request
    .getByRole('button', { name: 'Make the account for Darren Martin and mark this request done' })
    .click();
  await expect(page.getByRole('status').first()).toContainText('Account made (username');
  await expect(page.getByRole('heading', { name: 'Darren Martin' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  const email = await waitForEmail(REGISTERED, /parent portal account/);
  const link = /https?:\/\/\S+\/activate\?token=[a-z2-7]+/.exec(email.text)?.[0];
  expect(link).toBeTruthy();
  expect(email.text).toContain('enquiries@northfield.example.org');

  await page.goto(link!);
  await expect(page.getByText(/Your username is/)).toBeVisible();
  await expectAccessible(page);
  const tryPassword = async (password: string) => {
    await page.getByLabel('Choose a password').fill(password);
    await page.getByLabel('The same password again').fill(password);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
  };
  await tryPassword('short');
  await expect(page.locator('#newPassword-error')).toContainText('Use at least 8 characters.');
  await tryPassword('darrenlowercase');
  await expect(page.locator('#newPassword-error')).toContainText(
    'Include at least one capital letter (A to Z).',
  );
  await expect(page.locator('#newPassword-error')).toContainText(
    'Include at least one number (0 to 9).',
  );
  await expect(page.locator('#newPassword-error')).toContainText(
    'Do not include your name or your username.',
  );
  await tryPassword('OTTER-MEADOW-48');
  await expect(page.locator('#newPassword-error')).toHaveText(
    'Include at least one small letter (a to z).',
  );
  await tryPassword('Password1');
  await expect(page.locator('#newPassword-error')).toContainText('too common');
  await expectAccessible(page);
  await tryPassword('Otter-Meadow-4821');

  await acceptPolicyIfAsked(page);
  const list = page.getByRole('list', { name: 'My children' }).locator(':scope > li');
  await expect(list).toHaveCount(2);
  await expect(list.filter({ hasText: 'Noah Martin' })).toHaveCount(1);
  await expect(list.filter({ hasText: 'Ava Martin' })).toHaveCount(1);

  // The link worked once.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto(link!);
  await expect(page.getByRole('alert')).toContainText('This link has already been used');
});
