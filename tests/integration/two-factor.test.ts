import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { totpCodeAt } from '@schoolgate/auth';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  TEST_PASSWORD,
  TEST_TOTP_SECRET,
  callerFor,
  callerWithToken,
  newParent,
  newStaff,
  sessionTokenFor,
  type TestUser,
} from './support/factories';

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
});

const later = (minutes: number) => new Date(TEST_NOW.getTime() + minutes * 60_000);

/** A member of staff who has never set up an authenticator. */
async function newStaffWithoutApp(): Promise<TestUser> {
  const staff = await newStaff(db, ['office']);
  await db.deleteFrom('user_totp').where('user_id', '=', staff.userId).execute();
  return staff;
}

async function halfSignedIn(user: TestUser, now = TEST_NOW) {
  return callerWithToken(db, await sessionTokenFor(db, user, { now, twoFactorVerified: false }), {
    now,
  });
}

async function refusal(promise: Promise<unknown>) {
  const error = (await promise.catch((e: unknown) => e)) as { code?: string; message?: string };
  return { code: error.code, message: error.message };
}

describe('two-factor sign-in (P17)', () => {
  it('makes staff set up an authenticator before anything else, then lets them in', async () => {
    const staff = await newStaffWithoutApp();
    const caller = await halfSignedIn(staff);
    expect(await refusal(caller.admin.students.list({}))).toEqual({
      code: 'PRECONDITION_FAILED',
      message:
        'Staff accounts need a second step at sign-in. Please set up your authenticator app to carry on.',
    });
    expect(
      (
        await refusal(
          caller.account.changePassword({
            currentPassword: TEST_PASSWORD,
            newPassword: 'Xy-New-Pass-41',
            confirmPassword: 'Xy-New-Pass-41',
          }),
        )
      ).code,
    ).toBe('PRECONDITION_FAILED');
    expect((await caller.auth.me()).username).toBe(staff.username);

    const { manualKey, qrSvg } = await caller.twoFactor.beginEnrolment();
    expect(qrSvg).toMatch(/^<svg role="img"/);
    const secret = decodeBase32IgnorePadding(manualKey.replaceAll(' ', ''));
    expect((await refusal(caller.twoFactor.confirmEnrolment({ code: '000000' }))).code).toBe(
      'BAD_REQUEST',
    );
    const { recoveryCodes } = await caller.twoFactor.confirmEnrolment({
      code: totpCodeAt(secret, TEST_NOW),
    });
    expect(recoveryCodes).toHaveLength(10);
    const stored = JSON.stringify(
      await db
        .selectFrom('totp_recovery_codes')
        .selectAll()
        .where('user_id', '=', staff.userId)
        .execute(),
    );
    expect(stored).not.toContain(recoveryCodes[0]);

    const again = await callerWithToken(
      db,
      await sessionTokenFor(db, staff, { twoFactorVerified: false }),
      {},
    );
    expect((await refusal(again.admin.students.list({}))).message).toBe(
      'Enter the code from your authenticator app to carry on.',
    );
  });

  it('asks for a code in every new session; a recovery code works once', async () => {
    const staff = await newStaff(db, ['office']);
    const caller = await halfSignedIn(staff);
    expect((await refusal(caller.admin.students.list({}))).code).toBe('PRECONDITION_FAILED');
    const token = await sessionTokenFor(db, staff, { twoFactorVerified: false });
    await (
      await callerWithToken(db, token)
    ).twoFactor.verify({ code: totpCodeAt(TEST_TOTP_SECRET, TEST_NOW) });
    expect(
      (await (await callerWithToken(db, token)).admin.students.list({})).total,
    ).toBeGreaterThanOrEqual(0);

    const withCodes = await newStaffWithoutApp();
    const enrolling = await halfSignedIn(withCodes);
    const { manualKey } = await enrolling.twoFactor.beginEnrolment();
    const secret = decodeBase32IgnorePadding(manualKey.replaceAll(' ', ''));
    const { recoveryCodes } = await enrolling.twoFactor.confirmEnrolment({
      code: totpCodeAt(secret, TEST_NOW),
    });
    const code = recoveryCodes[0]!.toUpperCase();
    expect(await (await halfSignedIn(withCodes)).twoFactor.verify({ code })).toEqual({
      verified: true,
      via: 'recovery_code',
    });
    expect((await refusal((await halfSignedIn(withCodes)).twoFactor.verify({ code }))).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('locks the second step for 15 minutes after 5 wrong codes', async () => {
    const staff = await newStaff(db, ['office']);
    const caller = await halfSignedIn(staff);
    for (let i = 0; i < 5; i++) await refusal(caller.twoFactor.verify({ code: '123456' }));
    const locked = await refusal(
      caller.twoFactor.verify({ code: totpCodeAt(TEST_TOTP_SECRET, TEST_NOW) }),
    );
    expect(locked.code).toBe('TOO_MANY_REQUESTS');
    const after = await halfSignedIn(staff, later(16));
    await expect(
      after.twoFactor.verify({ code: totpCodeAt(TEST_TOTP_SECRET, later(16)) }),
    ).resolves.toMatchObject({ verified: true });
  });

  it('an admin resets a lost authenticator: sessions end and the next sign-in sets one up again', async () => {
    const staff = await newStaff(db, ['teacher']);
    const token = await sessionTokenFor(db, staff);
    const admin = await newStaff(db, ['admin']);
    await (await callerFor(db, admin)).twoFactor.reset({ userId: staff.userId });
    expect((await refusal((await callerWithToken(db, token)).auth.me())).code).toBe('UNAUTHORIZED');
    const next = await halfSignedIn(staff);
    expect((await next.auth.me()).twoFactor).toBe('enrol');
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('target_user_id', '=', staff.userId)
      .where('action', '=', 'auth.two_factor.reset')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('leaves parents who have not opted in alone, and only admins may reset', async () => {
    const parent = await newParent(db);
    const caller = await halfSignedIn(parent);
    expect(await caller.students.mine()).toEqual([]);
    const office = await newStaff(db, ['office']);
    expect(
      (await refusal((await callerFor(db, office)).twoFactor.reset({ userId: parent.userId })))
        .code,
    ).toBe('FORBIDDEN');
  });
});

describe('a code from the authenticator app (issue 10: no replay)', () => {
  it('works once: the same code cannot open a second session, the next one can', async () => {
    const staff = await newStaff(db, ['office']);
    const code = totpCodeAt(TEST_TOTP_SECRET, TEST_NOW);
    expect(await (await halfSignedIn(staff)).twoFactor.verify({ code })).toEqual({
      verified: true,
      via: 'app',
    });
    expect(await refusal((await halfSignedIn(staff)).twoFactor.verify({ code }))).toEqual({
      code: 'BAD_REQUEST',
      message:
        'That code has already been used. Wait for the next code in your authenticator app and enter that.',
    });
    // Nor a code from the step before it, which would still be in its window.
    const earlier = totpCodeAt(TEST_TOTP_SECRET, later(-0.5));
    expect(
      await refusal((await halfSignedIn(staff)).twoFactor.verify({ code: earlier })),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    const next = totpCodeAt(TEST_TOTP_SECRET, later(0.5));
    const third = await halfSignedIn(staff, later(0.5));
    expect(await third.twoFactor.verify({ code: next })).toMatchObject({ verified: true });
  });

  it('lets only one of two sessions sending the same code at once through', async () => {
    const staff = await newStaff(db, ['office']);
    const code = totpCodeAt(TEST_TOTP_SECRET, TEST_NOW);
    const [a, b] = await Promise.all([halfSignedIn(staff), halfSignedIn(staff)]);
    const results = await Promise.allSettled([
      a.twoFactor.verify({ code }),
      b.twoFactor.verify({ code }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });
});

describe('managing the second step (issue 12 item 6)', () => {
  /** A parent who opted in: enrolled at TEST_NOW; returns a caller and the app's secret. */
  async function parentWithApp() {
    const parent = await newParent(db);
    const caller = await callerFor(db, parent);
    const { manualKey, keyUri } = await caller.twoFactor.beginEnrolment();
    // Opens the app on the phone itself, where the QR code cannot be scanned.
    expect(keyUri).toMatch(/^otpauth:\/\/totp\/.+\?.*secret=/);
    const secret = decodeBase32IgnorePadding(manualKey.replaceAll(' ', ''));
    const { recoveryCodes } = await caller.twoFactor.confirmEnrolment({
      code: totpCodeAt(secret, TEST_NOW),
    });
    return { parent, secret, recoveryCodes };
  }

  it('new recovery codes need a current code; the old ones stop working', async () => {
    const { parent, secret, recoveryCodes } = await parentWithApp();
    const caller = await callerFor(db, parent, { now: later(1) });
    expect((await refusal(caller.twoFactor.renewRecoveryCodes({ code: '000000' }))).code).toBe(
      'BAD_REQUEST',
    );
    const renewed = await caller.twoFactor.renewRecoveryCodes({
      code: totpCodeAt(secret, later(1)),
    });
    expect(renewed.recoveryCodes).toHaveLength(10);
    expect(renewed.recoveryCodes).not.toContain(recoveryCodes[0]);
    const old = await refusal(
      (await halfSignedIn(parent, later(2))).twoFactor.verify({ code: recoveryCodes[0]! }),
    );
    expect(old.code).toBe('BAD_REQUEST');
    expect(
      await (
        await halfSignedIn(parent, later(2))
      ).twoFactor.verify({
        code: renewed.recoveryCodes[0]!,
      }),
    ).toEqual({ verified: true, via: 'recovery_code' });
  });

  it('a parent turns it off with a current code; staff may not', async () => {
    const { parent, secret } = await parentWithApp();
    const caller = await callerFor(db, parent, { now: later(1) });
    expect((await refusal(caller.twoFactor.turnOff({ code: '123456' }))).code).toBe('BAD_REQUEST');
    expect(await caller.twoFactor.turnOff({ code: totpCodeAt(secret, later(1)) })).toEqual({
      turnedOff: true,
    });
    const left = await db
      .selectFrom('totp_recovery_codes')
      .select('id')
      .where('user_id', '=', parent.userId)
      .execute();
    expect(left).toEqual([]);
    // A new session is no longer asked for a code.
    expect(await (await halfSignedIn(parent, later(2))).students.mine()).toEqual([]);
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('target_user_id', '=', parent.userId)
      .where('action', 'like', 'auth.two_factor.%')
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'auth.two_factor.enrolled',
      'auth.two_factor.failed', // the wrong code first tried
      'auth.two_factor.turned_off',
    ]);

    // P17: staff keep it; the code is not even looked at.
    const staff = await newStaff(db, ['office']);
    const staffCaller = await callerFor(db, staff);
    const code = totpCodeAt(TEST_TOTP_SECRET, TEST_NOW);
    expect((await refusal(staffCaller.twoFactor.turnOff({ code }))).code).toBe('FORBIDDEN');
    expect(
      await db
        .selectFrom('user_totp')
        .select('user_id')
        .where('user_id', '=', staff.userId)
        .execute(),
    ).toHaveLength(1);
  });
});
