import { expect, test, type APIRequestContext } from '@playwright/test';
import { demoAccount, passSecondFactorOverApi } from './support';

/** Signs in through the HTTP endpoint, as an internal tool would; the session rides in the cookie. */
async function signInOverApi(request: APIRequestContext, role: 'parent' | 'office') {
  const account = demoAccount(role);
  const response = await request.post('/api/trpc/auth.signIn', {
    data: { identifier: account.username, password: account.password },
  });
  expect(response.status()).toBe(200);
  const body = await response.text();
  expect(body).not.toContain(account.password);
  expect(body).not.toMatch(/token|hash/i);
  await passSecondFactorOverApi(request, account.username);
  // Like a person, an internal tool's user must accept the policy in force before anything else.
  const current = await (await request.get('/api/trpc/policy.current')).json();
  if (current.result.data) {
    const accepted = await request.post('/api/trpc/policy.accept', {
      data: { versionId: current.result.data.id },
    });
    expect(accepted.status()).toBe(200);
  }
}

function query(request: APIRequestContext, path: string, input?: unknown) {
  const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return request.get(`/api/trpc/${path}${search}`);
}

test('a parent asking the HTTP endpoint for another family\'s student gets "not found"', async ({
  playwright,
  baseURL,
}) => {
  const office = await playwright.request.newContext({ baseURL });
  await signInOverApi(office, 'office');
  const everyone = await (await query(office, 'admin.students.list', { pageSize: 200 })).json();
  const allIds: string[] = everyone.result.data.students.map((s: { id: string }) => s.id);

  const parent = await playwright.request.newContext({ baseURL });
  await signInOverApi(parent, 'parent');
  const mine = await (await query(parent, 'students.mine')).json();
  const myIds: string[] = mine.result.data.map((s: { id: string }) => s.id);
  expect(myIds).toHaveLength(2);

  const own = await query(parent, 'students.byId', { studentId: myIds[0] });
  expect(own.status()).toBe(200);

  const someoneElse = allIds.find((id) => !myIds.includes(id))!;
  const forbidden = await query(parent, 'students.byId', { studentId: someoneElse });
  const missing = await query(parent, 'students.byId', { studentId: crypto.randomUUID() });
  expect(forbidden.status()).toBe(404);
  expect(missing.status()).toBe(404);
  const [forbiddenBody, missingBody] = [await forbidden.json(), await missing.json()];
  expect(forbiddenBody.error.message).toBe('We could not find that student.');
  expect(forbiddenBody.error.message).toBe(missingBody.error.message);

  const staffOnly = await query(parent, 'admin.students.list', {});
  expect(staffOnly.status()).toBe(403);
  await office.dispose();
  await parent.dispose();
});

test('errors over HTTP are plain English, with no stack trace or database text', async ({
  request,
}) => {
  const anonymous = await query(request, 'students.mine');
  expect(anonymous.status()).toBe(401);
  const bad = await request.post('/api/trpc/auth.signIn', {
    data: { identifier: '', password: '' },
  });
  expect(bad.status()).toBe(400);
  const body = await bad.json();
  expect(body.error.message).toBe(
    'Please check your answers: Enter your username or email address.',
  );
  expect(body.error.data.fieldErrors.password).toEqual(['Enter your password.']);
  expect(JSON.stringify(body)).not.toMatch(/stack|\.ts:|node_modules/);
});
