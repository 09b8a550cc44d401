/** The calendar date ('YYYY-MM-DD') at instant `now` in the school's time zone. */
export function schoolDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
