import { schoolDate, type Database } from '@schoolgate/db';
import {
  AppError,
  academicYearOf,
  mondayOf,
  termOf,
  termsOfAcademicYear,
  termOrLatestStarted,
  type AcademicYear,
  loadSchoolCalendar,
  type StoredTerm,
  staffDisplayName,
} from '../core';
import {
  ATTENDANCE_CATEGORY_LABELS,
  ATTENDANCE_CODES,
  categoryOf,
  explainCode,
  summariseAttendance,
  UNEXPLAINED_CODE,
  type AttendanceCategory,
  type AttendanceSummary,
} from './codes';
import { studentView, type SignedIn } from '../access';
import { reportCoversMark, reportedSessions } from '../absence';

export interface AttendanceMark {
  id: string;
  session: 'AM' | 'PM';
  code: string;
  /** The code in plain English. */
  meaning: string;
  category: AttendanceCategory | null;
  /** An absence still waiting for a reason from home (code N). */
  unexplained: boolean;
  /** Where a parent's absence report covering this session stands, e.g. "Reported by a parent: waiting for the school". */
  reported: string | null;
  minutesLate: number | null;
  /** Who took the register, as parents know them; null when not recorded. */
  recordedBy: string | null;
  updatedAt: Date;
}

export interface AttendanceDay {
  date: string;
  am: AttendanceMark | null;
  pm: AttendanceMark | null;
}

export interface TermAttendance extends StoredTerm {
  /** The term has begun (a term still to come has no sessions yet). */
  started: boolean;
  summary: AttendanceSummary;
}

export interface AttendanceWeek {
  /** The Monday of the school week. */
  weekStarting: string;
  summary: AttendanceSummary;
}

export interface AttendanceView {
  today: string;
  /** This academic year so far. */
  academicYear: AcademicYear & { summary: AttendanceSummary };
  /** Each term of this academic year, earliest first. */
  terms: TermAttendance[];
  /** The terms that can be picked (started ones, newest first). */
  termChoices: StoredTerm[];
  /** The term whose marks are shown, or null when the school has no terms yet. */
  selectedTerm: TermAttendance | null;
  /** The selected term's marks by day, newest first. */
  days: AttendanceDay[];
  /** Attendance per school week of the selected term, earliest first: the chart. */
  weeks: AttendanceWeek[];
  /** When any mark shown was last changed; null when there are none (P7). */
  updatedAt: Date | null;
  /** Every code by category, in plain English: the key to the marks. */
  codeGuide: CodeGuideSection[];
}

export interface CodeGuideSection {
  category: AttendanceCategory;
  label: string;
  codes: { code: string; meaning: string }[];
}

const CODE_GUIDE: CodeGuideSection[] = (
  Object.keys(ATTENDANCE_CATEGORY_LABELS) as AttendanceCategory[]
).map((category) => ({
  category,
  label: ATTENDANCE_CATEGORY_LABELS[category],
  codes: ATTENDANCE_CODES.filter((c) => c.category === category).map((c) => ({
    code: c.code,
    meaning: c.meaning,
  })),
}));

const earlier = (a: string, b: string) => (a < b ? a : b);

const latest = (dates: (Date | null | undefined)[]): Date | null =>
  dates.reduce<Date | null>((max, d) => (d && (!max || d > max) ? d : max), null);

/**
 * One student's attendance (P8): the marks by day for a term, totals by category and the
 * percentage for the year so far and for each term, and a weekly series for a chart. A fixed
 * number of queries however many marks: totals are counted by code in SQL and summarised here.
 */
export async function attendanceView(
  ctx: SignedIn,
  studentId: string,
  options: { termId?: string | undefined } = {},
) {
  return studentView(ctx, studentId, 'attendance', async (): Promise<AttendanceView> => {
    const calendar = await loadSchoolCalendar(ctx.db);
    const today = schoolDate(ctx.now(), calendar.timeZone);
    const academicYear = academicYearOf(today);

    let selected: StoredTerm | null;
    if (options.termId) {
      selected = calendar.terms.find((t) => t.id === options.termId) ?? null;
      if (!selected) throw new AppError('not_found', 'We could not find that term.');
    } else {
      selected = termOf(today, calendar) ?? (await latestTermWithMarks(ctx.db, studentId, today));
      selected ??= termOrLatestStarted(today, calendar);
    }

    // The year so far, counted by term and code.
    const yearCounts = await ctx.db
      .selectFrom('attendance_marks as m')
      .leftJoin('terms as t', (join) =>
        join.onRef('m.on_date', '>=', 't.starts_on').onRef('m.on_date', '<=', 't.ends_on'),
      )
      .select((eb) => [
        't.id as term_id',
        'm.code',
        eb.fn.countAll<number>().as('count'),
        eb.fn.max('m.updated_at').as('updated_at'),
      ])
      .where('m.student_id', '=', studentId)
      .where('m.on_date', '>=', academicYear.startsOn)
      .where('m.on_date', '<=', earlier(today, academicYear.endsOn))
      .groupBy(['t.id', 'm.code'])
      .execute();

    const marks = selected
      ? await ctx.db
          .selectFrom('attendance_marks as m')
          .leftJoin('staff as st', 'st.id', 'm.recorded_by_staff_id')
          .select([
            'm.id',
            'm.on_date',
            'm.session',
            'm.code',
            'm.minutes_late',
            'm.updated_at',
            'st.title',
            'st.forename',
            'st.surname',
          ])
          .where('m.student_id', '=', studentId)
          .where('m.on_date', '>=', selected.startsOn)
          .where('m.on_date', '<=', earlier(today, selected.endsOn))
          .orderBy('m.on_date', 'desc')
          .orderBy('m.session')
          .execute()
      : [];

    // Parents' absence reports for the term's sessions, beside the marks (issue 13).
    const reported = selected
      ? await reportedSessions(
          ctx.db,
          studentId,
          selected.startsOn,
          earlier(today, selected.endsOn),
        )
      : new Map<string, string>();

    const counts = (rows: typeof yearCounts) =>
      rows.map((r) => ({ code: r.code, count: Number(r.count) }));
    const terms = termsOfAcademicYear(today, calendar).map((term): TermAttendance => ({
      ...term,
      started: term.startsOn <= today,
      summary: summariseAttendance(counts(yearCounts.filter((r) => r.term_id === term.id))),
    }));

    const days: AttendanceDay[] = [];
    const byWeek = new Map<string, Map<string, number>>();
    for (const row of marks) {
      const mark: AttendanceMark = {
        id: row.id,
        session: row.session === 'PM' ? 'PM' : 'AM',
        code: row.code,
        meaning: explainCode(row.code),
        category: categoryOf(row.code),
        unexplained: row.code === UNEXPLAINED_CODE,
        reported: reported.get(`${row.on_date} ${row.session}`) ?? null,
        minutesLate: row.minutes_late,
        recordedBy: staffDisplayName(row),
        updatedAt: row.updated_at,
      };
      let day = days.at(-1);
      if (day?.date !== row.on_date) {
        day = { date: row.on_date, am: null, pm: null };
        days.push(day);
      }
      day[mark.session === 'AM' ? 'am' : 'pm'] = mark;
      const week = mondayOf(row.on_date);
      const weekCounts = byWeek.get(week) ?? new Map<string, number>();
      weekCounts.set(row.code, (weekCounts.get(row.code) ?? 0) + 1);
      byWeek.set(week, weekCounts);
    }
    const weeks = [...byWeek.entries()]
      .map(([week, codes]) => ({
        weekStarting: week,
        summary: summariseAttendance([...codes].map(([code, count]) => ({ code, count }))),
      }))
      .sort((a, b) => a.weekStarting.localeCompare(b.weekStarting));

    // A term of another year is not in the year's counts: count its marks here.
    const selectedTerm: TermAttendance | null = selected
      ? (terms.find((t) => t.id === selected.id) ?? {
          ...selected,
          started: selected.startsOn <= today,
          summary: summariseAttendance(marks.map((m) => ({ code: m.code, count: 1 }))),
        })
      : null;

    return {
      today,
      academicYear: { ...academicYear, summary: summariseAttendance(counts(yearCounts)) },
      terms,
      termChoices: calendar.terms.filter((t) => t.startsOn <= today).reverse(),
      selectedTerm,
      days,
      weeks,
      updatedAt: latest([
        ...yearCounts.map((r) => r.updated_at),
        ...marks.map((m) => m.updated_at),
      ]),
      codeGuide: CODE_GUIDE,
    };
  });
}

/** The term holding the student's most recent mark up to today, for a holiday's default view. */
async function latestTermWithMarks(
  db: Database,
  studentId: string,
  today: string,
): Promise<StoredTerm | null> {
  const row = await db
    .selectFrom('attendance_marks as m')
    .innerJoin('terms as t', (join) =>
      join.onRef('m.on_date', '>=', 't.starts_on').onRef('m.on_date', '<=', 't.ends_on'),
    )
    .select(['t.id', 't.name', 't.starts_on', 't.ends_on', 't.updated_at'])
    .where('m.student_id', '=', studentId)
    .where('m.on_date', '<=', today)
    .orderBy('m.on_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        name: row.name,
        startsOn: row.starts_on,
        endsOn: row.ends_on,
        updatedAt: row.updated_at,
      }
    : null;
}

/** One student's attendance totals for the home page, and when their newest mark in range changed. */
export type AttendanceTotals = AttendanceSummary & {
  /** The latest `updated_at` of the marks counted; null when there are none (P7). */
  updatedAt: Date | null;
  /** Of the unexplained marks, those a parent has already reported (issue 13). */
  reported: number;
};

/**
 * Attendance totals for several students between two dates, in ONE query (the home page shows
 * every child at once): a count per student and code. A builder, so the home page can make it part
 * of its one statement; `attendanceTotalsFromRows` reads it. Callers check access first.
 */
export function attendanceTotalsQuery(
  from: Pick<Database, 'selectFrom'>,
  studentIds: readonly string[],
  fromDate: string,
  to: string,
) {
  return from
    .selectFrom('attendance_marks')
    .select((eb) => [
      'student_id',
      'code',
      eb.fn.countAll<number>().as('count'),
      eb.fn.max('updated_at').as('updated_at'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) => w.and([w('code', '=', UNEXPLAINED_CODE), reportCoversMark(w)]))
        .as('reported'),
    ])
    .where('student_id', 'in', [...new Set(studentIds)])
    .where('on_date', '>=', fromDate)
    .where('on_date', '<=', to)
    .groupBy(['student_id', 'code']);
}

/** Each of `studentIds`' totals from the rows of `attendanceTotalsQuery` (empty when no marks). */
export function attendanceTotalsFromRows(
  studentIds: readonly string[],
  rows: readonly {
    student_id: string;
    code: string;
    count: number | string;
    updated_at: Date | string;
    reported: number | string;
  }[],
): Map<string, AttendanceTotals> {
  return new Map(
    [...new Set(studentIds)].map((id) => {
      const own = rows.filter((r) => r.student_id === id);
      const times = own.map((r) => new Date(r.updated_at).getTime());
      return [
        id,
        {
          ...summariseAttendance(own.map((r) => ({ code: r.code, count: Number(r.count) }))),
          updatedAt: times.length > 0 ? new Date(Math.max(...times)) : null,
          reported: own.reduce((sum, r) => sum + Number(r.reported), 0),
        },
      ];
    }),
  );
}

/**
 * Attendance totals for several students between two dates, in ONE query. Every student asked
 * about has an entry, empty when they have no marks. Callers check access first.
 */
export async function attendanceTotalsFor(
  db: Database,
  studentIds: string[],
  from: string,
  to: string,
): Promise<Map<string, AttendanceTotals>> {
  const rows =
    studentIds.length === 0 ? [] : await attendanceTotalsQuery(db, studentIds, from, to).execute();
  return attendanceTotalsFromRows(studentIds, rows);
}
