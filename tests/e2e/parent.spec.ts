import { expect, test } from '@playwright/test';
import { demoAccount, expectAccessible, signIn, signOut } from './support';

/** The one answer to every refused sign-in (issue 10 item 9), naming the school's address. */
const SIGN_IN_REFUSED =
  'Incorrect username or password. If you are sure both are right, please contact the school at enquiries@northfield.example.org.';

test('a parent signs in, sees exactly their two children, signs out, and going back shows nothing', async ({
  page,
}) => {
  const parent = demoAccount('parent');
  const student = demoAccount('student');

  await page.goto('/');
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByText(/Acceptable Usage Policy/).first()).toBeVisible();
  await expect(
    page.getByText(/Data Protection Act 2018 and the Computer\s+Misuse Act 1990/),
  ).toBeVisible();
  await expectAccessible(page);

  await signIn(page, parent.username, parent.password);
  await expect(page.getByRole('heading', { level: 1, name: 'My children' })).toBeVisible();
  const children = page.getByRole('list', { name: 'My children' }).locator(':scope > li');
  await expect(children).toHaveCount(2);
  // The demo student is the parent's older child.
  await expect(children.first()).toContainText(student.name.split(' ').at(-1)!);
  await expect(children.first()).toContainText('Last updated');
  await expectAccessible(page);

  const home = await page.request.get('/');
  expect(home.headers()['cache-control']).toBe('no-store');

  await signOut(page);
  await expectAccessible(page);
  await page.goBack();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('list', { name: 'My children' })).toHaveCount(0);
});

test('a wrong password and an unknown username get the same plain answer', async ({ page }) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, 'Not-The-Password-1');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText(SIGN_IN_REFUSED);
  await expect(page.getByLabel('Username or email address')).toHaveValue(parent.username);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expectAccessible(page);

  await signIn(page, 'no.such.person', 'Not-The-Password-1');
  await expect(page.getByRole('alert')).toHaveText(SIGN_IN_REFUSED);
});

test('the session cookie is __Host-, HttpOnly, Secure and SameSite=Lax; a shared computer gets a browser-session cookie', async ({
  page,
  context,
}) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  await expect(page.getByRole('heading', { name: 'My children' })).toBeVisible();
  const [cookie] = (await context.cookies()).filter((c) => c.name.includes('schoolgate_session'));
  expect(cookie).toMatchObject({
    name: '__Host-schoolgate_session',
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: '/',
  });
  expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000 + 11 * 3600);
  await signOut(page);

  await signIn(page, parent.username, parent.password, true);
  await expect(page.getByRole('heading', { name: 'My children' })).toBeVisible();
  const [shared] = (await context.cookies()).filter((c) => c.name.includes('schoolgate_session'));
  expect(shared!.expires).toBe(-1);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('signing in and out still works, and a refused sign-in keeps the username', async ({
    page,
  }) => {
    const parent = demoAccount('parent');
    await signIn(page, parent.username, 'Not-The-Password-1');
    await expect(page.getByRole('alert')).toHaveText(SIGN_IN_REFUSED);
    await expect(page.getByLabel('Username or email address')).toHaveValue(parent.username);
    await signIn(page, parent.username, parent.password);
    await expect(
      page.getByRole('list', { name: 'My children' }).locator(':scope > li'),
    ).toHaveCount(2);
    await signOut(page);
  });
});
