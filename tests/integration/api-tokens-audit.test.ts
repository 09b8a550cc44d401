import { beforeAll, describe, expect, it } from 'vitest';
import { createSchoolgateClient, schoolgateErrorOf } from '@schoolgate/client';
import { API_REQUESTS_PER_MINUTE, handleApiRequest } from '@schoolgate/api';
import { recordAudit, type Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, contextFor, newStaff, TEST_NOW, type TestUser } from './support/factories';

// Issue 15, the `audit:read` scope: `tools.audit.search` reads the audit log for at most 31 days,
// newest first, a page at a time, with the staff audit page's own query and fields, never a
// secret; every call is audited with the token's name, a token without the scope gets 403 (and
// an audit entry), an expired or revoked one 401; batched calls and the rate limit hold.

let db: Database;
let admin: TestUser & { staffId: string };

beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
  // Entries on known days: three in the range asked for below, one before and one after it.
  const at = (iso: string) => new Date(iso);
  for (const [when, action, details] of [
    ['2026-10-31T23:30:00Z', 'view.attendance', { view: 'before the range' }],
    ['2026-11-02T08:00:00Z', 'view.attendance', { view: 'first' }],
    ['2026-11-03T08:00:00Z', 'auth.sign_in.succeeded', {}],
    // Details the log never holds, to show they would not be passed on if ever they were.
    ['2026-11-04T08:00:00Z', 'view.behaviour', { view: 'third', password: 'hunter2', token: 'x' }],
    ['2026-12-20T08:00:00Z', 'view.attendance', { view: 'after the range' }],
  ] as const) {
    await recordAudit(db, {
      at: at(when),
      action,
      actorUserId: admin.userId,
      ip: '192.0.2.5',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36',
      details,
    });
  }
});

async function makeToken(name: string, scopes: string[], days?: number) {
  const caller = await callerFor(db, admin);
  const made = await caller.admin.apiTokens.create({
    name,
    scopes: scopes as never,
    ...(days ? { days } : {}),
  });
  return { id: made.id, token: made.token! };
}

let requests = 0;
function clientFor(token: string, now: Date = TEST_NOW) {
  return createSchoolgateClient({
    url: 'http://portal.test',
    token,
    fetch: async (input, init) => {
      requests++;
      return handleApiRequest(
        new Request(input as string, init),
        await contextFor(db, null, { ip: '192.0.2.80', now }),
      );
    },
  });
}

async function refusal(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    return schoolgateErrorOf(error);
  }
  throw new Error('the call was answered');
}

const auditOf = (action: string) =>
  db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

const NOVEMBER = { from: '2026-11-01', to: '2026-11-10' };

describe('tools.audit.search with an audit:read token', () => {
  it('reads the days asked for, newest first, with the audit page’s fields and no secret', async () => {
    const { token, id } = await makeToken('Log shipper', ['audit:read']);
    const answer = await clientFor(token).tools.audit.search.query(NOVEMBER);
    expect(answer.nextCursor).toBeNull();
    expect(answer.timeZone).toBe('Europe/London');
    expect(answer.entries.map((e) => [e.at, e.action])).toEqual([
      ['2026-11-04T08:00:00.000Z', 'view.behaviour'],
      ['2026-11-03T08:00:00.000Z', 'auth.sign_in.succeeded'],
      ['2026-11-02T08:00:00.000Z', 'view.attendance'],
    ]);
    const [third] = answer.entries;
    expect(third).toMatchObject({
      actionLabel: 'Viewed behaviour',
      who: expect.stringContaining(`(${admin.username})`),
      actor: { username: admin.username },
      ip: '192.0.2.5',
      device: 'Chrome on Windows',
      details: { view: 'third' },
      detailsText: 'view: third',
    });
    expect(Object.keys(third!.details)).toEqual(['view']);
    // The token's own creation is in the log; its secret and hash are not in any answer.
    const today = await clientFor(token).tools.audit.search.query({
      from: '2026-11-17',
      to: '2026-11-17',
    });
    const created = today.entries.find((e) => e.action === 'api_token.create');
    expect(created).toBeDefined();
    const text = JSON.stringify(today);
    expect(text).not.toContain(token);
    const { token_hash } = await db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(text).not.toContain(token_hash);
    expect(text).not.toMatch(/hash|password/i);

    // Each call is audited with the token's name, and so is what it read.
    const calls = (await auditOf('api_token.call')).slice(-2);
    expect(calls.map((c) => c.details)).toEqual([
      {
        token_id: id,
        token_name: 'Log shipper',
        procedure: 'tools.audit.search',
        outcome: 'answered',
      },
      {
        token_id: id,
        token_name: 'Log shipper',
        procedure: 'tools.audit.search',
        outcome: 'answered',
      },
    ]);
    const [read] = await auditOf('api_token.audit_read');
    expect(read!.actor_user_id).toBe(admin.userId);
    expect(read!.details).toMatchObject({
      token_name: 'Log shipper',
      filters: { from: '2026-11-01', to: '2026-11-10' },
      entries: 3,
    });
  });

  it('pages with a cursor, without repeating or skipping an entry, and filters by action', async () => {
    const { token } = await makeToken('Pager', ['audit:read']);
    const portal = clientFor(token);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const answer = await portal.tools.audit.search.query({
        ...NOVEMBER,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...answer.entries.map((e) => e.action));
      if (!answer.nextCursor) break;
      cursor = answer.nextCursor;
    }
    expect(seen).toEqual(['view.behaviour', 'auth.sign_in.succeeded', 'view.attendance']);
    const views = await portal.tools.audit.search.query({ ...NOVEMBER, action: 'view.' });
    expect(views.entries.map((e) => e.action)).toEqual(['view.behaviour', 'view.attendance']);
    const one = await portal.tools.audit.search.query({ ...NOVEMBER, action: 'auth.sign_in' });
    expect(one.entries.map((e) => e.action)).toEqual(['auth.sign_in.succeeded']);
  });

  it('refuses a backwards or too long range, a bad cursor and a bad action, in plain words', async () => {
    const { token } = await makeToken('Range checks', ['audit:read']);
    const portal = clientFor(token);
    const backwards = await refusal(() =>
      portal.tools.audit.search.query({ from: '2026-11-10', to: '2026-11-01' }),
    );
    expect(backwards).toMatchObject({ code: 'BAD_REQUEST' });
    expect(backwards!.message).toBe('The first day must be on or before the last day.');
    const long = await refusal(() =>
      portal.tools.audit.search.query({ from: '2026-10-01', to: '2026-11-01' }),
    );
    expect(long!.message).toContain('at most 31 days');
    // 31 days is allowed.
    await portal.tools.audit.search.query({ from: '2026-10-01', to: '2026-10-31' });
    for (const bad of [{ cursor: 'abc' }, { cursor: '0' }, { action: "view'; drop" }]) {
      expect(
        await refusal(() => portal.tools.audit.search.query({ ...NOVEMBER, ...bad })),
        JSON.stringify(bad),
      ).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    }
  });

  it('refuses a token without the scope with 403, and audits the refusal with its name', async () => {
    const { token } = await makeToken('Attendance only', ['attendance:read']);
    const refused = await refusal(() => clientFor(token).tools.audit.search.query(NOVEMBER));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403 });
    expect(refused!.message).toContain('does not have the “audit:read” scope');
    const [entry] = (await auditOf('api_token.call')).slice(-1);
    expect(entry!.details).toMatchObject({
      token_name: 'Attendance only',
      procedure: 'tools.audit.search',
      outcome: 'FORBIDDEN',
    });
  });

  it('answers 401 to an expired or a revoked token', async () => {
    const expired = await makeToken('Expires in a day', ['audit:read'], 1);
    const later = new Date(TEST_NOW.getTime() + 2 * 86_400_000);
    expect(
      await refusal(() => clientFor(expired.token, later).tools.audit.search.query(NOVEMBER)),
    ).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
    const revoked = await makeToken('Revoked', ['audit:read']);
    await (await callerFor(db, admin)).admin.apiTokens.revoke({ id: revoked.id });
    expect(
      await refusal(() => clientFor(revoked.token).tools.audit.search.query(NOVEMBER)),
    ).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
  });

  it('answers each call of one tRPC batch on its own, each audited', async () => {
    const { token, id } = await makeToken('Batcher', ['audit:read']);
    const portal = clientFor(token);
    const before = requests;
    const auditedBefore = (await auditOf('api_token.call')).length;
    const [search, me, marks, page] = await Promise.allSettled([
      portal.tools.audit.search.query(NOVEMBER),
      portal.tools.whoAmI.query(),
      portal.tools.attendance.marks.query({ from: '2026-11-16', to: '2026-11-16' }),
      portal.tools.audit.search.query({ ...NOVEMBER, action: 'auth.' }),
    ]);
    expect(requests - before).toBe(1);
    expect(search.status === 'fulfilled' && search.value.entries).toHaveLength(3);
    expect(me.status === 'fulfilled' && me.value.name).toBe('Batcher');
    expect(marks.status).toBe('rejected');
    expect(schoolgateErrorOf(marks.status === 'rejected' ? marks.reason : null)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(page.status === 'fulfilled' && page.value.entries.map((e) => e.action)).toEqual([
      'auth.sign_in.succeeded',
    ]);
    const entries = (await auditOf('api_token.call')).slice(auditedBefore);
    expect(
      entries.map((e) => (e.details as { procedure: string; outcome: string }).outcome).sort(),
    ).toEqual(['FORBIDDEN', 'answered', 'answered', 'answered']);
    expect(entries.every((e) => (e.details as { token_id: string }).token_id === id)).toBe(true);
  });

  it('keeps the request limit: batched audit reads count, then 429', async () => {
    const { token } = await makeToken('Flooder', ['audit:read']);
    const input = encodeURIComponent(JSON.stringify({ 0: NOVEMBER, 1: NOVEMBER }));
    const statuses: number[] = [];
    for (let i = 0; i < API_REQUESTS_PER_MINUTE + 2; i++) {
      const response = await handleApiRequest(
        new Request(
          `http://portal.test/api/trpc/tools.audit.search,tools.audit.search?batch=1&input=${input}`,
          { headers: { authorization: `Bearer ${token}` } },
        ),
        await contextFor(db, null, { ip: '192.0.2.81' }),
      );
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(API_REQUESTS_PER_MINUTE);
    expect(statuses.slice(API_REQUESTS_PER_MINUTE)).toEqual([429, 429]);
  });
});
