import {
  consumeAccountToken,
  createSession,
  inspectAccountToken,
  sessionLifetime,
} from '@schoolgate/auth';
import { loadSettings, recordAudit } from '@schoolgate/db';
import type { Context } from '../core';
import { AppError } from '../core';
import { unusableLinkMessage, usableLinkOwner } from './emailed-links';
import { noteSignInDevice } from './new-device';
import { hashAcceptablePassword, loadPasswordOwner, storeNewPassword } from './new-password';

/** Before the form is shown: is the link good, and whose username will it activate? */
export async function activationStatus(ctx: Context, token: string) {
  const { state, userId } = await inspectAccountToken(ctx.db, token, 'activation', ctx.now());
  if (state !== 'valid' || !userId) {
    return {
      state,
      message: unusableLinkMessage(
        state === 'valid' ? 'unknown' : state,
        await loadSettings(ctx.db),
      ),
      username: null,
    };
  }
  const owner = await loadPasswordOwner(ctx.db, userId);
  return { state, message: null, username: owner.username };
}

/**
 * P4: the parent sets a password under P11 through the emailed link, which then works no more,
 * and is signed in. Of two simultaneous uses of one link exactly one succeeds.
 */
export async function activateAccount(
  ctx: Context,
  input: { token: string; newPassword: string; sharedDevice: boolean },
) {
  const { db } = ctx;
  const now = ctx.now();
  const settings = await loadSettings(db);
  const userId = await usableLinkOwner(ctx, input.token, 'activation', settings);

  // Check the password before using the link, so a refused password does not spend it.
  const owner = await loadPasswordOwner(db, userId);
  const hash = await hashAcceptablePassword(db, settings, owner, input.newPassword);

  const { token, session, deviceId } = await db.transaction().execute(async (trx) => {
    const consumedBy = await consumeAccountToken(trx, input.token, 'activation', now);
    if (consumedBy !== userId)
      throw new AppError('bad_input', unusableLinkMessage('used', settings));
    await storeNewPassword(trx, owner, hash, now);
    await trx
      .updateTable('users')
      .set({ status: 'active', last_signed_in_at: now })
      .where('id', '=', userId)
      .execute();
    const created = await createSession(trx, {
      userId,
      now,
      lifetime: sessionLifetime(settings, input.sharedDevice),
      sharedDevice: input.sharedDevice,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
    });
    const audit = {
      at: now,
      actorUserId: userId,
      targetUserId: userId,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
    };
    await recordAudit(trx, { ...audit, action: 'account.activated' });
    await recordAudit(trx, {
      ...audit,
      action: 'auth.sign_in.succeeded',
      details: { via: 'activation', shared_device: input.sharedDevice },
    });
    // The first device of a new account: remembered, so later sign-ins elsewhere are reported (P5).
    const deviceId = await noteSignInDevice(trx, ctx, {
      userId,
      sharedDevice: input.sharedDevice,
      settings,
      now,
    });
    return { ...created, deviceId };
  });
  ctx.cookies.set(token, input.sharedDevice ? null : session.expiresAt);
  if (deviceId) ctx.cookies.setDeviceId(deviceId);
  return { username: owner.username };
}
