import { recordAudit, type Database } from '@schoolgate/db';

/**
 * Signs everyone out and voids every unused password-reset link: for use after restoring a backup,
 * where sessions and links that had ended since the backup was taken would otherwise work again.
 * Activation links are kept (each reaches only its own parent, and a restored account that is
 * pending again still needs one).
 */
export async function endAllSessions(db: Database, out: (line: string) => void): Promise<void> {
  const now = new Date();
  const { sessions, links } = await db.transaction().execute(async (trx) => {
    const ended = await trx.deleteFrom('sessions').executeTakeFirst();
    const voided = await trx
      .deleteFrom('account_tokens')
      .where('purpose', '=', 'password_reset')
      .where('used_at', 'is', null)
      .executeTakeFirst();
    const counts = { sessions: Number(ended.numDeletedRows), links: Number(voided.numDeletedRows) };
    await recordAudit(trx, {
      at: now,
      action: 'auth.all_sessions_ended',
      details: { ...counts, by: 'schoolgate sessions end-all' },
    });
    return counts;
  });
  out(
    `Ended ${sessions} session(s) and voided ${links} unused password-reset link(s): everyone signs in again.`,
  );
}
