const FIRST_RETRY_SECONDS = 60;
const MAX_RETRY_SECONDS = 60 * 60;

/**
 * How long to wait after a failed attempt before the next one: 1 min after the first failure, then
 * doubling (2, 4, 8, 16, 32 min), never more than an hour.
 */
export function retryDelaySeconds(attempts: number): number {
  const failures = Math.max(1, Math.floor(attempts));
  // 2^6 minutes already passes the cap; stopping there keeps huge counts from overflowing.
  const doublings = Math.min(failures - 1, 6);
  return Math.min(FIRST_RETRY_SECONDS * 2 ** doublings, MAX_RETRY_SECONDS);
}
