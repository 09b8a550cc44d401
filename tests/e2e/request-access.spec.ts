import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoAccount, expectAccessible, signIn } from './support';

// The public "Ask for access" form (issue 12, item 4), in GOV.UK's patterns: an error summary that
// lists and links every error and takes focus, each child's errors in that child's own block,
// "Add another child" that keeps what was typed, and the date of birth as day, month and year.

const summaryOf = (page: Page) => page.locator('.error-summary');
const child = (page: Page, n: number) =>
  page.getByRole('group', { name: `Child ${n}`, exact: true });

async function fillChild(
  block: Locator,
  forename: string,
  surname: string,
  [day, month, year]: [string, string, string],
) {
  await block.getByLabel('First name').fill(forename);
  await block.getByLabel('Last name').fill(surname);
  await block.getByLabel('Day').fill(day);
  await block.getByLabel('Month').fill(month);
  await block.getByLabel('Year').fill(year);
}

async function fillAboutYou(page: Page, surname: string) {
  const you = page.getByRole('group', { name: 'About you' });
  await you.getByLabel('First name').fill('Dana');
  await you.getByLabel('Last name').fill(surname);
  await you.getByLabel('Email address').fill(`${surname.toLowerCase()}@example.org`);
  await you.getByLabel('Phone number (optional)').fill('07700 900123');
  await you.getByLabel(/Your relationship/).fill('Mother');
}

test('an empty request shows one summary of every error, focused, each linked to its box', async ({
  page,
}) => {
  await page.goto('/request-access');
  // One child's block to begin with, and what the school may ask to see, said up front.
  await expect(page.getByRole('group', { name: /^Child \d$/ })).toHaveCount(1);
  await expect(page.getByText('an adoption or court order')).toBeVisible();
  await expect(
    page.getByText('the address the school has for you, not necessarily').first(),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Send request' }).click();
  const summary = summaryOf(page);
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  const links = summary.getByRole('link');
  await expect(links).toHaveText([
    'Enter your first name.',
    'Enter your last name.',
    'Enter an email address like name@example.com.',
    'Say how you are related to the children.',
    "Enter the child's first name.",
    "Enter the child's last name.",
    'Enter the date of birth',
  ]);
  const targets = [
    'forename',
    'surname',
    'email',
    'relationship',
    'child0Forename',
    'child0Surname',
    'child0DobDay',
  ];
  for (const [i, id] of targets.entries()) {
    await expect(links.nth(i)).toHaveAttribute('href', `#${id}`);
    await links.nth(i).click();
    await expect(page.locator(`#${id}`)).toBeFocused();
    // Each message is also shown beside its box, and the box is marked.
    await expect(page.locator(`#${id}`)).toHaveAttribute('aria-invalid', 'true');
  }
  await expect(child(page, 1).locator('.field-error')).toHaveText([
    "Enter the child's first name.",
    "Enter the child's last name.",
    'Enter the date of birth',
  ]);
  await expectAccessible(page);
});

test("a child's errors show in that child's block, and the date's three boxes say what is wrong", async ({
  page,
}) => {
  await page.goto('/request-access');
  await fillAboutYou(page, 'Dateboxes');
  await fillChild(child(page, 1), 'Kit', 'Dateboxes', ['4', '5', '2013']);
  await page.getByRole('button', { name: 'Add another child' }).click();
  await expect(child(page, 2).getByLabel('First name')).toBeFocused();
  await fillChild(child(page, 2), 'Sam', '', ['4', '', '2015']);
  for (const [n, date] of [
    [3, ['31', '2', '2013']],
    [4, ['4', '5', '13']],
    [5, ['1', '1', '2099']],
  ] as const) {
    await page.getByRole('button', { name: 'Add another child' }).click();
    await fillChild(child(page, n), `Child${n}`, 'Dateboxes', [...date]);
  }
  await page.getByRole('button', { name: 'Send request' }).click();

  const summary = summaryOf(page);
  await expect(summary).toBeFocused();
  const links = summary.getByRole('link');
  await expect(links).toHaveText([
    "Child 2: Enter the child's last name.",
    'Child 2: Date of birth must include a month',
    'Child 3: Date of birth must be a real date',
    'Child 4: Year must include 4 numbers',
    'Child 5: Date of birth must be in the past',
  ]);
  // Each date error goes to the box at fault: the month, the day, the year, the whole date.
  for (const [i, id] of [
    [0, 'child1Surname'],
    [1, 'child1DobMonth'],
    [2, 'child2DobDay'],
    [3, 'child3DobYear'],
    [4, 'child4DobDay'],
  ] as const) {
    await links.nth(i).click();
    await expect(page.locator(`#${id}`)).toBeFocused();
  }

  // The first child is fine: nothing is said there. The second child's errors are in its block.
  await expect(child(page, 1).locator('.field-error')).toHaveCount(0);
  await expect(child(page, 2).locator('.field-error')).toHaveText([
    "Enter the child's last name.",
    'Date of birth must include a month',
  ]);
  await expect(child(page, 2).getByLabel('Month')).toHaveAttribute('aria-invalid', 'true');
  await expect(child(page, 2).getByLabel('Day')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(
    child(page, 2).getByRole('group', { name: 'Date of birth' }),
  ).toHaveAccessibleDescription(/Date of birth must include a month/);
  await expect(child(page, 3).getByLabel('Day')).toHaveAttribute('aria-invalid', 'true');
  await expect(child(page, 4).getByLabel('Year')).toHaveAttribute('aria-invalid', 'true');
  // What was typed is all still there.
  await expect(child(page, 1).getByLabel('First name')).toHaveValue('Kit');
  await expect(child(page, 3).getByLabel('Day')).toHaveValue('31');
  await expect(page.getByLabel('Phone number (optional)')).toHaveValue('07700 900123');
  await expectAccessible(page);
});

test('a request sent says which address hears back, masked, and that the link goes to the school’s', async ({
  page,
}) => {
  const surname = `Masked${Date.now()}`;
  await page.goto('/request-access');
  await fillAboutYou(page, surname);
  await fillChild(child(page, 1), 'Kit', surname, ['4', '5', '2013']);
  // Enter in a box sends the request: it does not add or remove a child.
  await child(page, 1).getByLabel('Year').press('Enter');
  const status = page.getByRole('status');
  await expect(status).toContainText('We have your request');
  await expect(status).toContainText('m*****@example.org');
  await expect(page.getByText(`${surname.toLowerCase()}@example.org`)).toHaveCount(0);
  await expect(
    page.getByText('the address the school has for you, not necessarily m*****@example.org'),
  ).toBeVisible();
  await expectAccessible(page);

  // Refused at once, so the office's queue is as other journeys expect it.
  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.goto('/admin/access');
  const heading = page.getByRole('heading', { name: `Dana ${surname}` });
  const request = page.getByRole('listitem').filter({ has: heading });
  await request.getByLabel(/Reason for refusing/).fill('End-to-end test of the request form.');
  await request.getByRole('button', { name: /Refuse/ }).click();
  await expect(page.getByRole('status').first()).toContainText('Request refused.');
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('"Add another child" keeps what was typed, and a child can be removed', async ({
      page,
    }) => {
      await page.goto('/request-access');
      await fillAboutYou(page, 'Keeper');
      await fillChild(child(page, 1), 'Kit', 'Keeper', ['4', '5', '2013']);
      await page.getByRole('button', { name: 'Add another child' }).click();
      await expect(child(page, 2)).toBeVisible();
      await fillChild(child(page, 2), 'Sam', 'Keeper', ['9', '10', '2015']);
      await page.getByRole('button', { name: 'Add another child' }).click();
      await expect(child(page, 3)).toBeVisible();

      await expect(
        page.getByRole('group', { name: 'About you' }).getByLabel('First name'),
      ).toHaveValue('Dana');
      await expect(page.getByLabel('Phone number (optional)')).toHaveValue('07700 900123');
      await expect(child(page, 1).getByLabel('Month')).toHaveValue('5');
      await expect(child(page, 2).getByLabel('First name')).toHaveValue('Sam');
      await expect(child(page, 2).getByLabel('Year')).toHaveValue('2015');
      await expect(child(page, 3).getByLabel('First name')).toHaveValue('');

      // Removing the second child (a form post) keeps the others, renumbered.
      await child(page, 2).getByRole('button', { name: 'Remove child 2' }).click();
      await expect(page.getByRole('group', { name: /^Child \d$/ })).toHaveCount(2);
      await expect(child(page, 1).getByLabel('First name')).toHaveValue('Kit');
      await expect(child(page, 2).getByLabel('First name')).toHaveValue('');
      await expect(summaryOf(page)).toHaveCount(0);
    });
  });
}

test('on a 375 px phone the form with errors fits the screen, and its buttons and boxes are 44 px', async ({
  page,
}) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/request-access');
  await page.getByRole('button', { name: 'Add another child' }).click();
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(summaryOf(page)).toBeFocused();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  for (const target of [
    page.getByRole('button', { name: 'Add another child' }),
    page.getByRole('button', { name: 'Remove child 2' }),
    page.getByRole('button', { name: 'Send request' }),
    page.getByLabel('Phone number (optional)'),
    child(page, 1).getByLabel('Day'),
    child(page, 1).getByLabel('Year'),
  ]) {
    const box = await target.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    expect(box?.width).toBeGreaterThanOrEqual(44);
  }
  await expectAccessible(page);
});
