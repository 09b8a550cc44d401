// Calendar dates are 'YYYY-MM-DD' with no time of day: formatted in UTC so they never shift.
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const weekdayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const shortFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

const asDate = (value: string) => new Date(`${value}T00:00:00Z`);

/** "Tue 17 Nov 2026". */
export function formatSchoolDay(value: string): string {
  return dayFormat.format(asDate(value));
}

/** "Tue 17 Nov", for a day inside a week whose year is already said. */
export function formatWeekday(value: string): string {
  return weekdayFormat.format(asDate(value));
}

/** "17 Nov", for the chart's axis. */
export function formatShortDate(value: string): string {
  return shortFormat.format(asDate(value));
}

/** "63.2%", or the words for no percentage at all. */
export function formatPercentage(value: number | null, none = 'no sessions yet'): string {
  return value === null ? none : `${value.toFixed(1).replace(/\.0$/, '')}%`;
}
