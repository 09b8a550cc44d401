import {
  clearFailures,
  consumeAccountToken,
  inspectAccountToken,
  invalidateUserSessions,
  issueAccountToken,
  reserveAttempts,
  throttleKey,
} from '@schoolgate/auth';
import { loadSettings, recordAudit } from '@schoolgate/db';
import { enqueueEmail } from '@schoolgate/email';
import type { Context } from '../core';
import { afterResponse, AppError, portalUrlOf, submitOnce } from '../core';
import { passwordResetDoneEmail, passwordResetEmail, RESET_MINUTES } from './emails';
import { unusableLinkMessage, usableLinkOwner } from './emailed-links';
import {
  formatForEmail,
  hashAcceptablePassword,
  loadPasswordOwner,
  storeNewPassword,
} from './new-password';
import { schoolIdentity } from '../email';

const PER_ADDRESS = { maxFailures: 10, windowSeconds: 3600, lockoutSeconds: 3600 };
const PER_ACCOUNT = { maxFailures: 3, windowSeconds: 3600, lockoutSeconds: 3600 };
const addressKey = (ip: string) => `reset-request:${ip}`;
const accountKey = (identifier: string) => `reset-request:${identifier.trim().toLowerCase()}`;

/**
 * Forgotten password: emails a single-use link valid for an hour to the account's own address.
 * The answer is the same whether or not the account exists, and so is the work done before it
 * (issue 10 item 9): the request is counted per address and per account (so nobody can use the
 * form to flood a mailbox) and claimed as a submission, and nothing else. Finding the account,
 * making the link and queuing the email happen after the answer (afterResponse), so a real
 * account's request is not measurably slower than a made-up one's. The same form sent twice sends
 * one email: a second link would void the first before it is opened.
 */
export async function requestPasswordReset(
  ctx: Context,
  input: { identifier: string; submissionKey?: string | undefined },
) {
  const { db, meta } = ctx;
  const { identifier } = input;
  const now = ctx.now();
  const submission = { purpose: 'account.password_reset_request', userId: null, input };
  // Set only by the request that claimed the submission and was within the limits.
  let send = false;
  const answer = await db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      // Every request counts, reserved before anything is looked up and in this transaction, so
      // requests sent together queue on the counts and cannot send more emails than the limit.
      send = await reserveAttempts(
        trx,
        [
          { key: accountKey(identifier), policy: PER_ACCOUNT },
          ...(meta.ip ? [{ key: addressKey(meta.ip), policy: PER_ADDRESS }] : []),
        ],
        now,
      );
      return { requested: true as const };
    }),
  );
  // Only once the claim and the counts are committed: a request rolled back sends nothing.
  if (send) afterResponse('A password reset request', () => sendResetLink(ctx, identifier, now));
  return answer;
}

/** The work of a reset request, after its answer: a link for an active account, or nothing. */
async function sendResetLink(ctx: Context, identifier: string, now: Date): Promise<void> {
  const { db, meta } = ctx;
  const settings = await loadSettings(db);
  await db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'email'])
      .where('status', '=', 'active')
      .where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['username']), '=', identifier.trim().toLowerCase()),
          eb(eb.fn('lower', ['email']), '=', identifier.trim().toLowerCase()),
        ]),
      )
      .executeTakeFirst();
    if (!user) return;
    const owner = await loadPasswordOwner(trx, user.id);
    const token = await issueAccountToken(trx, {
      userId: user.id,
      purpose: 'password_reset',
      now,
      lifetimeSeconds: RESET_MINUTES * 60,
    });
    const link = `${portalUrlOf(ctx)}/reset-password?token=${token}`;
    await enqueueEmail(
      trx,
      {
        ...passwordResetEmail(schoolIdentity(settings), owner.displayName, link),
        to: user.email,
        kind: 'password_reset',
        containsSecret: true,
      },
      now,
    );
    await recordAudit(trx, {
      at: now,
      action: 'account.password_reset_requested',
      targetUserId: user.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
  });
}

export async function resetStatus(ctx: Context, token: string) {
  const { state } = await inspectAccountToken(ctx.db, token, 'password_reset', ctx.now());
  if (state === 'valid') return { state, message: null };
  return { state, message: unusableLinkMessage(state, await loadSettings(ctx.db)) };
}

/** Sets a new password (P11) through the emailed link, ends every session and tells the user. */
export async function resetPassword(ctx: Context, input: { token: string; newPassword: string }) {
  const { db } = ctx;
  const now = ctx.now();
  const settings = await loadSettings(db);
  const userId = await usableLinkOwner(ctx, input.token, 'password_reset', settings);
  const owner = await loadPasswordOwner(db, userId);
  const hash = await hashAcceptablePassword(db, settings, owner, input.newPassword);
  await db.transaction().execute(async (trx) => {
    if ((await consumeAccountToken(trx, input.token, 'password_reset', now)) !== userId) {
      throw new AppError('bad_input', unusableLinkMessage('used', settings));
    }
    await storeNewPassword(trx, owner, hash, now);
    await invalidateUserSessions(trx, userId);
    await clearFailures(trx, throttleKey.account(userId));
    await enqueueEmail(
      trx,
      {
        ...passwordResetDoneEmail(
          schoolIdentity(settings),
          owner.displayName,
          formatForEmail(now, settings),
        ),
        to: owner.email,
        kind: 'password_reset_done',
      },
      now,
    );
    await recordAudit(trx, {
      at: now,
      action: 'account.password_reset',
      actorUserId: userId,
      targetUserId: userId,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
    });
  });
  return { reset: true as const };
}
