const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * How long something has waited, in words, from `since` to `asOf`: "less than an hour",
 * "5 hours", "1 day", "12 days", "3 weeks" (from three weeks on, whole weeks).
 */
export function waitingFor(since: Date | string, asOf: Date | string): string {
  const ms = new Date(asOf).getTime() - new Date(since).getTime();
  if (!(ms >= HOUR)) return 'less than an hour';
  if (ms < DAY) return plural(Math.floor(ms / HOUR), 'hour');
  const days = Math.floor(ms / DAY);
  if (days < 21) return plural(days, 'day');
  return plural(Math.floor(days / 7), 'week');
}

/** A share as a whole percentage, rounded down so 99.6 % never shows as 100 %. */
export function percentOf(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.floor((part / whole) * 100);
}
