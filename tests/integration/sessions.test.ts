import { beforeAll, describe, expect, it } from 'vitest';
import { createCaller, createContext } from '@schoolgate/api';
import { createSession, hashToken, issueAccountToken, sessionLifetime } from '@schoolgate/auth';
import { loadSettings, type Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  TEST_PASSWORD,
  TEST_PORTAL_URL,
  newParent,
  recordingCookieJar,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
});

const minutes = (n: number) => new Date(TEST_NOW.getTime() + n * 60_000);

const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const WINDOWS_FIREFOX =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0';
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

interface Device {
  userAgent: string;
  ip: string;
  cookies?: ReturnType<typeof recordingCookieJar>;
}

function context(token: string | null, device: Device, now: Date) {
  return createContext({
    db,
    now: () => now,
    sessionToken: token,
    meta: { ip: device.ip, userAgent: device.userAgent },
    portalUrl: TEST_PORTAL_URL,
    cookies: device.cookies ?? recordingCookieJar(),
  });
}

/** Signs `user` in from `device` through the router; returns the browser's cookies afterwards. */
async function signInFrom(
  user: TestUser,
  device: Device,
  options: { now?: Date; sharedDevice?: boolean } = {},
) {
  const cookies = device.cookies ?? recordingCookieJar();
  const caller = createCaller(await context(null, { ...device, cookies }, options.now ?? TEST_NOW));
  await caller.auth.signIn({
    identifier: user.username,
    password: TEST_PASSWORD,
    sharedDevice: options.sharedDevice ?? false,
  });
  if (!cookies.token) throw new Error('expected a session cookie');
  return { token: cookies.token, cookies };
}

/** The router as the next request from `device`, carrying `token`. */
async function callerOn(token: string, device: Device, now: Date = TEST_NOW) {
  return createCaller(await context(token, device, now));
}

const phone: Device = { userAgent: ANDROID_CHROME, ip: '203.0.113.57' };
const laptop: Device = { userAgent: WINDOWS_FIREFOX, ip: '2001:db8:85a3:12:8a2e:370:7334:1' };
const home: Device = { userAgent: IPHONE_SAFARI, ip: '192.168.1.20' };

async function sessionIdsOf(userIds: string[]) {
  const rows = await db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', 'in', userIds)
    .execute();
  return rows.map((row) => row.id);
}

describe('listing your sessions', () => {
  it('shows only your live sessions, newest use first, the current one marked, with no id or token', async () => {
    const parent = await newParent(db);
    const other = await newParent(db);
    const onPhone = await signInFrom(parent, phone);
    const onLaptop = await signInFrom(parent, laptop, { now: minutes(5) });
    const othersOwn = await signInFrom(other, home);
    // One timed out, one ended by a suspension: neither is live.
    const settings = await loadSettings(db);
    const stale = await createSession(db, {
      userId: parent.userId,
      now: minutes(-120),
      lifetime: sessionLifetime(settings, false),
      sharedDevice: false,
      ip: '198.51.100.1',
      userAgent: IPHONE_SAFARI,
    });
    const ended = await createSession(db, {
      userId: parent.userId,
      now: TEST_NOW,
      lifetime: sessionLifetime(settings, false),
      sharedDevice: false,
      ip: '198.51.100.2',
      userAgent: IPHONE_SAFARI,
    });
    await db
      .updateTable('sessions')
      .set({ ended_at: TEST_NOW, ended_reason: 'suspended' })
      .where('id', '=', ended.session.id)
      .execute();

    const list = await (await callerOn(onLaptop.token, laptop, minutes(10))).sessions.list();

    expect(
      list.map(({ device, place, current, sharedDevice }) => ({
        device,
        place,
        current,
        sharedDevice,
      })),
    ).toEqual([
      {
        device: 'Firefox on Windows',
        place: 'Internet address 2001:db8:85a3:12:…',
        current: true,
        sharedDevice: false,
      },
      {
        device: 'Chrome on Android',
        place: 'Internet address 203.0.113.x',
        current: false,
        sharedDevice: false,
      },
    ]);
    expect(list[0]?.startedAt).toEqual(minutes(5));
    expect(list[0]?.lastUsedAt).toEqual(minutes(10));
    expect(list[1]?.startedAt).toEqual(TEST_NOW);
    expect(list[1]?.lastUsedAt).toEqual(TEST_NOW);
    for (const entry of list) expect(entry.reference).toMatch(/^[0-9a-f]{32}$/);

    const json = JSON.stringify(list);
    const secrets = [
      ...(await sessionIdsOf([parent.userId, other.userId])),
      onPhone.token,
      onLaptop.token,
      othersOwn.token,
      stale.token,
      ended.token,
      '203.0.113.57',
      '8a2e:370:7334',
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    for (const secret of secrets) expect(json).not.toContain(secret);
    // Not even a prefix of an id long enough to look one up by.
    for (const id of await sessionIdsOf([parent.userId])) {
      expect(json).not.toContain(id.slice(0, 16));
    }
  });

  it('marks a sign-in made as a public or shared computer', async () => {
    const parent = await newParent(db);
    const { token } = await signInFrom(parent, home, { sharedDevice: true });
    const [only] = await (await callerOn(token, home)).sessions.list();
    expect(only).toMatchObject({
      device: 'Safari on iPhone',
      place: 'A private network, such as a school, office or home network (192.168.1.x)',
      sharedDevice: true,
      current: true,
    });
  });
});

describe('signing sessions out', () => {
  it('ends another of your sessions, so its cookie is worthless, and records it', async () => {
    const parent = await newParent(db);
    const onPhone = await signInFrom(parent, phone);
    const onLaptop = await signInFrom(parent, laptop);
    const laptopCaller = await callerOn(onLaptop.token, laptop);
    const target = (await laptopCaller.sessions.list()).find((s) => !s.current)!;

    await expect(laptopCaller.sessions.signOut({ reference: target.reference })).resolves.toEqual({
      device: 'Chrome on Android',
      current: false,
    });

    expect((await refusalOf((await callerOn(onPhone.token, phone)).auth.me())).code).toBe(
      'UNAUTHORIZED',
    );
    const stillHere = await callerOn(onLaptop.token, laptop);
    expect((await stillHere.sessions.list()).map((s) => s.current)).toEqual([true]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'auth.session_ended')
      .where('actor_user_id', '=', parent.userId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ scope: 'one', current: false });
    expect(JSON.stringify(audit)).not.toContain(hashToken(onPhone.token));
  });

  it('answers "not found" for another person\'s session, and leaves it alone', async () => {
    const parent = await newParent(db);
    const other = await newParent(db);
    const mine = await signInFrom(parent, laptop);
    const theirs = await signInFrom(other, phone);
    const [theirSession] = await (await callerOn(theirs.token, phone)).sessions.list();

    const refused = await refusalOf(
      (await callerOn(mine.token, laptop)).sessions.signOut({ reference: theirSession!.reference }),
    );
    expect(refused.code).toBe('NOT_FOUND');
    await expect((await callerOn(theirs.token, phone)).auth.me()).resolves.toMatchObject({
      username: other.username,
    });

    const malformed = await refusalOf(
      (await callerOn(mine.token, laptop)).sessions.signOut({ reference: 'not-a-reference' }),
    );
    expect(malformed.code).toBe('BAD_REQUEST');
    // A session id is not a reference either.
    const [theirId] = await sessionIdsOf([other.userId]);
    const byId = await refusalOf(
      (await callerOn(mine.token, laptop)).sessions.signOut({ reference: theirId!.slice(0, 32) }),
    );
    expect(byId.code).toBe('NOT_FOUND');
  });

  it('signing out the current session also clears its cookie', async () => {
    const parent = await newParent(db);
    const { token } = await signInFrom(parent, laptop);
    const cookies = recordingCookieJar();
    const caller = await callerOn(token, { ...laptop, cookies });
    const [current] = await caller.sessions.list();
    await expect(caller.sessions.signOut({ reference: current!.reference })).resolves.toEqual({
      device: 'Firefox on Windows',
      current: true,
    });
    expect(cookies.cleared).toBe(true);
    expect((await refusalOf((await callerOn(token, laptop)).auth.me())).code).toBe('UNAUTHORIZED');
  });

  it('signs out everywhere else and keeps the current session', async () => {
    const parent = await newParent(db);
    const other = await newParent(db);
    const onPhone = await signInFrom(parent, phone);
    const atHome = await signInFrom(parent, home);
    const onLaptop = await signInFrom(parent, laptop);
    const theirs = await signInFrom(other, phone);

    const laptopCaller = await callerOn(onLaptop.token, laptop);
    await expect(laptopCaller.sessions.signOutOthers()).resolves.toEqual({ ended: 2 });

    for (const [token, device] of [
      [onPhone.token, phone],
      [atHome.token, home],
    ] as const) {
      expect((await refusalOf((await callerOn(token, device)).auth.me())).code).toBe(
        'UNAUTHORIZED',
      );
    }
    const list = await (await callerOn(onLaptop.token, laptop)).sessions.list();
    expect(list.map((s) => [s.device, s.current])).toEqual([['Firefox on Windows', true]]);
    await expect((await callerOn(theirs.token, phone)).auth.me()).resolves.toBeTruthy();
    const audit = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'auth.session_ended')
      .where('actor_user_id', '=', parent.userId)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ scope: 'others', sessions_ended: 2 });
  });
});

describe('new-device notices', () => {
  async function noticesTo(user: TestUser) {
    return db
      .selectFrom('email_outbox')
      .select(['subject', 'text_body'])
      .where('to_address', '=', user.email)
      .where('kind', '=', 'new_sign_in')
      .orderBy('id')
      .execute();
  }

  it('sends nothing at the first sign-in, one email from a new device, none from a known one', async () => {
    const parent = await newParent(db);

    const first = await signInFrom(parent, phone);
    expect(await noticesTo(parent)).toEqual([]);
    const deviceId = first.cookies.device;
    expect(deviceId).toMatch(/^[a-z2-7]{32}$/);
    const devices = await db
      .selectFrom('user_devices')
      .selectAll()
      .where('user_id', '=', parent.userId)
      .execute();
    expect(devices.map((d) => d.device_hash)).toEqual([hashToken(deviceId!)]);
    expect(JSON.stringify(devices)).not.toContain(deviceId);

    const second = await signInFrom(
      parent,
      { ...laptop, ip: '198.51.100.23' },
      { now: minutes(5) },
    );
    expect(second.cookies.device).toMatch(/^[a-z2-7]{32}$/);
    expect(second.cookies.device).not.toBe(deviceId);
    const notices = await noticesTo(parent);
    expect(notices).toHaveLength(1);
    const [notice] = notices;
    expect(notice?.subject).toBe('New sign-in to your parent portal account');
    expect(notice?.text_body).toContain('Device: Firefox on Windows');
    expect(notice?.text_body).toContain('When: 17 November 2026 at 09:35');
    expect(notice?.text_body).toContain('Internet address 198.51.100.x');
    expect(notice?.text_body).not.toContain('198.51.100.23');
    expect(notice?.text_body).toContain(`${TEST_PORTAL_URL}/account/password`);
    const settings = await loadSettings(db);
    expect(notice?.text_body).toContain(settings.enquiries_email);

    // The phone again, with the cookie it was given: known, so no email.
    const phoneAgain = recordingCookieJar();
    phoneAgain.device = deviceId;
    await signInFrom(parent, { ...phone, cookies: phoneAgain }, { now: minutes(10) });
    expect(await noticesTo(parent)).toHaveLength(1);
    expect(phoneAgain.device).toBe(deviceId);
  });

  it('remembers nothing on a public or shared computer, and still reports it', async () => {
    const parent = await newParent(db);
    await signInFrom(parent, phone);

    const shared = await signInFrom(parent, home, { sharedDevice: true });
    expect(shared.cookies.device).toBeNull();
    const notices = await noticesTo(parent);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text_body).toContain('public or shared computer');
    const devices = await db
      .selectFrom('user_devices')
      .select('device_hash')
      .where('user_id', '=', parent.userId)
      .execute();
    expect(devices).toHaveLength(1);

    // The same computer again is just as unknown, so it is reported again.
    await signInFrom(parent, home, { sharedDevice: true, now: minutes(30) });
    expect(await noticesTo(parent)).toHaveLength(2);
  });

  it('a device cookie another account uses is a new device for this one', async () => {
    const first = await newParent(db);
    const second = await newParent(db);
    const familyComputer = await signInFrom(first, laptop);
    await signInFrom(second, phone);
    const sameBrowser = recordingCookieJar();
    sameBrowser.device = familyComputer.cookies.device;
    await signInFrom(second, { ...laptop, cookies: sameBrowser });
    expect(await noticesTo(second)).toHaveLength(1);
    expect(await noticesTo(first)).toEqual([]);
  });

  it('remembers the device an account was activated on, so the first sign-in elsewhere is reported', async () => {
    const parent = await newParent(db, { status: 'pending' });
    const link = await issueAccountToken(db, {
      userId: parent.userId,
      purpose: 'activation',
      now: TEST_NOW,
      lifetimeSeconds: 72 * 3600,
    });
    const cookies = recordingCookieJar();
    const caller = createCaller(await context(null, { ...laptop, cookies }, TEST_NOW));
    await caller.account.activate({
      token: link,
      newPassword: TEST_PASSWORD,
      confirmPassword: TEST_PASSWORD,
      sharedDevice: false,
    });
    expect(cookies.device).toMatch(/^[a-z2-7]{32}$/);
    expect(await noticesTo(parent)).toEqual([]);

    await signInFrom(parent, phone, { now: minutes(5) });
    expect(await noticesTo(parent)).toHaveLength(1);
  });

  it('ignores a device cookie that is not one of ours', async () => {
    const parent = await newParent(db);
    await signInFrom(parent, phone);
    const forged = recordingCookieJar();
    forged.device = "x'; drop table users; --";
    await signInFrom(parent, { ...laptop, cookies: forged });
    expect(forged.device).toMatch(/^[a-z2-7]{32}$/);
    expect(await noticesTo(parent)).toHaveLength(1);
  });
});
