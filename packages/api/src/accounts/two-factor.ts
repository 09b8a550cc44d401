import {
  clearFailures,
  hashRecoveryCode,
  invalidateUserSessions,
  markTwoFactorVerified,
  newRecoveryCodes,
  newTotpSecret,
  reserveAttempt,
  totpEnrolment,
  totpStepOf,
} from '@schoolgate/auth';
import { loadSettings, recordAudit } from '@schoolgate/db';
import { renderSVG } from 'uqr';
import type { Context, SessionUser } from '../core';
import { AppError } from '../core';

type Signed = Context & { user: SessionUser; session: NonNullable<Context['session']> };

// Six digits are guessable in bulk; five wrong codes lock the second step for 15 minutes.
const CODE_POLICY = { maxFailures: 5, windowSeconds: 15 * 60, lockoutSeconds: 15 * 60 };
const codeKey = (userId: string) => `two-factor:${userId}`;
const WRONG_CODE =
  'That code is not right. Check that the time on your phone is correct and try again.';

function auditOf(ctx: Signed) {
  return {
    at: ctx.now(),
    actorUserId: ctx.user.id,
    targetUserId: ctx.user.id,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
  };
}

async function secretOf(ctx: Signed) {
  return ctx.db
    .selectFrom('user_totp')
    .select(['secret', 'enrolled_at'])
    .where('user_id', '=', ctx.user.id)
    .executeTakeFirst();
}

/**
 * Counts this attempt before the code is checked, so codes sent at once (a batch of hundreds)
 * cannot get past the limit between a check and the counting of their failures.
 */
async function reserveCodeAttempt(ctx: Signed) {
  if (!(await reserveAttempt(ctx.db, codeKey(ctx.user.id), ctx.now(), CODE_POLICY))) {
    await recordAudit(ctx.db, { ...auditOf(ctx), action: 'auth.two_factor.throttled' });
    throw new AppError(
      'too_many_attempts',
      'Too many wrong codes. Please wait 15 minutes and try again.',
    );
  }
}

const USED_CODE =
  'That code has already been used. Wait for the next code in your authenticator app and enter that.';

/**
 * Takes the code's 30-second step for this user, once: a step at or before the last one accepted
 * is refused, so a code cannot open two sessions (the update is one statement, so two sessions
 * racing with the same code cannot both win).
 */
async function claimStep(ctx: Signed, step: number): Promise<boolean> {
  const claimed = await ctx.db
    .updateTable('user_totp')
    .set({ last_used_step: step })
    .where('user_id', '=', ctx.user.id)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .returning('user_id')
    .executeTakeFirst();
  return claimed !== undefined;
}

async function usedCode(ctx: Signed): Promise<never> {
  await recordAudit(ctx.db, {
    ...auditOf(ctx),
    action: 'auth.two_factor.failed',
    details: { reason: 'code_already_used' },
  });
  throw new AppError('bad_input', USED_CODE, { fieldErrors: { code: [USED_CODE] } });
}

async function wrongCode(ctx: Signed): Promise<never> {
  await recordAudit(ctx.db, { ...auditOf(ctx), action: 'auth.two_factor.failed' });
  throw new AppError('bad_input', WRONG_CODE, { fieldErrors: { code: [WRONG_CODE] } });
}

/** Step 1 of setting up: a new secret as a QR code and as text to type, not yet in use. */
export async function beginEnrolment(ctx: Signed) {
  const existing = await secretOf(ctx);
  if (existing?.enrolled_at) {
    throw new AppError('conflict', 'Your authenticator app is already set up.');
  }
  const secret = newTotpSecret();
  const now = ctx.now();
  await ctx.db
    .insertInto('user_totp')
    .values({
      user_id: ctx.user.id,
      secret: Buffer.from(secret),
      enrolled_at: null,
      created_at: now,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ secret: Buffer.from(secret), created_at: now }),
    )
    .execute();
  const settings = await loadSettings(ctx.db);
  const { keyUri, manualKey } = totpEnrolment(settings.school_name, ctx.user.username, secret);
  const qrSvg = renderSVG(keyUri).replace(
    '<svg ',
    '<svg role="img" aria-label="QR code to scan with your authenticator app" ',
  );
  // On the phone itself a QR code cannot be scanned: the otpauth link opens the app instead.
  return { manualKey, qrSvg, keyUri };
}

/** Step 2: the first code proves the app works; ten recovery codes are shown once. */
export async function confirmEnrolment(ctx: Signed, code: string) {
  await reserveCodeAttempt(ctx);
  const pending = await secretOf(ctx);
  if (!pending || pending.enrolled_at) {
    throw new AppError('bad_input', 'Please start setting up your authenticator app again.');
  }
  const step = totpStepOf(new Uint8Array(pending.secret), code, ctx.now());
  if (step === null) return wrongCode(ctx);
  if (!(await claimStep(ctx, step))) return usedCode(ctx);
  const { codes, hashes } = newRecoveryCodes();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('user_totp')
      .set({ enrolled_at: ctx.now() })
      .where('user_id', '=', ctx.user.id)
      .execute();
    await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', ctx.user.id).execute();
    await trx
      .insertInto('totp_recovery_codes')
      .values(hashes.map((code_hash) => ({ user_id: ctx.user.id, code_hash })))
      .execute();
    await markTwoFactorVerified(trx, ctx.session.id);
    await clearFailures(trx, codeKey(ctx.user.id));
    await recordAudit(trx, { ...auditOf(ctx), action: 'auth.two_factor.enrolled' });
  });
  return { recoveryCodes: codes };
}

/**
 * A code from the app, or one unused recovery code (spent), for the signed-in person; counted
 * before it is checked, refused if wrong or already used. Returns which it was.
 */
async function checkCode(ctx: Signed, code: string): Promise<'app' | 'recovery_code'> {
  await reserveCodeAttempt(ctx);
  const enrolled = await secretOf(ctx);
  if (!enrolled?.enrolled_at)
    throw new AppError('bad_input', 'You have not set up an authenticator app.');
  const step = totpStepOf(new Uint8Array(enrolled.secret), code, ctx.now());
  if (step !== null) {
    if (!(await claimStep(ctx, step))) return usedCode(ctx);
    return 'app';
  }
  const used = await ctx.db
    .updateTable('totp_recovery_codes')
    .set({ used_at: ctx.now() })
    .where('user_id', '=', ctx.user.id)
    .where('code_hash', '=', hashRecoveryCode(code))
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!used) return wrongCode(ctx);
  return 'recovery_code';
}

/** At each sign-in: a code from the app, or one unused recovery code. */
export async function verifySecondFactor(ctx: Signed, code: string) {
  const via = await checkCode(ctx, code);
  await ctx.db.transaction().execute(async (trx) => {
    await markTwoFactorVerified(trx, ctx.session.id);
    await clearFailures(trx, codeKey(ctx.user.id));
    await recordAudit(trx, {
      ...auditOf(ctx),
      action: 'auth.two_factor.verified',
      details: { via },
    });
  });
  return { verified: true as const, via };
}

/**
 * Ten new recovery codes, shown once; the old ones stop working. A current code is asked for,
 * so a session left open on a shared computer cannot take the account's way back in.
 */
export async function renewRecoveryCodes(ctx: Signed, code: string) {
  const via = await checkCode(ctx, code);
  const { codes, hashes } = newRecoveryCodes();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', ctx.user.id).execute();
    await trx
      .insertInto('totp_recovery_codes')
      .values(hashes.map((code_hash) => ({ user_id: ctx.user.id, code_hash })))
      .execute();
    await clearFailures(trx, codeKey(ctx.user.id));
    await recordAudit(trx, {
      ...auditOf(ctx),
      action: 'auth.two_factor.recovery_codes_renewed',
      details: { via },
    });
  });
  return { recoveryCodes: codes };
}

/**
 * A parent or student who chose the second step may stop using it, with a current code (P17:
 * staff must keep it). The secret and recovery codes are deleted; sessions stay signed in.
 */
export async function turnOffSecondFactor(ctx: Signed, code: string) {
  if (ctx.user.kind === 'staff') {
    throw new AppError(
      'forbidden',
      'Staff accounts must keep the second step at sign-in. If you have a new phone, ask an administrator to reset it.',
    );
  }
  const via = await checkCode(ctx, code);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', ctx.user.id).execute();
    await trx.deleteFrom('user_totp').where('user_id', '=', ctx.user.id).execute();
    await clearFailures(trx, codeKey(ctx.user.id));
    await recordAudit(trx, {
      ...auditOf(ctx),
      action: 'auth.two_factor.turned_off',
      details: { via },
    });
  });
  return { turnedOff: true as const };
}

/** Admins: a staff member lost their phone. They set up again at their next sign-in. */
export async function resetSecondFactor(ctx: Signed, userId: string) {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'staff_id'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw new AppError('not_found', 'We could not find that account.');
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
    await trx.deleteFrom('user_totp').where('user_id', '=', userId).execute();
    await invalidateUserSessions(trx, userId);
    await recordAudit(trx, {
      ...auditOf(ctx),
      targetUserId: userId,
      action: 'auth.two_factor.reset',
    });
  });
  return { reset: true as const };
}
