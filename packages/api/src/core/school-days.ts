/**
 * The school calendar's rules (P8): which days are school days, which week of a one- or two-week
 * timetable cycle a date falls in, and which term and academic year it belongs to. Pure: dates are
 * 'YYYY-MM-DD' strings, and all arithmetic is done at UTC midnight so that no time zone or clock
 * change can move a date by a day.
 */

export interface Term {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

/** Days inside a term with no school: half-term, bank holidays, training days. */
export interface Closure {
  startsOn: string;
  endsOn: string;
  reason: string;
}

export interface SchoolCalendar {
  terms: Term[];
  closures: Closure[];
  /** A one-week timetable, or a two-week one (Week A and Week B). */
  cycleWeeks: 1 | 2;
  /** A Monday that was Week A; weeks are counted from it, forwards and backwards. */
  cycleAnchor: string;
}

export type CycleWeek = 1 | 2;

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const toUtc = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** True for a real calendar date written 'YYYY-MM-DD' (so not '2026-02-30'). */
export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const ms = toUtc(value);
  return !Number.isNaN(ms) && fromUtc(ms) === value;
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Whole days from `from` to `to`: negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** ISO weekday: 1 for Monday to 7 for Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(toUtc(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function isWeekend(date: string): boolean {
  return isoWeekday(date) >= 6;
}

/** The Monday of the week (Monday to Sunday) containing `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The school week to show on `today`: this week, or next week at the weekend. */
export function weekToShow(today: string): string {
  return isWeekend(today) ? addDays(mondayOf(today), 7) : mondayOf(today);
}

/** Monday to Friday of the week containing `date`. */
export function schoolWeekOf(date: string): string[] {
  const monday = mondayOf(date);
  return [0, 1, 2, 3, 4].map((offset) => addDays(monday, offset));
}

const within = (date: string, range: { startsOn: string; endsOn: string }) =>
  range.startsOn <= date && date <= range.endsOn;

/** The term `date` falls in, or null in the holidays between terms. */
export function termOf<T extends Term>(date: string, cal: { terms: readonly T[] }): T | null {
  return cal.terms.find((term) => within(date, term)) ?? null;
}

/**
 * The term `date` falls in or, in the holidays, the latest term that has started (the one just
 * ended); null before the first term.
 */
export function termOrLatestStarted<T extends Term>(
  date: string,
  cal: { terms: readonly T[] },
): T | null {
  return (
    termOf(date, cal) ??
    cal.terms.reduce<T | null>(
      (latest, term) =>
        term.startsOn <= date && (latest === null || term.startsOn > latest.startsOn)
          ? term
          : latest,
      null,
    )
  );
}

/** The closure (half-term, bank holiday, training day) covering `date`, or null. */
export function closureOn(date: string, cal: Pick<SchoolCalendar, 'closures'>): Closure | null {
  return cal.closures.find((closure) => within(date, closure)) ?? null;
}

/** A weekday inside a term and not in a closure. */
export function isSchoolDay(date: string, cal: SchoolCalendar): boolean {
  return !isWeekend(date) && termOf(date, cal) !== null && closureOn(date, cal) === null;
}

/**
 * Why `date` is not a school day ("Half term", "Weekend", "School holiday"), or null when it is
 * one. A closure's own reason comes first, so a named bank holiday is called by its name.
 */
export function noSchoolReason(date: string, cal: SchoolCalendar): string | null {
  if (isWeekend(date)) return 'Weekend';
  if (!termOf(date, cal)) return 'School holiday';
  return closureOn(date, cal)?.reason ?? null;
}

/** `date` itself if it is a school day, else the next school day; null if the calendar has none. */
export function nextSchoolDay(date: string, cal: SchoolCalendar): string | null {
  const lastDay = cal.terms.reduce<string | null>(
    (last, term) => (last === null || term.endsOn > last ? term.endsOn : last),
    null,
  );
  if (lastDay === null) return null;
  for (let day = date; day <= lastDay; day = addDays(day, 1)) {
    if (isSchoolDay(day, cal)) return day;
    // Jump straight to the next term's start when between terms.
    if (!termOf(day, cal)) {
      const nextStart = cal.terms
        .map((term) => term.startsOn)
        .filter((start) => start > day)
        .sort()[0];
      if (!nextStart) return null;
      day = addDays(nextStart, -1);
    }
  }
  return null;
}

/**
 * Which week of the timetable cycle `date` is in: weeks are counted from the anchor's Monday, which
 * was Week A, through holidays and before the anchor alike. Always 1 in a one-week cycle.
 */
export function cycleWeekOf(
  date: string,
  cal: Pick<SchoolCalendar, 'cycleWeeks' | 'cycleAnchor'>,
): CycleWeek {
  if (cal.cycleWeeks === 1) return 1;
  const weeks = daysBetween(mondayOf(cal.cycleAnchor), mondayOf(date)) / 7;
  return ((weeks % 2) + 2) % 2 === 0 ? 1 : 2;
}

/** "Week A" or "Week B" in a two-week cycle; nothing in a one-week cycle. */
export function weekLabel(week: CycleWeek, cycleWeeks: 1 | 2): string {
  if (cycleWeeks === 1) return '';
  return week === 1 ? 'Week A' : 'Week B';
}

export interface AcademicYear {
  /** 1 September. */
  startsOn: string;
  /** 31 August of the next year. */
  endsOn: string;
  /** "2026 to 2027". */
  label: string;
}

/** The academic year containing `date`: 1 September to 31 August. */
export function academicYearOf(date: string): AcademicYear {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const start = month >= 9 ? year : year - 1;
  return {
    startsOn: `${start}-09-01`,
    endsOn: `${start + 1}-08-31`,
    label: `${start} to ${start + 1}`,
  };
}

/** The terms that start in the academic year containing `date`, in order. */
export function termsOfAcademicYear<T extends Term>(
  date: string,
  cal: { terms: readonly T[] },
): T[] {
  const year = academicYearOf(date);
  return cal.terms
    .filter((term) => within(term.startsOn, year))
    .sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0));
}
