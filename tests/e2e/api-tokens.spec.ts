import { expect, test } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

// Issue 15: an administrator makes an API token for a school tool, the tool calls the API with it
// in the Authorization header, pages refuse it, and revoking it stops the tool at once.

test('an administrator makes a token, a tool uses it on the API only, and revoking it stops the tool', async ({
  page,
  request,
}) => {
  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  await page.goto('/admin/api-tokens');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API tokens');
  await expectAccessible(page);

  // A mistake first: no scope ticked. The problem is named and linked, nothing is made.
  const name = `Nightly export ${Date.now()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Make the token' }).click();
  await expect(page.getByRole('alert')).toContainText('Choose at least one thing the token may do');
  await expect(page.getByLabel('Name')).toHaveValue(name);

  await page.getByLabel(/accounts:read/).check();
  await page.getByLabel('Only from these addresses (optional)').fill('');
  await page.getByRole('button', { name: 'Make the token' }).click();
  const secret = page.locator('.token-secret');
  await expect(secret).toHaveText(/^sgt_[a-z2-7]{32}$/);
  const token = (await secret.textContent())!;
  await expectAccessible(page);

  // The tool: the typed API with the token in the header.
  const who = await request.get('/api/trpc/tools.whoAmI', {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(who.status()).toBe(200);
  expect((await who.json()).result.data).toMatchObject({ name, scopes: ['accounts:read'] });

  // Tools in other languages read what they can call from the OpenAPI description.
  const description = await request.get('/api/openapi.json');
  expect(description.status()).toBe(200);
  expect(Object.keys((await description.json()).paths)).toContain('/api/trpc/tools.whoAmI');

  // Not on pages, and never in an address.
  const onPage = await request.get('/', { headers: { authorization: `Bearer ${token}` } });
  expect(onPage.status()).toBe(400);
  expect(await onPage.text()).toContain('API tokens work only with the API');
  const inAddress = await request.get(`/api/trpc/tools.whoAmI?token=${token}`);
  expect(inAddress.status()).toBe(400);

  // The list shows it was used; at 375 px nothing scrolls sideways.
  await page.goto('/admin/api-tokens');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });
  await expect(card).toContainText('Active');
  await expect(card).not.toContainText('Never');
  await page.setViewportSize({ width: 375, height: 800 });
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    ),
  ).toBeLessThanOrEqual(0);
  await expectAccessible(page);

  await card.getByRole('button', { name: `Revoke “${name}”` }).click();
  await expect(page.getByRole('status')).toContainText('The token is revoked');
  const after = await request.get('/api/trpc/tools.whoAmI', {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(after.status()).toBe(401);
});
