import { beforeAll, describe, expect, it } from 'vitest';
import { createCaller, handleApiRequest, tokenInAddress, type Context } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  callerFor,
  contextFor,
  newParent,
  newStaff,
  sessionTokenFor,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';

// Adversarial pass over issue 15 (API tokens): a token must reach nothing but `tools.*`, never
// outlive its owner's access, never appear in an answer or the audit log, and bad input to the
// administration procedures must be answered with a plain message, never a 500.

let db: Database;
let admin: TestUser & { staffId: string };
let office: TestUser & { staffId: string };
beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
  office = await newStaff(db, ['office']);
  await (
    await callerFor(db, admin)
  ).admin.policy.publish({
    title: 'Parent Portal Acceptable Usage Policy',
    effectiveDate: '2026-11-17',
    bodyMarkdown: 'Use it yourself only.',
  });
});

async function readyCaller(user: TestUser) {
  const caller = await callerFor(db, user);
  if (!(await caller.auth.me()).mustAcceptPolicy) return caller;
  await caller.policy.accept({ versionId: (await caller.policy.current())!.id });
  return callerFor(db, user);
}

let made = 0;
async function makeToken(owner: TestUser = admin, extra: { allowedRange?: string } = {}) {
  const created = await (
    await readyCaller(owner)
  ).admin.apiTokens.create({
    name: `Adversarial ${++made}`,
    scopes: ['accounts:read'],
    days: 30,
    ...extra,
  });
  return { ...created, token: created.token! };
}

async function send(
  request: Request,
  options: { ip?: string; ctx?: Context } = {},
): Promise<{ status: number; body: unknown; text: string }> {
  const ctx =
    options.ctx ?? (await contextFor(db, null, { ip: options.ip ?? '192.0.2.10', now: TEST_NOW }));
  const response = await handleApiRequest(request, ctx);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as unknown, text };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const get = (path: string, headers: Record<string, string>, query = '') =>
  new Request(`http://portal.test/api/trpc/${path}${query}`, { headers });

const post = (path: string, headers: Record<string, string>, input: unknown) =>
  new Request(`http://portal.test/api/trpc/${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });

const tokenCalls = () =>
  db
    .selectFrom('audit_log')
    .select(['details', 'actor_user_id'])
    .where('action', '=', 'api_token.call')
    .orderBy('id')
    .execute();

describe('a token reaches nothing but tools', () => {
  it.each([
    ['health.check', 'GET'],
    ['school.info', 'GET'],
    ['auth.me', 'GET'],
    ['students.mine', 'GET'],
    ['admin.apiTokens.list', 'GET'],
    ['absence.mine', 'GET'],
    ['admin.absenceReports.list', 'GET'],
    ['auth.signIn', 'POST'],
    ['accessRequests.submit', 'POST'],
    ['admin.apiTokens.create', 'POST'],
    ['jobs.passwordReminders', 'POST'],
  ])('refuses %s (%s) as forbidden and audits the attempt', async (path, method) => {
    const { token, id } = await makeToken();
    const before = (await tokenCalls()).length;
    const answer = await send(
      method === 'GET'
        ? get(path, bearer(token))
        : post(path, bearer(token), {
            username: admin.username,
            password: 'x',
            name: 'Tool',
            scopes: ['accounts:read'],
          }),
    );
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('API tokens can call only the tools procedures');
    const after = (await tokenCalls()).slice(before);
    expect(after.map((e) => e.details)).toEqual([
      expect.objectContaining({ token_id: id, procedure: path, outcome: 'FORBIDDEN' }),
    ]);
    expect(answer.text).not.toContain(token);
  });

  it('answers a batch mixing tools and a person’s procedures call by call, and audits each', async () => {
    const { token } = await makeToken();
    const before = (await tokenCalls()).length;
    const answer = await send(
      get(
        'tools.whoAmI,admin.students.list,tools.accounts.notAcceptedPolicy',
        bearer(token),
        '?batch=1',
      ),
    );
    const results = answer.body as { result?: unknown; error?: { data: { code: string } } }[];
    expect(results).toHaveLength(3);
    expect(results[0]!.result).toBeDefined();
    expect(results[1]!.error?.data.code).toBe('FORBIDDEN');
    expect(results[2]!.result).toBeDefined();
    const outcomes = (await tokenCalls())
      .slice(before)
      .map((e) => (e.details as { outcome: string }).outcome)
      .sort();
    expect(outcomes).toEqual(['FORBIDDEN', 'answered', 'answered']);
  });

  it('refuses an administrator’s own session calling tools, even over HTTP', async () => {
    const ctx = await contextFor(db, await sessionTokenFor(db, admin));
    const answer = await send(get('tools.whoAmI', {}), { ctx });
    expect(answer.status).toBe(403);
  });

  it('answers whoAmI and the accounts list without any hash, email or secret', async () => {
    const { token } = await makeToken();
    const who = await send(get('tools.whoAmI', bearer(token)));
    expect(who.status).toBe(200);
    const list = await send(get('tools.accounts.notAcceptedPolicy', bearer(token)));
    expect(list.status).toBe(200);
    const hashes = await db.selectFrom('api_tokens').select('token_hash').execute();
    for (const text of [who.text, list.text]) {
      expect(text).not.toContain(token);
      expect(text).not.toMatch(/argon2|password|token_hash|@example\.org|@school\.example/i);
      for (const { token_hash } of hashes) expect(text).not.toContain(token_hash);
    }
  });
});

describe('a token never outlives its owner’s access', () => {
  it('stops when its owner’s account is restricted (P13), and works again only when lifted', async () => {
    const owner = await newStaff(db, ['admin']);
    const { token } = await makeToken(owner);
    expect((await send(get('tools.whoAmI', bearer(token)))).status).toBe(200);
    await (
      await readyCaller(admin)
    ).admin.restrictions.create({
      target: { kind: 'user', id: owner.userId },
      reason: 'policy_breach',
      note: 'Token misuse under investigation.',
    });
    const refused = await send(get('tools.whoAmI', bearer(token)));
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('That API token is not valid');
    const { id } = await db
      .selectFrom('access_restrictions')
      .select('id')
      .where('user_id', '=', owner.userId)
      .executeTakeFirstOrThrow();
    await (await readyCaller(admin)).admin.restrictions.lift({ id, note: 'Investigation closed.' });
    expect((await send(get('tools.whoAmI', bearer(token)))).status).toBe(200);
  });

  it('stops when its owner’s account is disabled, and for a revoked token revoked mid-batch', async () => {
    const owner = await newStaff(db, ['admin']);
    const { token, id } = await makeToken(owner);
    await (await readyCaller(admin)).admin.apiTokens.revoke({ id });
    expect((await send(get('tools.whoAmI', bearer(token)))).status).toBe(401);
    // Revoking again and revoking an unknown one.
    expect(await (await readyCaller(admin)).admin.apiTokens.revoke({ id })).toEqual({
      revoked: false,
    });
    expect(
      (
        await refusalOf(
          (await readyCaller(admin)).admin.apiTokens.revoke({
            id: '00000000-0000-4000-8000-000000000000',
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('works for no one but an active administrator: a parent account given an admin-shaped token row is refused', async () => {
    // A token row owned by a parent (never made by the router, but a bad import or a data fix
    // could): the owner is not staff, so the token is refused.
    const parent = await newParent(db);
    const { token, id } = await makeToken();
    await db
      .updateTable('api_tokens')
      .set({ owner_user_id: parent.userId })
      .where('id', '=', id)
      .execute();
    expect((await send(get('tools.whoAmI', bearer(token)))).status).toBe(401);
  });
});

describe('administering tokens', () => {
  it('is refused to the office, a governor, a parent and an administrator who has not passed the second step', async () => {
    const governor = await newStaff(db, ['governor']);
    const parent = await newParent(db);
    for (const user of [office, governor, parent]) {
      const caller = await readyCaller(user);
      expect(
        (
          await refusalOf(
            caller.admin.apiTokens.create({ name: 'Mine', scopes: ['accounts:read'], days: 1 }),
          )
        ).code,
      ).toBe('FORBIDDEN');
      expect((await refusalOf(caller.admin.apiTokens.list())).code).toBe('FORBIDDEN');
    }
    const halfway = await contextFor(
      db,
      await sessionTokenFor(db, admin, { twoFactorVerified: false }),
    );
    const refused = await refusalOf(
      createCaller(halfway).admin.apiTokens.create({
        name: 'Halfway',
        scopes: ['accounts:read'],
        days: 1,
      }),
    );
    expect(refused.code).not.toBe('OK');
    expect(
      await db.selectFrom('api_tokens').select('id').where('name', '=', 'Halfway').execute(),
    ).toEqual([]);
  });

  it.each([
    ['an empty name', { name: '   ' }, 'name'],
    ['a name of 81 characters', { name: 'x'.repeat(81) }, 'name'],
    ['an unknown scope', { scopes: ['admin'] }, 'scopes'],
    ['no scopes', { scopes: [] }, 'scopes'],
    ['0 days', { days: 0 }, 'days'],
    ['366 days', { days: 366 }, 'days'],
    ['1.5 days', { days: 1.5 }, 'days'],
    ['a range with host bits', { allowedRange: '203.0.113.7/24' }, 'allowedRange'],
    ['a /33', { allowedRange: '203.0.113.0/33' }, 'allowedRange'],
    ['a host name', { allowedRange: 'example.org' }, 'allowedRange'],
    ['two slashes', { allowedRange: '10.0.0.0/8/8' }, 'allowedRange'],
  ])('refuses %s with a message on that field', async (_, fields, field) => {
    const caller = await readyCaller(admin);
    const refused = await refusalOf(
      caller.admin.apiTokens.create({
        name: `Bad input ${++made}`,
        scopes: ['accounts:read'],
        days: 30,
        ...(fields as object),
      } as never),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(Object.keys(refused.fieldErrors ?? {})).toContain(field);
  });

  it('refuses an allowed range with an IPv6 zone id as bad input, not a server error', async () => {
    const refused = await refusalOf(
      (await readyCaller(admin)).admin.apiTokens.create({
        name: 'Zoned',
        scopes: ['accounts:read'],
        days: 30,
        allowedRange: 'fe80::1%eth0',
      }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(
      await db.selectFrom('api_tokens').select('id').where('name', '=', 'Zoned').execute(),
    ).toEqual([]);
  });

  it('refuses a name with a NUL character before writing anything', async () => {
    const refused = await refusalOf(
      (await readyCaller(admin)).admin.apiTokens.create({
        name: 'Nightly\u0000export',
        scopes: ['accounts:read'],
        days: 30,
      }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
  });

  it('keeps odd but storable names exactly, and the list and audit never hold the secret', async () => {
    const name = 'Ünïcødé ☃ export — 𝔫𝔦𝔤𝔥𝔱𝔩𝔶 \u202Eevil';
    const created = await (
      await readyCaller(admin)
    ).admin.apiTokens.create({ name, scopes: ['accounts:read'], days: 30 });
    expect(created.name).toBe(name);
    const list = await (await readyCaller(admin)).admin.apiTokens.list();
    expect(JSON.stringify(list)).not.toContain(created.token!);
    expect(JSON.stringify(list)).not.toMatch(/token_hash|[0-9a-f]{64}/);
    const audit = await db.selectFrom('audit_log').select('details').execute();
    expect(JSON.stringify(audit)).not.toContain(created.token!);
  });
});

describe('a token in the address', () => {
  it('is found in the path, the query, upper case and percent-encoded', () => {
    const token = 'sgt_abcdefghijklmnopqrstuvwxyz234567';
    expect(tokenInAddress(`http://portal.test/api/trpc/${token}`)).toBe(true);
    expect(tokenInAddress(`http://portal.test/x?y=${token.toUpperCase()}`)).toBe(true);
    expect(
      tokenInAddress(`http://portal.test/x?y=${encodeURIComponent(token).replace('s', '%73')}`),
    ).toBe(true);
  });

  it('refuses a POST whose address carries a valid token, before any call runs', async () => {
    const { token } = await makeToken();
    const before = (await tokenCalls()).length;
    const answer = await send(post(`tools.whoAmI?leak=${token}`, bearer(token), {}));
    expect(answer.status).toBe(400);
    expect((await tokenCalls()).length).toBe(before);
  });
});
