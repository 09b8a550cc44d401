import type { Database } from '@schoolgate/db';
import { deliverDueEmails, type DeliveryOptions } from './delivery';
import { safeErrorText } from './errors';
import type { MailTransport } from './transport';

export interface EmailWorkerOptions extends Omit<DeliveryOptions, 'now'> {
  /** Pause between runs when the outbox is drained (default 10 s). */
  intervalMs?: number;
  /** The clock (default: the system's). */
  now?: () => Date;
}

/**
 * Delivers the outbox on a timer inside a long-running server, one batch at a time, at once again
 * while batches come back full. Runs never overlap. Failures are logged (a count and a safe error
 * text: never a body, an address or a credential) and never thrown out of the timer. The timer
 * does not keep the process alive. Returns stop(), which resolves once a run in progress ends.
 */
export function startEmailWorker(
  db: Database,
  transport: MailTransport,
  options: EmailWorkerOptions,
): () => Promise<void> {
  const { intervalMs = 10_000, now = () => new Date(), ...delivery } = options;
  const batchSize = delivery.batchSize ?? 20;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce().then((again) => {
        running = undefined;
        schedule(again ? 0 : intervalMs);
      });
    }, delayMs);
    timer.unref();
  };

  /** One batch; true when it was full, so more may be waiting. */
  const runOnce = async (): Promise<boolean> => {
    try {
      const report = await deliverDueEmails(db, transport, { ...delivery, now: now() });
      if (report.retrying > 0 || report.failed > 0) {
        console.warn(
          `[email] delivered ${report.sent}, ${report.retrying} to retry, ${report.failed} given up`,
        );
      }
      return report.sent + report.retrying + report.failed >= batchSize;
    } catch (error) {
      console.error(`[email] delivery run failed: ${safeErrorText(error)}`);
      return false;
    }
  };

  schedule(0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
