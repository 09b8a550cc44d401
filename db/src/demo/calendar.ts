import { schoolDate } from '../school-date';

// Calendar dates are 'YYYY-MM-DD' strings, and arithmetic on them is done at UTC midnight so
// that no time zone or clock change can move a date by a day.
const DAY_MS = 86_400_000;

const toUtc = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** The date itself on a weekday, otherwise the Friday before. */
export function weekdayOnOrBefore(date: string): string {
  const day = new Date(toUtc(date)).getUTCDay();
  return day === 0 ? addDays(date, -2) : day === 6 ? addDays(date, -1) : date;
}

/** The school's calendar as seen on `now`: today's date and the current academic year. */
export interface SchoolCalendar {
  today: string;
  /** The calendar year in which the current academic year began (on 1 September). */
  academicYear: number;
}

export function schoolCalendar(now: Date): SchoolCalendar {
  const today = schoolDate(now, 'Europe/London');
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return { today, academicYear: month >= 9 ? year : year - 1 };
}

/** 1 September of the year a student now in `yearGroup` started Year 7. */
export function year7Start(calendar: SchoolCalendar, yearGroup: number): string {
  return `${calendar.academicYear - (yearGroup - 7)}-09-01`;
}

/**
 * The birth dates of a year group in England: Year 7 is aged 11 on 1 September, so born
 * 2 September twelve years before up to 31 August eleven years before.
 */
export function birthWindow(calendar: SchoolCalendar, yearGroup: number): [string, string] {
  const start = calendar.academicYear - 12 - (yearGroup - 7);
  return [`${start}-09-02`, `${start + 1}-08-31`];
}
