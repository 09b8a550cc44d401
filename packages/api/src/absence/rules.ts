/**
 * The rules of a parent's absence report (issue 13) that need no database: the reasons and the
 * codes they suggest, which sessions a report covers, and which dates a report may name. Dates are
 * 'YYYY-MM-DD' strings in the school's time zone.
 */
import { addDays, daysBetween, isSchoolDay, type SchoolCalendar } from '../core';

export const REPORT_KINDS = ['absence', 'late'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REASONS = ['illness', 'medical', 'religious', 'family', 'other'] as const;
export type Reason = (typeof REASONS)[number];

export const REASON_LABELS: Readonly<Record<Reason, string>> = {
  illness: 'Illness',
  medical: 'Medical or dental appointment',
  religious: 'Religious observance',
  family: 'Family event',
  other: 'Something else',
};

/**
 * The code a reason suggests to the office: illness I, an appointment M, religious observance R.
 * A family event or anything else is the office's decision (leave for exceptional circumstances,
 * C, or nothing at all).
 */
export const SUGGESTED_CODE: Readonly<Record<Reason, AcceptCode | null>> = {
  illness: 'I',
  medical: 'M',
  religious: 'R',
  family: null,
  other: null,
};

/** The authorised-absence codes the office may record when it accepts a report. */
export const ACCEPT_CODES = ['I', 'M', 'R', 'C', 'J1', 'C1', 'S', 'T'] as const;
export type AcceptCode = (typeof ACCEPT_CODES)[number];

export const ACCEPT_CODE_LABELS: Readonly<Record<AcceptCode, string>> = {
  I: 'I: illness',
  M: 'M: medical or dental appointment',
  R: 'R: religious observance',
  C: 'C: leave for exceptional circumstances',
  J1: 'J1: interview for a job or further education',
  C1: 'C1: licensed performance or employment',
  S: 'S: study leave',
  T: 'T: travelling with a parent who works away',
};

export const SESSION_CHOICES = ['all', 'AM', 'PM'] as const;
export type SessionChoice = (typeof SESSION_CHOICES)[number];

export const SESSION_LABELS: Readonly<Record<SessionChoice, string>> = {
  all: 'the whole day',
  AM: 'the morning only',
  PM: 'the afternoon only',
};

export const REPORT_STATES = ['waiting', 'accepted', 'more_information', 'refused'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const STATE_LABELS: Readonly<Record<ReportState, string>> = {
  waiting: 'Waiting for the school',
  accepted: 'Accepted by the school',
  more_information: 'The school has asked for more information',
  refused: 'Not accepted by the school',
};

/** States the office still has to decide. */
export const OPEN_STATES: readonly ReportState[] = ['waiting', 'more_information'];

/** A parent may report up to this many days ahead. */
export const MAX_DAYS_AHEAD = 90;
/** One report covers at most this many calendar days (the database checks it too). */
export const MAX_SPAN_DAYS = 31;
/** How far back an unexplained absence can still be explained in the portal. */
export const MAX_DAYS_BACK = 60;
/** Children reported on one form. */
export const MAX_CHILDREN = 10;

export type Session = 'AM' | 'PM';

/** The register sessions a report covers on each of its days. */
export function sessionsOf(choice: SessionChoice): Session[] {
  return choice === 'all' ? ['AM', 'PM'] : [choice];
}

/** True when two reports' days and sessions meet. */
export function overlaps(
  a: { firstDate: string; lastDate: string; sessions: SessionChoice },
  b: { firstDate: string; lastDate: string; sessions: SessionChoice },
): boolean {
  if (a.lastDate < b.firstDate || b.lastDate < a.firstDate) return false;
  return a.sessions === 'all' || b.sessions === 'all' || a.sessions === b.sessions;
}

/** The school days from `first` to `last`, inclusive. */
export function schoolDaysBetween(first: string, last: string, cal: SchoolCalendar): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) {
    if (isSchoolDay(day, cal)) days.push(day);
  }
  return days;
}

export interface ReportDates {
  kind: ReportKind;
  firstDate: string;
  lastDate: string;
  sessions: SessionChoice;
}

/**
 * What is wrong with a report's dates, by field, before any mark is looked at; empty when nothing
 * is. Past days are allowed here only for absences: whether each one is an unexplained mark is
 * for the database to say.
 */
export function dateProblems(
  input: ReportDates,
  today: string,
  cal: SchoolCalendar,
): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (field: string, message: string) => {
    (problems[field] ??= []).push(message);
  };
  const { kind, firstDate, lastDate, sessions } = input;
  if (lastDate < firstDate) {
    add('lastDate', 'The last day must be the same as the first day or after it.');
    return problems;
  }
  if (daysBetween(firstDate, lastDate) >= MAX_SPAN_DAYS) {
    add(
      'lastDate',
      `One report can cover up to ${MAX_SPAN_DAYS} days. For a longer absence, please contact the school.`,
    );
  }
  if (sessions !== 'all' && firstDate !== lastDate) {
    add('sessions', 'A morning or afternoon only can be reported for one day at a time.');
  }
  if (daysBetween(today, lastDate) > MAX_DAYS_AHEAD) {
    add('lastDate', `You can report an absence up to ${MAX_DAYS_AHEAD} days ahead.`);
  }
  if (kind === 'late') {
    if (firstDate !== lastDate) add('lastDate', 'A late arrival is for one day.');
    if (firstDate < today) {
      add('firstDate', 'A late arrival can be reported for today or a day to come.');
    }
  } else if (daysBetween(firstDate, today) > MAX_DAYS_BACK) {
    add(
      'firstDate',
      `Absences more than ${MAX_DAYS_BACK} days ago cannot be explained here. Please contact the school.`,
    );
  }
  if (
    Object.keys(problems).length === 0 &&
    schoolDaysBetween(firstDate, lastDate, cal).length === 0
  ) {
    add(
      'firstDate',
      firstDate === lastDate
        ? 'That is not a school day.'
        : 'There are no school days between those dates.',
    );
  }
  return problems;
}

/** "Illness: Monday 7 December 2026, the whole day", for lists, the queue and emails. */
export function describeReport(row: {
  kind: ReportKind;
  reason: Reason;
  firstDate: string;
  lastDate: string;
  sessions: SessionChoice;
  expectedArrival: string | null;
}): string {
  const when =
    row.firstDate === row.lastDate
      ? longDate(row.firstDate)
      : `${longDate(row.firstDate)} to ${longDate(row.lastDate)}`;
  if (row.kind === 'late') {
    return `Arriving late at ${row.expectedArrival ?? ''} on ${when} (${REASON_LABELS[row.reason].toLowerCase()})`;
  }
  return `${REASON_LABELS[row.reason]}: ${when}, ${SESSION_LABELS[row.sessions]}`;
}

const longDateFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "Monday 7 December 2026", the same whatever the ICU version's punctuation. */
export function longDate(date: string): string {
  const parts = longDateFormat.formatToParts(new Date(`${date}T00:00:00Z`));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** "Reported absent: illness", as the teacher's register shows an accepted report. */
export function registerNote(reason: Reason): string {
  return `Reported absent: ${REASON_LABELS[reason].toLowerCase()}`;
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** The time of day ('HH:MM', 24-hour) at instant `now` in the school's time zone. */
export function schoolClock(now: Date, timeZone: string): string {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    clockFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('hour')}:${part('minute')}`;
}

/**
 * A report that covers today made at or after the school's cut-off ('HH:MM'): still taken, but the
 * office may not see it before registration. Reports only for days to come, or past days, never are.
 */
export function isAfterCutoff(
  report: { firstDate: string; lastDate: string },
  today: string,
  clock: string,
  cutoff: string,
): boolean {
  return report.firstDate <= today && today <= report.lastDate && clock >= cutoff.slice(0, 5);
}
