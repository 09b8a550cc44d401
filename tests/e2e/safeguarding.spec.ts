import { expect, test } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

test('a DSL places a hold: the parent\'s next click shows only "contact the school"; lifting it restores access', async ({
  browser,
}) => {
  // A journey of several sign-ins and axe checks: near the default 30 s when the machine is busy.
  test.setTimeout(90_000);
  const parentPage = await (await browser.newContext()).newPage();
  const dslPage = await (await browser.newContext()).newPage();
  const parent = demoAccount('parent');
  await signIn(parentPage, parent.username, parent.password);
  const children = parentPage.getByRole('list', { name: 'My children' }).locator(':scope > li');
  await expect(children).toHaveCount(2);

  const dsl = demoAccount('dsl');
  await signIn(dslPage, dsl.username, dsl.password);
  await dslPage.goto('/admin/safeguarding');
  await expectAccessible(dslPage);
  await dslPage.getByLabel('Student’s name or form').fill('Okafor');
  await dslPage.getByRole('button', { name: 'Find' }).click();
  await dslPage.getByLabel(/Amara Okafor/).check();
  await dslPage
    .getByLabel('Reason for the hold')
    .fill('Dispute between parents reported to the DSL');
  await dslPage.getByRole('button', { name: 'Place the hold' }).click();
  await expect(dslPage.getByRole('status').first()).toBeVisible();
  const holds = dslPage.getByRole('list', { name: 'Active holds' }).getByRole('listitem');
  await expect(holds.filter({ hasText: 'Amara Okafor' })).toHaveCount(1);
  await expectAccessible(dslPage);

  await parentPage.reload();
  await expect(parentPage.getByRole('heading', { level: 1 })).toHaveText('Access suspended');
  await expect(
    parentPage.getByRole('link', { name: 'enquiries@northfield.example.org' }).first(),
  ).toBeVisible();
  await expect(parentPage.getByText('Dispute between parents')).toHaveCount(0);
  await expect(parentPage.getByText('Amara')).toHaveCount(0);
  await expectAccessible(parentPage);

  const hold = holds.filter({ hasText: 'Amara Okafor' });
  await hold.getByText('Lift this hold').click();
  await hold.getByLabel('Why the hold is being lifted').fill('Resolved after meeting both parents');
  await hold.getByRole('button', { name: 'Lift the hold' }).click();
  await expect(
    dslPage
      .getByRole('list', { name: 'Active holds' })
      .getByRole('listitem')
      .filter({ hasText: 'Amara Okafor' }),
  ).toHaveCount(0);

  await signIn(parentPage, parent.username, parent.password);
  await expect(
    parentPage.getByRole('list', { name: 'My children' }).locator(':scope > li'),
  ).toHaveCount(2);
});
