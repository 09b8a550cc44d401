import { generateToken, hashToken } from '@schoolgate/auth';
import { recordAudit, type Database, type Settings } from '@schoolgate/db';
import { enqueueEmail } from '@schoolgate/email';
import type { Context } from '../core';
import { approximatePlace, describeUserAgent } from '../core';
import { formatForEmail, loadPasswordOwner } from './new-password';
import { schoolIdentity } from '../email';
import { newSignInEmail } from './session-emails';

/** A device id is a token from generateToken: 32 base32 characters. Anything else is ignored. */
const DEVICE_ID_PATTERN = /^[a-z2-7]{32}$/;

export interface SignInDevice {
  userId: string;
  sharedDevice: boolean;
  settings: Settings;
  now: Date;
}

/**
 * P5: recognises the browser a successful sign-in came from by its long-lived device cookie, whose
 * id is stored only as a SHA-256 hash in `user_devices`. Call it inside the sign-in's transaction,
 * so the notice is queued with the session or not at all.
 *
 * A device the account has not used before gets a "new sign-in" email, unless the account has no
 * known device at all (its very first sign-in). On a "public or shared computer" nothing is
 * remembered (P10): the device is still compared, and still reported when unknown, but no cookie is
 * set and no row is kept. Returns the id to put in the device cookie, or null for none.
 */
export async function noteSignInDevice(
  trx: Database,
  ctx: Context,
  input: SignInDevice,
): Promise<string | null> {
  const { userId, now } = input;
  const presented = ctx.cookies.deviceId();
  const deviceId = presented && DEVICE_ID_PATTERN.test(presented) ? presented : null;
  const userAgent = ctx.meta.userAgent?.slice(0, 400) ?? null;

  const known = deviceId
    ? await trx
        .updateTable('user_devices')
        .set({ last_seen_at: now, user_agent: userAgent })
        .where('user_id', '=', userId)
        .where('device_hash', '=', hashToken(deviceId))
        .executeTakeFirst()
    : null;
  if (known && Number(known.numUpdatedRows) > 0) {
    // Renews the cookie's 400 days; a shared computer keeps only the cookie it already had.
    return input.sharedDevice ? null : deviceId;
  }

  const hasKnownDevice = await trx
    .selectFrom('user_devices')
    .select('device_hash')
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  if (hasKnownDevice) await sendNewSignInNotice(trx, ctx, input);
  if (input.sharedDevice) return null;

  // A browser another account already uses (a family computer) keeps its id; otherwise a new one.
  const remembered = deviceId ?? generateToken();
  await trx
    .insertInto('user_devices')
    .values({
      user_id: userId,
      device_hash: hashToken(remembered),
      first_seen_at: now,
      last_seen_at: now,
      user_agent: userAgent,
    })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'device_hash'])
        .doUpdateSet({ last_seen_at: now, user_agent: userAgent }),
    )
    .execute();
  return remembered;
}

async function sendNewSignInNotice(trx: Database, ctx: Context, input: SignInDevice) {
  const owner = await loadPasswordOwner(trx, input.userId);
  const device = describeUserAgent(ctx.meta.userAgent);
  await enqueueEmail(
    trx,
    {
      ...newSignInEmail(
        schoolIdentity(input.settings),
        owner.displayName,
        {
          device,
          at: formatForEmail(input.now, input.settings),
          place: approximatePlace(ctx.meta.ip),
          sharedDevice: input.sharedDevice,
        },
        ctx.portalUrl,
      ),
      to: owner.email,
      kind: 'new_sign_in',
    },
    input.now,
  );
  await recordAudit(trx, {
    at: input.now,
    action: 'auth.new_device_notice',
    actorUserId: input.userId,
    targetUserId: input.userId,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: { device, shared_device: input.sharedDevice },
  });
}
