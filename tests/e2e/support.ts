import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, type DemoAccount } from '@schoolgate/db/demo';

export function demoAccount(role: DemoAccount['role']): DemoAccount {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`No demo account for ${role}`);
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
    page.waitForURL((url) => !url.pathname.startsWith('/signin')),
    page.getByRole('alert').waitFor(),
  ]);
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
    const files = existsSync(mailDir) ? readdirSync(mailDir).sort() : [];
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
  await page.getByRole('button', { name: /accept/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/accept-policy'));
}
