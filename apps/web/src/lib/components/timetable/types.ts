import type { createCaller } from '@schoolgate/api';

/** One student's week as the router serves it in-process (dates stay Dates). */
export type TimetableWeek = Awaited<
  ReturnType<ReturnType<typeof createCaller>['timetable']['forStudent']>
>;
export type TimetableDay = TimetableWeek['days'][number];
export type TimetableLesson = TimetableDay['lessons'][number];
export type TimetablePeriod = TimetableWeek['periods'][number];

// Calendar dates are 'YYYY-MM-DD' with no time of day: read and written in UTC so that no time
// zone moves them to the day before.
const dayMonth = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  timeZone: 'UTC',
});

/** "17 November" for '2026-11-17'. */
export function dayAndMonth(date: string): string {
  return dayMonth.format(new Date(`${date}T00:00:00Z`));
}
