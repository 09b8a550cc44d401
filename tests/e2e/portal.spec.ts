import { expect, test } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

test('a parent sees both children at a glance and moves between them', async ({ page }) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  await expect(page.getByRole('heading', { level: 1, name: 'My children' })).toBeVisible();
  const cards = page.getByRole('list', { name: 'My children' }).locator(':scope > li');
  await expect(cards).toHaveCount(2);
  const daniel = cards.filter({ hasText: 'Daniel' });
  await expect(daniel).toContainText(/% attendance this year/);
  await expect(daniel).toContainText('Last updated');
  // Each block says when what it shows last changed (P7).
  for (const block of ['Attendance', 'Latest behaviour', 'Newest report']) {
    await expect(daniel.getByRole('region', { name: block })).toContainText(
      /Last updated \d{1,2} \w{3,4} \d{4}, \d{2}:\d{2}/,
    );
  }
  await expectAccessible(page);

  // A behaviour item leads to that event on the behaviour page, where it can be reported.
  const event = daniel.getByRole('region', { name: 'Latest behaviour' }).getByRole('link').first();
  const eventHref = await event.getAttribute('href');
  expect(eventHref).toMatch(/^\/students\/[0-9a-f-]+\/behaviour#event-[0-9a-f-]+$/);
  const eventId = eventHref!.split('#event-')[1]!;
  await event.click();
  await expect(page).toHaveURL(/\/behaviour#event-/);
  await expect(page.locator(`#event-${eventId}`)).toBeVisible();
  await expect(
    page
      .getByRole('listitem')
      .filter({ has: page.locator(`#event-${eventId}`) })
      .getByRole('link', { name: 'Report a problem with this' }),
  ).toHaveAttribute('href', new RegExp(`type=behaviour_event&record=${eventId}$`));

  // The newest report leads to the report itself, where it can be reported too.
  await page.goto('/');
  await daniel.getByRole('region', { name: 'Newest report' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/reports\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { level: 1, name: /report$/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Report a problem with this' })).toHaveAttribute(
    'href',
    /type=report&record=[0-9a-f-]+$/,
  );
  await page.goto('/');

  await daniel.getByRole('link', { name: /Daniel Okafor/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Daniel/ })).toBeVisible();
  // The overview's blocks sit directly under its h1.
  await expect(page.getByRole('heading', { level: 2, name: 'Latest behaviour' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3 })).toHaveCount(0);
  const switcher = page.getByRole('navigation', { name: 'Choose a child' });
  await expect(switcher.getByRole('link', { name: /Daniel/ })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expectAccessible(page);

  // The switcher keeps the view: from Daniel's timetable to Amara's.
  await page
    .getByRole('navigation', { name: /About Daniel/ })
    .getByRole('link', { name: 'Timetable' })
    .click();
  await expect(page).toHaveURL(/\/timetable/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Timetable for Daniel Okafor' }),
  ).toBeVisible();
  await switcher.getByRole('link', { name: /Amara/ }).click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]+\/timetable/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Timetable for Amara Okafor' }),
  ).toBeVisible();
  const response = await page.request.get(page.url());
  expect(response.headers()['cache-control']).toBe('no-store');
});

test('a teacher sees the class they teach and not a student they do not teach', async ({
  page,
}) => {
  // Amara's page address, from her parent's view.
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  const amaraHref = await page
    .getByRole('list', { name: 'My children' })
    .getByRole('link', { name: /Amara Okafor/ })
    .getAttribute('href');
  await page.getByRole('button', { name: 'Sign out' }).click();

  const teacher = demoAccount('teacher');
  await signIn(page, teacher.username, teacher.password);
  await page.goto('/admin/teaching');
  await expect(page.getByRole('heading', { level: 1, name: 'My classes' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: /^10\// }).first().click();
  await expect(page.getByRole('table')).toContainText('Daniel Okafor');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Daniel Okafor', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Daniel/ })).toBeVisible();

  const refused = await page.goto(amaraHref!);
  expect(refused?.status()).toBe(404);
});

test('a governor sees governors’ notices and no student at all', async ({ page }) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  const danielHref = await page
    .getByRole('list', { name: 'My children' })
    .getByRole('link', { name: /Daniel Okafor/ })
    .getAttribute('href');
  await page.getByRole('button', { name: 'Sign out' }).click();

  const governor = demoAccount('governor');
  await signIn(page, governor.username, governor.password);
  await page.goto('/notices');
  await expect(page.getByRole('link', { name: /Governors/ }).first()).toBeVisible();
  await expect(page.getByText(/Year 10 mock/i)).toHaveCount(0);
  await expectAccessible(page);
  for (const path of [danielHref!, `${danielHref}/attendance`, `${danielHref}/reports`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
});
