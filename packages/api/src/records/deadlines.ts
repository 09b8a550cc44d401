/**
 * Statutory deadlines for information requests (SPEC "UK facts", P10, P15). Pure: dates are
 * 'YYYY-MM-DD' strings and all arithmetic is on calendar dates, so no time zone or clock change
 * can move a deadline.
 *
 * - A subject access request (UK GDPR Art. 12(3)) is answered within one month of receipt: by the
 *   corresponding calendar date in the next month (received 3 March, due 3 April). When the next
 *   month has no such date, the deadline is the last day of that month (received 31 January, due
 *   28 February, or 29 February in a leap year).
 * - An educational-record request to a maintained school (The Education (Pupil Information)
 *   (England) Regulations 2005, reg. 5) is answered within 15 school days of receipt: the day of
 *   receipt is not counted, and weekends, holidays and closures are skipped.
 */
import { addDays, daysBetween, isSchoolDay, isWeekend, type SchoolCalendar } from '../core';

export const INFORMATION_REQUEST_KINDS = ['subject_access', 'educational_record'] as const;
export type InformationRequestKind = (typeof INFORMATION_REQUEST_KINDS)[number];

export const INFORMATION_REQUEST_KIND_LABELS: Record<InformationRequestKind, string> = {
  subject_access: 'Subject access request',
  educational_record: 'Educational record request',
};

/** How long the law allows, in words, for each kind of request. */
export const INFORMATION_REQUEST_TIME_LIMITS: Record<InformationRequestKind, string> = {
  subject_access: 'one calendar month',
  educational_record: '15 school days',
};

/** School days allowed for an educational-record request. */
export const EDUCATIONAL_RECORD_SCHOOL_DAYS = 15;

const daysInMonth = (year: number, month: number): number =>
  // Day 0 of the next month is the last day of this one; months here are 1-12.
  new Date(Date.UTC(year, month, 0)).getUTCDate();

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The deadline of a subject access request received on `receivedOn`: the same day of the month,
 * one month later, or the last day of that month when it is shorter.
 */
export function subjectAccessDueOn(receivedOn: string): string {
  const year = Number(receivedOn.slice(0, 4));
  const month = Number(receivedOn.slice(5, 7));
  const day = Number(receivedOn.slice(8, 10));
  const nextYear = month === 12 ? year + 1 : year;
  const nextMonth = month === 12 ? 1 : month + 1;
  const dueDay = Math.min(day, daysInMonth(nextYear, nextMonth));
  return `${pad(nextYear, 4)}-${pad(nextMonth)}-${pad(dueDay)}`;
}

export interface SchoolDayDeadline {
  dueOn: string;
  /**
   * True when the count ran past the last term the school has entered: weekdays after it were
   * counted as school days, so the deadline may move once the next term dates are set.
   */
  beyondCalendar: boolean;
}

/** The date `schoolDays` school days after `receivedOn` (which itself is never counted). */
export function addSchoolDays(
  receivedOn: string,
  schoolDays: number,
  calendar: SchoolCalendar,
): SchoolDayDeadline {
  const lastTermDay = calendar.terms.reduce<string | null>(
    (last, term) => (last === null || term.endsOn > last ? term.endsOn : last),
    null,
  );
  let counted = 0;
  let day = receivedOn;
  let beyondCalendar = false;
  while (counted < schoolDays) {
    day = addDays(day, 1);
    const pastCalendar = lastTermDay === null || day > lastTermDay;
    if (pastCalendar) {
      // No term dates yet: count weekdays so the deadline is never later than it could be.
      if (!isWeekend(day)) {
        counted += 1;
        beyondCalendar = true;
      }
    } else if (isSchoolDay(day, calendar)) {
      counted += 1;
    }
  }
  return { dueOn: day, beyondCalendar };
}

/** The deadline of an educational-record request: 15 school days after receipt. */
export function educationalRecordDueOn(
  receivedOn: string,
  calendar: SchoolCalendar,
): SchoolDayDeadline {
  return addSchoolDays(receivedOn, EDUCATIONAL_RECORD_SCHOOL_DAYS, calendar);
}

/** The deadline of a request of `kind` received on `receivedOn`. */
export function informationRequestDueOn(
  kind: InformationRequestKind,
  receivedOn: string,
  calendar: SchoolCalendar,
): SchoolDayDeadline {
  return kind === 'subject_access'
    ? { dueOn: subjectAccessDueOn(receivedOn), beyondCalendar: false }
    : educationalRecordDueOn(receivedOn, calendar);
}

/** "Due today", "Due tomorrow", "Due in 12 days", "Overdue by 1 day", "Overdue by 3 days". */
export function dueLabel(dueOn: string, today: string): string {
  const days = daysBetween(today, dueOn);
  if (days === 0) return 'Due today';
  if (days === 1) return 'Due tomorrow';
  if (days > 1) return `Due in ${days} days`;
  return days === -1 ? 'Overdue by 1 day' : `Overdue by ${-days} days`;
}
