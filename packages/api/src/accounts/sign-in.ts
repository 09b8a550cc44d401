import { recordAudit, settingsColumnsOf, settingsOf, type Settings } from '@schoolgate/db';
import {
  createSession,
  reserveAttempts,
  settleAttempts,
  sessionLifetime,
  throttleKey,
  verifyPassword,
  type ThrottlePolicy,
} from '@schoolgate/auth';
import { sql } from 'kysely';
import type { Context } from '../core';
import { AppError } from '../core';
import { twoFactorState } from './two-factor-rules';
import { policyAcceptancePending } from '../aup';
import { expiryDaysOf, passwordHasExpired } from './password-expiry';
import { userIsSuspended } from '../access';
import { noteSignInDevice } from './new-device';

/**
 * The one answer to every refused sign-in (issue 10 item 9): an unknown account, a wrong password,
 * a locked account and the right password of a suspended or inactive account all read the same,
 * so the answer tells nobody which it was. It names where to ask (P12), for the person who is sure
 * of their password: locked out, or suspended.
 */
export function signInRefusedMessage(enquiriesEmail: string): string {
  return `Incorrect username or password. If you are sure both are right, please contact the school at ${enquiriesEmail}.`;
}

// A school's parents may share one address (a school wifi, a council network), so the address
// limit is looser than the per-account one.
const ADDRESS_FAILURE_MULTIPLIER = 5;

export interface SignInInput {
  identifier: string;
  password: string;
  sharedDevice: boolean;
}

/** The school's failure limits for one account, shared by sign-in and password changes. */
export function accountPolicy(settings: Settings): ThrottlePolicy {
  return {
    maxFailures: settings.signin_max_failures,
    windowSeconds: settings.signin_failure_window_minutes * 60,
    lockoutSeconds: settings.signin_lockout_minutes * 60,
  };
}

/**
 * Signs a person in by username or email. Every refusal gives the same answer after the same work
 * (one lookup, the attempt reserved, one Argon2 verification, one audit entry), whether the
 * account is unknown, locked, suspended or simply given the wrong password: neither the answer
 * nor its timing tells an account apart. Failures are counted per account and per source address
 * in the database.
 */
export async function signIn(ctx: Context, input: SignInInput) {
  const { db, meta } = ctx;
  const now = ctx.now();
  const identifier = input.identifier.trim();
  const { settings, user } = await settingsAndAccount(ctx, identifier, now);

  const accountKey = user ? throttleKey.account(user.id) : throttleKey.unknownAccount(identifier);
  const addressKey = meta.ip ? throttleKey.address(meta.ip) : null;
  const policy = accountPolicy(settings);
  const addressPolicy = { ...policy, maxFailures: policy.maxFailures * ADDRESS_FAILURE_MULTIPLIER };
  const audit = { at: now, ip: meta.ip, userAgent: meta.userAgent, targetUserId: user?.id ?? null };

  const refused = new AppError('not_signed_in', signInRefusedMessage(settings.enquiries_email));

  // Each attempt is counted before the password is checked, so guesses sent at once cannot pass
  // the limit between a check and the counting of their failures.
  const allowed = await reserveAttempts(
    db,
    [
      { key: accountKey, policy },
      ...(addressKey ? [{ key: addressKey, policy: addressPolicy }] : []),
    ],
    now,
  );
  // The hash runs on every path, a locked account's and an unknown one's too (with no hash it
  // checks a decoy), so a refusal takes as long as a wrong password.
  const passwordMatches = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!allowed) {
    await recordAudit(db, { ...audit, action: 'auth.sign_in.throttled' });
    throw refused;
  }
  if (!user || !passwordMatches) {
    await recordAudit(db, {
      ...audit,
      action: 'auth.sign_in.failed',
      details: { reason: user ? 'wrong_password' : 'unknown_account' },
    });
    throw refused;
  }
  if (user.status !== 'active' || user.suspended === true) {
    // The right password for an account that may not sign in (P12-P14): the same answer as a wrong
    // one, and the attempt stays counted like one, so it does no other work and reveals nothing.
    // The audit log says why; the answer names where to ask.
    await recordAudit(db, {
      ...audit,
      action: 'auth.sign_in.refused',
      details: { reason: user.status === 'active' ? 'suspended' : user.status },
    });
    throw refused;
  }
  const { token, session, deviceId } = await db.transaction().execute(async (trx) => {
    const created = await createSession(trx, {
      userId: user.id,
      now,
      lifetime: sessionLifetime(settings, input.sharedDevice),
      sharedDevice: input.sharedDevice,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    await trx
      .updateTable('users')
      .set({ last_signed_in_at: now })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(trx, {
      ...audit,
      actorUserId: user.id,
      action: 'auth.sign_in.succeeded',
      details: { shared_device: input.sharedDevice },
    });
    // P5: a device the account has not used before is reported to its owner by email.
    const deviceId = await noteSignInDevice(trx, ctx, {
      userId: user.id,
      sharedDevice: input.sharedDevice,
      settings,
      now,
    });
    // The right password: the attempt no longer counts against the account or the address. Last,
    // so the rows every sign-in from a shared address needs are locked only until the commit.
    await settleAttempts(
      trx,
      {
        clear: [accountKey],
        release: addressKey ? [{ key: addressKey, policy: addressPolicy }] : [],
      },
      now,
    );
    return { ...created, deviceId };
  });

  // On a shared computer the cookie dies with the browser: nothing is remembered (P10).
  ctx.cookies.set(token, input.sharedDevice ? null : session.expiresAt);
  if (deviceId) ctx.cookies.setDeviceId(deviceId);
  return {
    expiresAt: session.expiresAt,
    mustChangePassword: passwordHasExpired(user.password_set_at, expiryDaysOf(settings), now),
    mustAcceptPolicy: user.policy_pending === true,
    // A new session has not passed the second factor yet (P17).
    twoFactor: twoFactorState({
      isStaff: user.staff_id !== null,
      enrolled: user.totp_enrolled === true,
      verifiedThisSession: false,
    }),
  };
}

/**
 * The school's settings and the account the identifier names (by username or email), if any, in
 * one statement: a sign-in's every round trip to the database is CPU beside the hash (issue 17).
 */
async function settingsAndAccount(ctx: Context, identifier: string, now: Date) {
  const lowered = identifier.toLowerCase();
  const row = await ctx.db
    .selectFrom('school_settings as s')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('users as u')
          .select([
            'u.id as account_id',
            'u.password_hash',
            'u.status',
            'u.password_set_at',
            'u.staff_id',
          ])
          // In the same query, so the answer can say what must come first (P2).
          .select((eb) => policyAcceptancePending(eb.ref('u.id'), now).as('policy_pending'))
          // Revoked or under a safeguarding hold, worked out now from what is active (P13, P14),
          // in the same query so that a suspended account costs no more work than any other.
          .select(sql<boolean>`${userIsSuspended()}`.as('suspended'))
          .select((eb) =>
            eb
              .exists(
                eb
                  .selectFrom('user_totp')
                  .select('user_totp.user_id')
                  .whereRef('user_totp.user_id', '=', 'u.id')
                  .where('user_totp.enrolled_at', 'is not', null),
              )
              .as('totp_enrolled'),
          )
          .where((eb) =>
            eb.or([
              eb(eb.fn('lower', ['u.username']), '=', lowered),
              eb(eb.fn('lower', ['u.email']), '=', lowered),
            ]),
          )
          .limit(1)
          .as('a'),
      (join) => join.onTrue(),
    )
    .select(settingsColumnsOf('s'))
    .select([
      'a.account_id',
      'a.password_hash',
      'a.status',
      'a.password_set_at',
      'a.staff_id',
      'a.policy_pending',
      'a.suspended',
      'a.totp_enrolled',
    ])
    .where('s.id', '=', 1)
    .executeTakeFirstOrThrow();
  const user =
    row.account_id === null
      ? undefined
      : {
          id: row.account_id,
          password_hash: row.password_hash,
          status: row.status!,
          password_set_at: row.password_set_at,
          staff_id: row.staff_id,
          policy_pending: row.policy_pending,
          suspended: row.suspended,
          totp_enrolled: row.totp_enrolled,
        };
  return { settings: settingsOf(row), user };
}
