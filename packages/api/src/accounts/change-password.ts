import {
  clearFailures,
  reserveAttempt,
  rotateSessionToken,
  throttleKey,
  verifyPassword,
} from '@schoolgate/auth';
import { loadSettings, recordAudit } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';
import { enqueueEmail } from '@schoolgate/email';
import { AppError } from '../core';
import { accountPolicy } from './sign-in';
import {
  formatForEmail,
  hashAcceptablePassword,
  loadPasswordOwner,
  storeNewPassword,
} from './new-password';
import { passwordChangedEmail } from './password-emails';
import { schoolIdentity } from '../email';

type SignedIn = Context & { user: SessionUser; session: NonNullable<Context['session']> };

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/**
 * Changes the signed-in user's password under P11: the current password first, then every rule,
 * then no reuse. Every other session ends; this one carries on under a new token, so a copy of the
 * old one (a stolen cookie) stops working too.
 */
export async function changePassword(ctx: SignedIn, input: ChangePasswordInput) {
  const { db, user } = ctx;
  const now = ctx.now();
  const settings = await loadSettings(db);
  const owner = await loadPasswordOwner(db, user.id);
  const accountKey = throttleKey.account(user.id);
  const audit = {
    at: now,
    actorUserId: user.id,
    targetUserId: user.id,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
  };

  // A stolen session must not become a way to guess the current password: the attempt is counted
  // (with sign-in's, on the same account) before the password is checked.
  if (!(await reserveAttempt(db, accountKey, now, accountPolicy(settings)))) {
    throw new AppError(
      'too_many_attempts',
      'Too many wrong passwords. Please wait 15 minutes and try again.',
    );
  }
  if (!(await verifyPassword(owner.password_hash, input.currentPassword))) {
    await recordAudit(db, {
      ...audit,
      action: 'account.password_change.failed',
      details: { reason: 'wrong_current_password' },
    });
    throw new AppError('bad_input', 'Your current password is not right.', {
      fieldErrors: { currentPassword: ['Your current password is not right.'] },
    });
  }
  await clearFailures(db, accountKey);

  const newHash = await hashAcceptablePassword(db, settings, owner, input.newPassword);
  const ended = await db.transaction().execute(async (trx) => {
    await storeNewPassword(trx, owner, newHash, now);
    const others = await trx
      .deleteFrom('sessions')
      .where('user_id', '=', user.id)
      .where('id', '!=', ctx.session.id)
      .executeTakeFirst();
    const otherSessionsEnded = Number(others.numDeletedRows);
    const rotated = await rotateSessionToken(trx, ctx.session.id);
    await enqueueEmail(
      trx,
      {
        ...passwordChangedEmail(
          schoolIdentity(settings),
          owner.displayName,
          formatForEmail(now, settings),
        ),
        to: user.email,
        kind: 'password_changed',
      },
      now,
    );
    await recordAudit(trx, {
      ...audit,
      action: 'account.password_changed',
      details: { other_sessions_ended: otherSessionsEnded },
    });
    return { otherSessionsEnded, rotated };
  });
  if (ended.rotated) {
    const { token, id, expiresAt, sharedDevice } = ended.rotated;
    ctx.session.id = id;
    ctx.cookies.set(token, sharedDevice ? null : expiresAt);
  }
  return { otherSessionsEnded: ended.otherSessionsEnded };
}
