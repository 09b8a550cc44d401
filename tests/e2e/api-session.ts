import { expect, type APIRequestContext } from '@playwright/test';
import { passSecondFactorOverApi } from './support';

/**
 * Signs `request` in over the HTTP endpoint as an internal tool would (second factor and policy
 * included), so that its cookie carries a session with nothing outstanding.
 */
export async function signInOverApi(
  request: APIRequestContext,
  account: { username: string; password: string },
): Promise<void> {
  const response = await request.post('/api/trpc/auth.signIn', {
    data: { identifier: account.username, password: account.password },
  });
  expect(response.status()).toBe(200);
  await passSecondFactorOverApi(request, account.username);
  const current = await (await request.get('/api/trpc/policy.current')).json();
  if (current.result.data) {
    const accepted = await request.post('/api/trpc/policy.accept', {
      data: { versionId: current.result.data.id },
    });
    expect(accepted.status()).toBe(200);
  }
}

/** The request's cookies as a Cookie header, for a request sent without Playwright. */
export async function cookieHeader(request: APIRequestContext): Promise<string> {
  const { cookies } = await request.storageState();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
