import { beforeAll, describe, expect, it } from 'vitest';
import {
  API_REQUESTS_PER_MINUTE,
  handleApiRequest,
  newSubmissionKey,
  type Context,
} from '@schoolgate/api';
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

// Issue 15: API tokens for internal tools. Made by administrators, shown once, stored as a hash,
// scoped, expiring, revocable at once, limited to an address range if asked, audited on every call,
// and never a way into a person's procedures.

let db: Database;
let admin: TestUser;
beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
  await (
    await callerFor(db, admin)
  ).admin.policy.publish({
    title: 'Parent Portal Acceptable Usage Policy',
    effectiveDate: '2026-11-17',
    bodyMarkdown: 'Use it yourself only.',
  });
});

const INVALID = expect.stringContaining('That API token is not valid');

/** A caller for `user` that has accepted the policy in force (one is published in the tests). */
async function readyCaller(user: TestUser, now: Date = TEST_NOW) {
  const caller = await callerFor(db, user, { now });
  if (!(await caller.auth.me()).mustAcceptPolicy) return caller;
  await caller.policy.accept({ versionId: (await caller.policy.current())!.id });
  return callerFor(db, user, { now });
}

async function adminCaller(user: TestUser = admin, now: Date = TEST_NOW) {
  return readyCaller(user, now);
}

let made = 0;
async function makeToken(
  input: Partial<{ scopes: 'accounts:read'[]; days: number; allowedRange: string }> = {},
  owner: TestUser = admin,
) {
  const caller = await adminCaller(owner);
  const created = await caller.admin.apiTokens.create({
    name: `Tool ${++made}`,
    scopes: input.scopes ?? ['accounts:read'],
    days: input.days ?? 90,
    ...(input.allowedRange ? { allowedRange: input.allowedRange } : {}),
  });
  return { ...created, token: created.token! };
}

/** One tRPC call over HTTP, as @trpc/client sends it, with `headers`. */
async function call(
  path: string,
  headers: Record<string, string>,
  options: { ip?: string; now?: Date; ctx?: Context; query?: string } = {},
) {
  const ctx =
    options.ctx ??
    (await contextFor(db, null, { ip: options.ip ?? '192.0.2.10', now: options.now ?? TEST_NOW }));
  const response = await handleApiRequest(
    new Request(`http://portal.test/api/trpc/${path}${options.query ?? ''}`, { headers }),
    ctx,
  );
  const body = (await response.json()) as {
    result?: { data: unknown };
    error?: { message: string; data: { code: string } };
  };
  return { status: response.status, body };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const auditOf = (action: string) =>
  db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

describe('making a token', () => {
  it('shows the token once and stores only its SHA-256; the audit entry names it without the secret', async () => {
    const created = await makeToken();
    expect(created.token).toMatch(/^sgt_[a-z2-7]{32}$/);
    const rows = await db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(created.token);
    const listed = await (await adminCaller()).admin.apiTokens.list();
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(listed.find((t) => t.id === created.id)).toMatchObject({
      name: created.name,
      scopes: ['accounts:read'],
      state: 'active',
      lastUsedAt: null,
    });
    const audit = (await auditOf('api_token.create')).at(-1)!;
    expect(audit.details).toMatchObject({ token_id: created.id, name: created.name });
    expect(JSON.stringify(audit)).not.toContain(created.token);
  });

  it('makes one token for a form sent twice, and the second answer carries no secret', async () => {
    const caller = await adminCaller();
    const input = {
      name: 'Sent twice',
      scopes: ['accounts:read' as const],
      days: 30,
      submissionKey: newSubmissionKey(),
    };
    const [first, second] = await Promise.all([
      caller.admin.apiTokens.create(input),
      caller.admin.apiTokens.create(input),
    ]);
    const answers = [first, second].sort(
      (a, b) => Number(a.token === null) - Number(b.token === null),
    );
    expect(answers[0]!.token).toMatch(/^sgt_/);
    expect(answers[1]).toEqual({ ...answers[0], token: null });
    const stored = await db.selectFrom('form_submissions').select('result').execute();
    expect(JSON.stringify(stored)).not.toContain(answers[0]!.token!);
    expect(
      await db.selectFrom('api_tokens').select('id').where('name', '=', 'Sent twice').execute(),
    ).toHaveLength(1);
  });

  it('refuses a second live token of the same name, even sent at once, and allows it once revoked', async () => {
    const caller = await adminCaller();
    const results = await Promise.allSettled(
      [1, 2, 3].map(() =>
        caller.admin.apiTokens.create({ name: 'Roster sync', scopes: ['accounts:read'], days: 5 }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    }
    const live = (await caller.admin.apiTokens.list()).find((t) => t.name === 'Roster sync')!;
    await caller.admin.apiTokens.revoke({ id: live.id });
    await expect(
      caller.admin.apiTokens.create({ name: 'roster SYNC', scopes: ['accounts:read'], days: 5 }),
    ).resolves.toMatchObject({ name: 'roster SYNC' });
  });

  it('in one tRPC batch, makes one token for the same form sent three times and one per live name', async () => {
    await readyCaller(admin);
    const ctx = await contextFor(db, await sessionTokenFor(db, admin), { ip: '192.0.2.70' });
    const batch = async (inputs: unknown[]) => {
      const response = await handleApiRequest(
        new Request(
          `http://portal.test/api/trpc/${inputs.map(() => 'admin.apiTokens.create').join(',')}?batch=1`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, input]))),
          },
        ),
        ctx,
      );
      return (await response.json()) as {
        result?: { data: { token: string | null } };
        error?: { data: { code: string } };
      }[];
    };
    const form = {
      name: 'Batched form',
      scopes: ['accounts:read'],
      submissionKey: newSubmissionKey(),
    };
    const same = await batch([form, form, form]);
    const secrets = same.map((a) => a.result?.data.token).filter(Boolean);
    expect(secrets).toHaveLength(1);
    expect(same.every((a) => a.result)).toBe(true);
    const names = await batch(
      [1, 2, 3].map(() => ({ name: 'Batched name', scopes: ['accounts:read'] })),
    );
    expect(names.filter((a) => a.result)).toHaveLength(1);
    expect(names.filter((a) => a.error?.data.code === 'CONFLICT')).toHaveLength(2);
    const rows = await db
      .selectFrom('api_tokens')
      .select('name')
      .where('name', 'in', ['Batched form', 'Batched name'])
      .execute();
    expect(rows.map((r) => r.name).sort()).toEqual(['Batched form', 'Batched name']);
  });

  it.each([
    [{ name: '', scopes: ['accounts:read'], days: 90 }, 'name', 'Give the token a name'],
    [{ name: 'x', scopes: [], days: 90 }, 'scopes', 'Choose at least one thing'],
    [
      { name: 'x', scopes: ['roster:delete'], days: 90 },
      'scopes.0',
      'Choose what the token may do',
    ],
    [{ name: 'x', scopes: ['accounts:read'], days: 0 }, 'days', 'from 1 to 365'],
    [{ name: 'x', scopes: ['accounts:read'], days: 366 }, 'days', 'from 1 to 365'],
    [{ name: 'x', scopes: ['accounts:read'], days: 1.5 }, 'days', 'from 1 to 365'],
    [
      { name: 'x', scopes: ['accounts:read'], days: 9, allowedRange: '203.0.113.7/24' },
      'allowedRange',
      'not 203.0.113.7/24',
    ],
    [
      { name: 'x', scopes: ['accounts:read'], days: 9, allowedRange: 'the office' },
      'allowedRange',
      'like 203.0.113.0/24',
    ],
    [
      { name: 'x', scopes: ['accounts:read'], days: 9, allowedRange: '10.0.0.0/33' },
      'allowedRange',
      'like 203.0.113.0/24',
    ],
  ])('refuses %j with a plain message on %s, and makes nothing', async (input, field, words) => {
    const before = await db.selectFrom('api_tokens').select('id').execute();
    const refused = await refusalOf((await adminCaller()).admin.apiTokens.create(input as never));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(refused.fieldErrors?.[field] ?? refused.message)).toContain(words);
    expect(await db.selectFrom('api_tokens').select('id').execute()).toEqual(before);
  });

  it('defaults to 90 days and accepts an IPv6 range', async () => {
    const caller = await adminCaller();
    const created = await caller.admin.apiTokens.create({
      name: 'Defaults',
      scopes: ['accounts:read'],
      allowedRange: '2001:db8::/32',
    });
    expect(new Date(created.expiresAt).getTime() - TEST_NOW.getTime()).toBe(90 * 86_400_000);
  });
});

describe('calling the API with a token', () => {
  it('answers the tools procedures its scopes open, and records when and where it was last used', async () => {
    const { token, name, id } = await makeToken();
    const me = await call('tools.whoAmI', bearer(token), { ip: '198.51.100.4' });
    expect(me.status).toBe(200);
    expect(me.body.result?.data).toMatchObject({ name, scopes: ['accounts:read'] });
    const listed = (await (await adminCaller()).admin.apiTokens.list()).find((t) => t.id === id)!;
    expect(listed.lastUsedAt).toEqual(TEST_NOW);
    expect(listed.lastUsedIp).toBe('198.51.100.4');
  });

  it('lists active accounts that have not accepted the policy in force, and no one else', async () => {
    const waiting = await newParent(db);
    const disabled = await newParent(db, { status: 'disabled' });
    const accepted = await newParent(db);
    await readyCaller(accepted);

    const { token } = await makeToken();
    const answer = await call('tools.accounts.notAcceptedPolicy', bearer(token));
    expect(answer.status).toBe(200);
    const usernames = (answer.body.result?.data as { username: string; kind: string }[]).map(
      (a) => a.username,
    );
    expect(usernames).toContain(waiting.username);
    expect(usernames).not.toContain(accepted.username);
    expect(usernames).not.toContain(disabled.username);
    expect(answer.body.result?.data).toContainEqual(
      expect.objectContaining({ username: waiting.username, kind: 'parent' }),
    );
  });

  it.each([
    'auth.me',
    'students.mine',
    'admin.students.list',
    'admin.apiTokens.list',
    'school.info',
  ])('refuses %s: a token never reaches a person’s procedures, nor a public one', async (path) => {
    const { token } = await makeToken();
    const answer = await call(path, bearer(token));
    expect(answer.status).toBe(403);
    expect(answer.body.error?.message).toBe(
      'API tokens can call only the tools procedures. Sign in as a person for everything else.',
    );
  });

  it('refuses a signed-in person calling a tools procedure, administrators included', async () => {
    const ctx = await contextFor(db, await sessionTokenFor(db, admin));
    const answer = await call('tools.whoAmI', {}, { ctx });
    expect(answer.status).toBe(403);
  });

  it('refuses a token without the scope a procedure needs', async () => {
    const { token } = await makeToken();
    await db
      .updateTable('api_tokens')
      .set({ scopes: ['audit:read'] })
      .where('token_hash', '!=', '')
      .where('name', '=', `Tool ${made}`)
      .execute();
    const answer = await call('tools.accounts.notAcceptedPolicy', bearer(token));
    expect(answer.status).toBe(403);
    expect(answer.body.error?.message).toContain('does not have the “accounts:read” scope');
  });

  it('stops a revoked token at its next call, and revoking twice records one revocation', async () => {
    const { token, id } = await makeToken();
    expect((await call('tools.whoAmI', bearer(token))).status).toBe(200);
    const caller = await adminCaller();
    const before = (await auditOf('api_token.revoke')).length;
    const answers = await Promise.all([
      caller.admin.apiTokens.revoke({ id }),
      caller.admin.apiTokens.revoke({ id }),
    ]);
    expect(answers.map((a) => a.revoked).sort()).toEqual([false, true]);
    expect((await auditOf('api_token.revoke')).length).toBe(before + 1);
    const refused = await call('tools.whoAmI', bearer(token));
    expect(refused.status).toBe(401);
    expect(refused.body.error?.message).toEqual(INVALID);
  });

  it('stops a token at its expiry', async () => {
    const { token } = await makeToken({ days: 1 });
    const later = new Date(TEST_NOW.getTime() + 86_400_000);
    expect((await call('tools.whoAmI', bearer(token), { now: later })).status).toBe(401);
    const justBefore = new Date(later.getTime() - 1000);
    expect((await call('tools.whoAmI', bearer(token), { now: justBefore })).status).toBe(200);
  });

  it('works only from its allowed range', async () => {
    const { token } = await makeToken({ allowedRange: '203.0.113.0/24' });
    expect((await call('tools.whoAmI', bearer(token), { ip: '203.0.113.200' })).status).toBe(200);
    expect((await call('tools.whoAmI', bearer(token), { ip: '198.51.100.7' })).status).toBe(401);
    const noAddress = await contextFor(db, null);
    expect(
      (
        await call('tools.whoAmI', bearer(token), {
          ctx: { ...noAddress, meta: { ip: null, userAgent: null } },
        })
      ).status,
    ).toBe(401);
  });

  it('stops when its owner is no longer an administrator, or has their access restricted', async () => {
    const owner = await newStaff(db, ['admin']);
    const first = await makeToken({}, owner);
    const second = await makeToken({}, owner);
    expect((await call('tools.whoAmI', bearer(first.token))).status).toBe(200);
    await db.deleteFrom('staff_roles').where('staff_id', '=', owner.staffId).execute();
    await db
      .insertInto('staff_roles')
      .values({ staff_id: owner.staffId, role: 'office' })
      .execute();
    expect((await call('tools.whoAmI', bearer(first.token))).status).toBe(401);
    await db.insertInto('staff_roles').values({ staff_id: owner.staffId, role: 'admin' }).execute();
    expect((await call('tools.whoAmI', bearer(second.token))).status).toBe(200);
    await db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', owner.userId)
      .execute();
    expect((await call('tools.whoAmI', bearer(second.token))).status).toBe(401);
  });

  it.each([
    ['a token in the query', '?input=%7B%7D&token=TOKEN'],
    ['a token under any other name', '?x=TOKEN'],
  ])('refuses %s, even with a valid header', async (_, query) => {
    const { token } = await makeToken();
    const answer = await call('tools.whoAmI', bearer(token), {
      query: query.replace('TOKEN', token),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toContain('never in the address');
  });

  it.each([
    ['no scheme', (t: string) => t],
    ['Basic', (t: string) => `Basic ${t}`],
    ['a made-up token', () => 'Bearer sgt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    ['a session token', () => 'Bearer abcdefghijklmnopqrstuvwxyz234567'],
    ['two tokens', (t: string) => `Bearer ${t} ${t}`],
  ])('answers 401 with one message for %s', async (_, header) => {
    const { token } = await makeToken();
    const answer = await call('tools.whoAmI', { authorization: header(token) });
    expect(answer.status).toBe(401);
    expect(answer.body.error?.message).toEqual(INVALID);
  });

  it('refuses a request that carries both a session and a token', async () => {
    const { token } = await makeToken();
    const ctx = await contextFor(db, await sessionTokenFor(db, admin));
    const answer = await call('tools.whoAmI', bearer(token), { ctx });
    expect(answer.status).toBe(400);
  });

  it('audits every call, answered or refused, with the token’s name and never its secret', async () => {
    const { token, name, id } = await makeToken();
    const before = (await auditOf('api_token.call')).length;
    await call('tools.whoAmI', bearer(token));
    await call('admin.students.list', bearer(token));
    const entries = (await auditOf('api_token.call')).slice(before);
    expect(entries.map((e) => e.details)).toEqual([
      { token_id: id, token_name: name, procedure: 'tools.whoAmI', outcome: 'answered' },
      { token_id: id, token_name: name, procedure: 'admin.students.list', outcome: 'FORBIDDEN' },
    ]);
    expect(entries.every((e) => e.actor_user_id === admin.userId)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(token);
  });
});

describe('the request limit', () => {
  it('gives each token its own 120 requests a minute, then 429 with Retry-After', async () => {
    const busy = await makeToken();
    const other = await makeToken();
    const statuses: number[] = [];
    for (let i = 0; i < API_REQUESTS_PER_MINUTE + 3; i++) {
      statuses.push((await call('tools.whoAmI', bearer(busy.token), { ip: '192.0.2.99' })).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(API_REQUESTS_PER_MINUTE);
    expect(statuses.slice(API_REQUESTS_PER_MINUTE)).toEqual([429, 429, 429]);
    expect((await call('tools.whoAmI', bearer(other.token), { ip: '192.0.2.99' })).status).toBe(
      200,
    );
  });
});

describe('administering tokens', () => {
  it('is for administrators only', async () => {
    const office = await newStaff(db, ['office']);
    const refused = await refusalOf((await readyCaller(office)).admin.apiTokens.list());
    expect(refused.code).toBe('FORBIDDEN');
  });
});
