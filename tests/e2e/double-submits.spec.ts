import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { BASE_URL } from './playwright.config';
import { demoAccountByUsername, demoAccount, signIn } from './support';

// Issue 11, item 3: a form that creates or sends something does it once. In the browser the
// button is disabled once the form is sent, so a second click sends nothing; over HTTP the same
// rendered form posted again, 100 ms later or twenty times at once, gets the first answer.

// demo.parent7 is used by no other journey that counts requests, so these add to nobody's list.
const parent = demoAccountByUsername('demo.parent7');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many requests the signed-in parent has on their Changes and problems page. */
async function requestCount(page: Page): Promise<number> {
  await page.goto('/requests');
  return page.getByRole('list', { name: 'Your requests' }).getByRole('listitem').count();
}

/** The hidden key of the form on the page ('' when it has none). */
async function keyOf(page: Page): Promise<string> {
  const field = page.locator('input[name="submissionKey"]');
  return (await field.count()) === 1 ? field.inputValue() : '';
}

/** What a browser's own form post carries: the page's origin, and HTML wanted back. */
const FORM_POST = { origin: BASE_URL, accept: 'text/html' };

/** A form action's answer, not followed: SvelteKit answers a successful post with 303. */
const locationOf = (response: APIResponse) => {
  expect(response.status()).toBe(303);
  return response.headers().location;
};

test('once "Send to the school" is pressed, the button is disabled and the form cannot be sent again', async ({
  page,
}) => {
  await signIn(page, parent.username, parent.password);
  await page.goto('/requests/new');
  await page.getByLabel(/My phone numbers/).check();
  await page.getByLabel('Mobile', { exact: true }).fill('07700 900456');
  // Playwright cannot look at a page while the browser waits for the next one, so each submission
  // is noted after the form's own handler has seen it, and kept from leaving the page.
  await page.evaluate(() => {
    const seen: boolean[] = [];
    Object.assign(window, { submissionsSeen: seen });
    document.addEventListener('submit', (event) => {
      seen.push(!event.defaultPrevented);
      event.preventDefault();
    });
  });
  const sent = () =>
    page.evaluate(() =>
      (window as unknown as { submissionsSeen: boolean[] }).submissionsSeen.filter(Boolean),
    );

  const send = page.getByRole('button', { name: 'Send to the school' });
  await send.click();
  await expect(send).toBeDisabled();
  await expect(page.locator('form.change-form')).toHaveAttribute('aria-busy', 'true');
  await send.click({ force: true });
  // As Enter in a field would: the form asks to be sent again, however the button looks.
  await page.evaluate(() =>
    document.querySelector<HTMLFormElement>('form.change-form')!.requestSubmit(),
  );
  expect(await sent()).toHaveLength(1);
});

test('the same "Tell us about a change" form posted twice 100 ms apart and 20 times at once files one request', async ({
  page,
}) => {
  await signIn(page, parent.username, parent.password);
  const before = await requestCount(page);
  await page.goto('/requests/new');
  const submissionKey = await keyOf(page);

  const post = () =>
    page.request.post('/requests/new?/reportChange', {
      form: { detailType: 'phone', mobile: '07700 900789', submissionKey },
      headers: FORM_POST,
      maxRedirects: 0,
    });
  const first = post();
  await sleep(100);
  const pair = await Promise.all([first, post()]);
  const crowd = await Promise.all(Array.from({ length: 20 }, post));
  const locations = new Set([...pair, ...crowd].map(locationOf));
  expect(locations.size).toBe(1);
  expect([...locations][0]).toMatch(/^\/requests\/[0-9a-f-]+\?sent=1$/);
  expect(await requestCount(page)).toBe(before + 1);

  // Each rendered form has a key of its own.
  expect(submissionKey).toMatch(/^[a-z2-7]{32}$/);
  await page.goto('/requests/new');
  expect(await keyOf(page)).not.toBe(submissionKey);
});

test('"publish now and email parents" posted 20 times at once makes one notice, emailed once', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const office = demoAccount('office');
  const title = `Double-click test ${Date.now()}`;
  await signIn(page, office.username, office.password);
  await page.goto('/admin/notices/new');
  const submissionKey = await keyOf(page);

  const posts = await Promise.all(
    Array.from({ length: 20 }, () =>
      page.request.post('/admin/notices/new?/save', {
        multipart: {
          title,
          bodyMarkdown: 'Only one of these should ever reach a parent.',
          forParents: 'on',
          yearGroups: '7',
          when: 'now',
          emailParents: 'on',
          submissionKey,
        },
        headers: FORM_POST,
        maxRedirects: 0,
      }),
    ),
  );
  const locations = new Set(posts.map(locationOf));
  expect(locations.size).toBe(1);
  const noticePath = [...locations][0]!.split('?')[0]!;
  expect(noticePath).toMatch(/^\/admin\/notices\/[0-9a-f-]+$/);

  await page.goto('/admin/notices');
  await expect(page.getByRole('list', { name: 'Notices' }).getByText(title)).toHaveCount(1);
  await page.goto(noticePath);
  await expect(page.getByText(/Sent to \d+ parents? on/)).toHaveCount(1);

  // Withdrawn at once, so later journeys' parents never see it; a double-click is one withdrawal.
  await page.getByLabel('Yes, withdraw this notice now').check();
  const withdraw = page.getByRole('button', { name: 'Withdraw the notice' });
  await withdraw.dblclick();
  await expect(page.getByRole('status')).toContainText('The notice has been withdrawn.');
});

test('the public "Ask for access" form posted 20 times at once files one request; refusing it twice is one refusal', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const surname = `Doublepost${Date.now()}`;
  await page.goto('/request-access');
  const submissionKey = await keyOf(page);
  const answers = await Promise.all(
    Array.from({ length: 20 }, () =>
      page.request.post('/request-access', {
        form: {
          forename: 'Dana',
          surname,
          email: `${surname.toLowerCase()}@example.org`,
          relationship: 'Mother',
          child0Forename: 'Kit',
          child0Surname: surname,
          child0DobDay: '4',
          child0DobMonth: '5',
          child0DobYear: '2013',
          submissionKey,
        },
        headers: FORM_POST,
        maxRedirects: 0,
      }),
    ),
  );
  for (const answer of answers) {
    expect(answer.status()).toBe(200);
    expect(await answer.text()).toContain('We have your request');
  }

  const office = demoAccount('office');
  await signIn(page, office.username, office.password);
  await page.goto('/admin/access');
  const heading = page.getByRole('heading', { name: `Dana ${surname}` });
  await expect(heading).toHaveCount(1);
  const request = page.getByRole('listitem').filter({ has: heading });
  await request.getByLabel(/Reason for refusing/).fill('End-to-end test of a double post.');
  await request.getByRole('button', { name: /Refuse/ }).dblclick();
  await expect(page.getByRole('status').first()).toContainText('Request refused.');
  await expect(page.getByRole('heading', { name: `Dana ${surname}` })).toHaveCount(0);
});
