import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import type { APIRequestContext } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, type DemoAccount } from '@schoolgate/db/demo';

export function demoAccount(role: DemoAccount['role']): DemoAccount {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`No demo account for ${role}`);
  return account;
}

/** A demo account by username, for the parents beside the first: 'demo.parent9', 'demo.parent7'. */
export function demoAccountByUsername(username: string): DemoAccount {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username);
  if (!account) throw new Error(`No demo account ${username}`);
  return account;
}

/** Fails on any serious or critical accessibility violation on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
    `accessibility violations on ${page.url()}`,
  ).toEqual([]);
}

export async function signIn(
  page: Page,
  identifier: string,
  password: string,
  shared = false,
): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Username or email address').fill(identifier);
  await page.getByLabel('Password', { exact: true }).fill(password);
  if (shared) await page.getByLabel(/public or shared computer/).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Either the sign-in is refused (an alert on the same page) or the browser moves on.
  await Promise.race([
    page.waitForURL((url) => url.pathname !== '/signin'),
    page.getByRole('alert').waitFor(),
  ]);
  await passSecondFactorIfAsked(page, identifier);
  await acceptPolicyIfAsked(page);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You have signed out.')).toBeVisible();
}

export interface ReceivedEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

const mailDir = fileURLToPath(new URL('../../.data/e2e-mail/', import.meta.url));

/** Waits for an email to `to` that the portal delivered over SMTP to the test server. */
export async function waitForEmail(to: string, subject: RegExp): Promise<ReceivedEmail> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const files = existsSync(mailDir)
      ? readdirSync(mailDir)
          .filter((file) => file.endsWith('.json'))
          .sort()
      : [];
    for (const file of files) {
      const mail = JSON.parse(readFileSync(`${mailDir}${file}`, 'utf8')) as ReceivedEmail;
      if (mail.to.includes(to) && subject.test(mail.subject)) return mail;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`No email to ${to} matching ${subject} arrived within 30 seconds`);
}

/** After a first sign-in the portal asks for the current policy to be accepted (P2). */
export async function acceptPolicyIfAsked(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  if (!new URL(page.url()).pathname.startsWith('/accept-policy')) return;
  await expectAccessible(page);
  await page.getByRole('button', { name: /accept/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/accept-policy'));
}

// Staff set up an authenticator at their first sign-in (P17). The tests play the phone: each
// secret is kept in a file so later tests (and the API helpers) can make codes for it.
const totpDir = fileURLToPath(new URL('../../.data/e2e-totp/', import.meta.url));

export function saveSecret(username: string, manualKey: string): void {
  mkdirSync(totpDir, { recursive: true });
  writeFileSync(`${totpDir}${username}`, manualKey.replaceAll(' ', ''));
}

/**
 * A code the portal has not accepted yet for `username`. Each code works once, so, like a person
 * watching their app, the tests use the current 30-second step's code, else the next one (the
 * portal allows a step of clock drift), else wait for the clock to move on to a new one.
 */
export async function freshCode(username: string): Promise<string> {
  const key = decodeBase32IgnorePadding(readFileSync(`${totpDir}${username}`, 'utf8'));
  const usedFile = `${totpDir}${username}.last-step`;
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    const last = existsSync(usedFile) ? Number(readFileSync(usedFile, 'utf8')) : -Infinity;
    const step = Math.max(now, last + 1);
    if (step <= now + 1) {
      writeFileSync(usedFile, String(step));
      return generateHOTP(key, BigInt(step), 6);
    }
    // Both this step's code and the next are spent: the next code appears when the step turns.
    await new Promise((resolve) => setTimeout(resolve, (now + 1) * 30_000 - Date.now() + 50));
  }
}

/** Sets up or gives the second factor in the browser when the portal asks for it. */
export async function passSecondFactorIfAsked(page: Page, username: string): Promise<void> {
  await page.waitForLoadState('load');
  const path = new URL(page.url()).pathname;
  if (path === '/account/two-factor') {
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const manualKey = (await page.locator('code.manual-key').textContent()) ?? '';
    saveSecret(username, manualKey);
    await page.getByLabel('The 6-digit code the app shows').fill(await freshCode(username));
    await page.getByRole('button', { name: 'Finish setting up' }).click();
    await page.getByRole('link', { name: 'Continue to the portal' }).click();
    await page.waitForURL((url) => url.pathname !== '/account/two-factor');
  } else if (path === '/signin/two-factor') {
    await page.getByLabel('Code').fill(await freshCode(username));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname !== '/signin/two-factor');
  }
}

/** The same over the HTTP API, for tests that act as an internal tool. */
export async function passSecondFactorOverApi(
  request: APIRequestContext,
  username: string,
): Promise<void> {
  const me = (await (await request.get('/api/trpc/auth.me')).json()).result.data;
  if (me.twoFactor === 'enrol') {
    const begun = (
      await (await request.post('/api/trpc/twoFactor.beginEnrolment', { data: {} })).json()
    ).result.data;
    saveSecret(username, begun.manualKey);
    await request.post('/api/trpc/twoFactor.confirmEnrolment', {
      data: { code: await freshCode(username) },
    });
  } else if (me.twoFactor === 'verify') {
    await request.post('/api/trpc/twoFactor.verify', { data: { code: await freshCode(username) } });
  }
}
