import { recordAudit } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';
import { AppError } from '../core';
import { currentPolicyVersionId } from './version-in-force';

type SignedIn = Context & { user: SessionUser };

/**
 * Records that the signed-in user accepts policy version `versionId`, with the time and where
 * from (P2). Only the version in force can be accepted; accepting it again changes nothing.
 */
export async function acceptPolicy(ctx: SignedIn, versionId: string) {
  const { db, user } = ctx;
  const now = ctx.now();
  const version = await db
    .selectFrom('policy_versions as pv')
    .select((eb) => ['pv.id', eb('pv.id', '=', currentPolicyVersionId(now)).as('is_current')])
    .where('pv.id', '=', versionId)
    .executeTakeFirst();
  if (!version) {
    throw new AppError('not_found', 'We could not find that version of the policy.');
  }
  if (!version.is_current) {
    throw new AppError(
      'bad_input',
      'That is not the current version of the policy. Please read the current version and accept that.',
    );
  }

  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('policy_acceptances')
      .values({
        user_id: user.id,
        policy_version_id: versionId,
        accepted_at: now,
        ip: ctx.meta.ip,
        user_agent: ctx.meta.userAgent,
      })
      .onConflict((oc) => oc.columns(['user_id', 'policy_version_id']).doNothing())
      .returning('accepted_at')
      .executeTakeFirst();
    // A second press of the button (or a second tab) is not a second acceptance.
    if (!inserted) return { versionId, alreadyAccepted: true };
    await recordAudit(trx, {
      at: now,
      action: 'policy.accepted',
      actorUserId: user.id,
      targetUserId: user.id,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
      details: { policy_version_id: versionId },
    });
    return { versionId, alreadyAccepted: false };
  });
}
