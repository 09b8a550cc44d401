import type { Database } from '@schoolgate/db';

/** Waiting longer than this means the mail server is down or refusing: someone should look. */
const DELAYED_AFTER_MS = 15 * 60 * 1000;

export interface DeliveryHealth {
  /** Emails not delivered yet (waiting or being sent). */
  waiting: number;
  /** When the oldest of them was queued; null when nothing waits. */
  oldestWaitingSince: Date | null;
  /** Emails given up (refused for good, or undeliverable for four days). */
  failed: number;
  /** 'ok', or 'delayed' when the oldest waiting email has waited more than 15 minutes. */
  status: 'ok' | 'delayed';
}

/** How email delivery is going, in counts only (no address or subject): for health checks and admins. */
export async function deliveryHealth(db: Database, now: Date): Promise<DeliveryHealth> {
  const row = await db
    .selectFrom('email_outbox')
    .select((eb) => [
      eb.fn.count<string>('id').filterWhere('status', 'in', ['pending', 'sending']).as('waiting'),
      eb.fn.min('created_at').filterWhere('status', 'in', ['pending', 'sending']).as('oldest'),
      eb.fn.count<string>('id').filterWhere('status', '=', 'failed').as('failed'),
    ])
    // Sent messages are most of the table and never counted: the status index skips them.
    .where('status', 'in', ['pending', 'sending', 'failed'])
    .executeTakeFirstOrThrow();
  const oldest = row.oldest === null ? null : new Date(row.oldest);
  return {
    waiting: Number(row.waiting),
    oldestWaitingSince: oldest,
    failed: Number(row.failed),
    status: oldest && now.getTime() - oldest.getTime() > DELAYED_AFTER_MS ? 'delayed' : 'ok',
  };
}
