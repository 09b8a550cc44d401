/**
 * How the attendance page arranges a term's marks for a parent: the marks that matter first
 * (absences, lates, anything needing a reason), then every mark grouped by school week. Pure
 * functions on the router's output, so they are tested without a page.
 */
import { formatSchoolDay } from './dates';

/** The parts of a session mark these rules read. */
export interface MarkFacts {
  id: string;
  code: string;
  meaning: string;
  /** null for a code that is not in the statutory list. */
  category: string | null;
  unexplained: boolean;
  /** Where a parent's absence report covering the session stands (issue 13), if there is one. */
  reported?: string | null;
  minutesLate: number | null;
}

export interface DayOfMarks<M extends MarkFacts = MarkFacts> {
  /** 'YYYY-MM-DD'. */
  date: string;
  am: M | null;
  pm: M | null;
}

export type SessionName = 'morning' | 'afternoon';

export interface MarkOnDay<M extends MarkFacts = MarkFacts> {
  date: string;
  session: SessionName;
  mark: M;
}

export interface WeekOfMarks<M extends MarkFacts = MarkFacts> {
  /** The Monday of the school week, 'YYYY-MM-DD'. */
  weekStarting: string;
  /** The week's days, in the order they came (the router sends newest first). */
  days: DayOfMarks<M>[];
  absences: number;
  lates: number;
  needReason: number;
}

/** Codes for arriving late: before the register closed (L) and after it (U). */
const LATE_CODES = new Set(['L', 'U']);

/** A late arrival, before or after the register closed. */
export function isLate(mark: MarkFacts): boolean {
  return LATE_CODES.has(mark.code) || (mark.minutesLate ?? 0) > 0;
}

/** An absence, authorised or not (arriving after the register closed counts as a late). */
export function isAbsence(mark: MarkFacts): boolean {
  return (
    !LATE_CODES.has(mark.code) &&
    (mark.category === 'authorised' || mark.category === 'unauthorised')
  );
}

/**
 * Whether a parent should see this mark without opening anything: an absence, a late arrival, a
 * mark still waiting for a reason, or a code the portal does not know (which asks them to check).
 */
export function mattersToParent(mark: MarkFacts): boolean {
  return mark.unexplained || isAbsence(mark) || isLate(mark) || mark.category === null;
}

/** The Monday on or before a 'YYYY-MM-DD' date. */
export function mondayOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday);
  return day.toISOString().slice(0, 10);
}

/** Every mark of the days with its session, in the days' order, morning before afternoon. */
export function marksOf<M extends MarkFacts>(days: readonly DayOfMarks<M>[]): MarkOnDay<M>[] {
  return days.flatMap((day) => {
    const out: MarkOnDay<M>[] = [];
    if (day.am) out.push({ date: day.date, session: 'morning', mark: day.am });
    if (day.pm) out.push({ date: day.date, session: 'afternoon', mark: day.pm });
    return out;
  });
}

/** The marks a parent should see first, in the days' order (newest first from the router). */
export function marksThatMatter<M extends MarkFacts>(
  days: readonly DayOfMarks<M>[],
): MarkOnDay<M>[] {
  return marksOf(days).filter((m) => mattersToParent(m.mark));
}

/**
 * The days grouped by school week, in the order the weeks first appear (newest first when the
 * days are newest first), each with counts for its heading.
 */
export function groupByWeek<M extends MarkFacts>(days: readonly DayOfMarks<M>[]): WeekOfMarks<M>[] {
  const weeks = new Map<string, WeekOfMarks<M>>();
  for (const day of days) {
    const weekStarting = mondayOf(day.date);
    let week = weeks.get(weekStarting);
    if (!week) {
      week = { weekStarting, days: [], absences: 0, lates: 0, needReason: 0 };
      weeks.set(weekStarting, week);
    }
    week.days.push(day);
    for (const mark of [day.am, day.pm]) {
      if (!mark) continue;
      if (isAbsence(mark)) week.absences += 1;
      if (isLate(mark)) week.lates += 1;
      if (mark.unexplained) week.needReason += 1;
    }
  }
  return [...weeks.values()];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 absences, 1 late, 1 needs a reason", or "No absences or lates" for a week's heading. */
export function describeWeek(week: Pick<WeekOfMarks, 'absences' | 'lates' | 'needReason'>): string {
  const parts: string[] = [];
  if (week.absences > 0) parts.push(plural(week.absences, 'absence', 'absences'));
  if (week.lates > 0) parts.push(plural(week.lates, 'late', 'lates'));
  if (week.needReason > 0) parts.push(plural(week.needReason, 'needs a reason', 'need a reason'));
  return parts.length === 0 ? 'No absences or lates' : parts.join(', ');
}

/** "Tue 17 Nov 2026, morning: O, Absent without a reason the school can accept". */
export function describeMark(entry: MarkOnDay): string {
  return `${formatSchoolDay(entry.date)}, ${entry.session}: ${entry.mark.code}, ${entry.mark.meaning}`;
}
