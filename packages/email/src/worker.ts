import type { Database } from '@schoolgate/db';
import {
  defaultWorkerId,
  deliverDueEmails,
  releaseOwnClaims,
  type DeliveryOptions,
} from './delivery';
import { safeErrorText } from './errors';
import type { MailTransport } from './transport';

export interface EmailWorkerOptions extends Omit<DeliveryOptions, 'now' | 'signal'> {
  /** Pause between runs when the outbox is drained (default 10 s). */
  intervalMs?: number;
  /** The clock (default: the system's). */
  now?: () => Date;
}

/** Stops the worker: see startEmailWorker. */
export type StopEmailWorker = (options?: { waitMs?: number }) => Promise<void>;

/**
 * Delivers the outbox on a timer inside a long-running server, one batch at a time, at once again
 * while batches come back full. Runs never overlap. Before the first run it takes back what a
 * worker of the same `workerId` held when it died. Failures are logged (a count and a safe error
 * text: never a body, an address or a credential) and never thrown out of the timer. The timer
 * does not keep the process alive.
 *
 * stop() takes no new work, lets the message being sent finish, hands the rest of the batch back,
 * and resolves when that is done or after `waitMs` (default 5 s), whichever is first: a mail server
 * that hangs must not hold a shutdown. A message still in hand then keeps this worker's claim,
 * which the restarted worker takes back at once.
 */
export function startEmailWorker(
  db: Database,
  transport: MailTransport,
  options: EmailWorkerOptions,
): StopEmailWorker {
  const { intervalMs = 10_000, now = () => new Date(), ...delivery } = options;
  const workerId = delivery.workerId ?? defaultWorkerId();
  const batchSize = delivery.batchSize ?? 20;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = (delayMs: number) => {
    if (stopping.signal.aborted) return;
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
      const report = await deliverDueEmails(db, transport, {
        ...delivery,
        workerId,
        now: now(),
        signal: stopping.signal,
      });
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

  running = releaseOwnClaims(db, workerId, now())
    .then((released) => {
      if (released > 0) console.info(`[email] took back ${released} message(s) held at a crash`);
    })
    .catch((error: unknown) => {
      console.error(`[email] could not take back earlier claims: ${safeErrorText(error)}`);
    })
    .finally(() => {
      running = undefined;
      schedule(0);
    });

  return async ({ waitMs = 5_000 } = {}) => {
    stopping.abort();
    clearTimeout(timer);
    if (!running) return;
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([
      running,
      new Promise<void>((resolve) => {
        deadline = setTimeout(resolve, waitMs);
      }),
    ]);
    clearTimeout(deadline);
  };
}
