const FIRST_RETRY_SECONDS = 60;
const MAX_RETRY_SECONDS = 60 * 60;

/**
 * How long a message is retried after it is queued (or resent by an admin): four days, so a mail
 * outage from a Friday evening over a bank-holiday weekend is still delivered on the Tuesday.
 */
export const RETRY_WINDOW_SECONDS = 4 * 24 * 60 * 60;

/** When a message queued (or resent) at `queuedAt` is given up if it still cannot be delivered. */
export function giveUpAt(queuedAt: Date): Date {
  return new Date(queuedAt.getTime() + RETRY_WINDOW_SECONDS * 1000);
}

/**
 * How long to wait after a failed attempt before the next one: 1 min after the first failure, then
 * doubling (2, 4, 8, 16, 32 min), then hourly. A mail server that comes back is used within the
 * hour, and a four-day outage costs about a hundred attempts per message, not thousands.
 */
export function retryDelaySeconds(attempts: number): number {
  const failures = Math.max(1, Math.floor(attempts));
  // 2^6 minutes already passes the cap; stopping there keeps huge counts from overflowing.
  const doublings = Math.min(failures - 1, 6);
  return Math.min(FIRST_RETRY_SECONDS * 2 ** doublings, MAX_RETRY_SECONDS);
}
