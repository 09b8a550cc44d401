// Calendar dates are 'YYYY-MM-DD' strings with no time of day, so they are read and written in
// UTC: a time zone would only shift them to the day before.
const longDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });
const isoDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** "17 November 2026" for '2026-11-17'; anything that is not such a date comes back as it was. */
export function formatCalendarDate(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  return date && !Number.isNaN(date.getTime()) ? longDate.format(date) : value;
}

/** Today's date in the UK as 'YYYY-MM-DD', the value a date field takes. */
export function todayInUk(now: Date = new Date()): string {
  return isoDate.format(now);
}
