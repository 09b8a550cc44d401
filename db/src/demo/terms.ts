import { addDays, daysBetween, type SchoolCalendar } from './calendar';
import type { ClosureRow, TermRow } from './rows';

/** Day of the week of a 'YYYY-MM-DD' date: 0 Sunday … 6 Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const isWeekday = (date: string) => dayOfWeek(date) >= 1 && dayOfWeek(date) <= 5;
const mondayOnOrBefore = (date: string) => addDays(date, -((dayOfWeek(date) + 6) % 7));
const mondayOnOrAfter = (date: string) => addDays(date, (8 - dayOfWeek(date)) % 7);
const fridayOnOrBefore = (date: string) => addDays(date, -((dayOfWeek(date) + 2) % 7));
const weekdayOnOrAfter = (date: string) => (isWeekday(date) ? date : mondayOnOrAfter(date));
const weekdayOnOrBefore = (date: string) => (isWeekday(date) ? date : fridayOnOrBefore(date));
/** The last Monday of a month ('YYYY-MM'). */
const lastMonday = (month: string) => {
  const next = addDays(`${month}-28`, 4).slice(0, 7);
  return mondayOnOrBefore(addDays(`${next}-01`, -1));
};

export const HALF_TERM = 'Half-term';
export const INSET_DAY = 'Staff training day (INSET)';

interface Closure {
  starts_on: string;
  ends_on: string;
  reason: string;
}

/**
 * The terms and closures of one academic year (the one starting in September of `year`), in the
 * shape most English schools have: three terms, each with a week's half-term.
 */
function academicYear(year: number, withInset: boolean): { terms: TermRow[]; closures: Closure[] } {
  const next = year + 1;
  const week = (monday: string, reason: string) => ({
    starts_on: monday,
    ends_on: addDays(monday, 4),
    reason,
  });
  const autumnStart = weekdayOnOrAfter(`${year}-09-01`);
  const springStart = weekdayOnOrAfter(`${next}-01-05`);
  const springEnd = fridayOnOrBefore(`${next}-03-31`);
  // Two weeks' Easter holiday.
  const summerStart = addDays(springEnd, 17);
  const term = (name: string, starts_on: string, ends_on: string): TermRow => ({
    id: crypto.randomUUID(),
    name,
    starts_on,
    ends_on,
  });
  const firstMondayOfMay = mondayOnOrAfter(`${next}-05-01`);
  const closures: Closure[] = [
    week(lastMonday(`${year}-10`), HALF_TERM),
    week(mondayOnOrAfter(`${next}-02-13`), HALF_TERM),
    { starts_on: firstMondayOfMay, ends_on: firstMondayOfMay, reason: 'Early May bank holiday' },
    week(lastMonday(`${next}-05`), `${HALF_TERM} (including the spring bank holiday)`),
  ];
  if (withInset)
    closures.unshift({ starts_on: autumnStart, ends_on: autumnStart, reason: INSET_DAY });
  return {
    terms: [
      term(`Autumn ${year}`, autumnStart, fridayOnOrBefore(`${year}-12-19`)),
      term(`Spring ${next}`, springStart, springEnd),
      term(`Summer ${next}`, summerStart, weekdayOnOrBefore(`${next}-07-20`)),
    ],
    closures,
  };
}

/** The school's calendar for the previous and the current academic year. */
export class TermCalendar {
  readonly terms: TermRow[];
  readonly closures: ClosureRow[];
  /** The Monday of the week of 1 September this academic year: a Week A (timetable cycle). */
  readonly cycleAnchor: string;
  readonly today: string;
  readonly academicYear: number;

  constructor(calendar: SchoolCalendar, now: Date) {
    this.today = calendar.today;
    this.academicYear = calendar.academicYear;
    const previous = academicYear(calendar.academicYear - 1, false);
    const current = academicYear(calendar.academicYear, true);
    this.terms = [...previous.terms, ...current.terms];
    this.closures = [...previous.closures, ...current.closures].map((c) => ({
      id: crypto.randomUUID(),
      ...c,
      updated_at: now,
    }));
    for (const term of this.terms) term.updated_at = now;
    this.cycleAnchor = mondayOnOrBefore(`${calendar.academicYear}-09-01`);
  }

  /** The previous academic year's summer term: where the demo's records begin. */
  get previousSummer(): TermRow {
    return this.term(2);
  }

  /** This academic year's terms, autumn first. */
  get thisYear(): TermRow[] {
    return this.terms.slice(3);
  }

  term(index: number): TermRow {
    const term = this.terms[index];
    if (!term) throw new Error(`Demo school: no term ${index}`);
    return term;
  }

  termOf(date: string): TermRow | undefined {
    return this.terms.find((t) => t.starts_on <= date && date <= t.ends_on);
  }

  isSchoolDay(date: string): boolean {
    return (
      isWeekday(date) &&
      this.termOf(date) !== undefined &&
      !this.closures.some((c) => c.starts_on <= date && date <= c.ends_on)
    );
  }

  /** School days from `from` to `to`, both included. */
  schoolDays(from: string, to: string): string[] {
    const days: string[] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) {
      if (this.isSchoolDay(date)) days.push(date);
    }
    return days;
  }

  /** The first school day after `date`. */
  nextSchoolDay(date: string): string {
    let day = addDays(date, 1);
    for (let i = 0; i < 400 && !this.isSchoolDay(day); i++) day = addDays(day, 1);
    return day;
  }

  /** Week 1 (A) or 2 (B) of the two-week timetable, counted from the anchor. */
  cycleWeek(date: string): 1 | 2 {
    const weeks = Math.floor(daysBetween(this.cycleAnchor, date) / 7);
    return (((weeks % 2) + 2) % 2) + 1 === 1 ? 1 : 2;
  }
}

export { weekdayOnOrAfter, fridayOnOrBefore };
