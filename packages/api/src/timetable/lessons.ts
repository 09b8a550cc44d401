import { sql, type Kysely } from 'kysely';
import { schoolDate, type DB } from '@schoolgate/db';
import {
  addDays,
  cycleWeekOf,
  isoWeekday,
  isSchoolDay,
  mondayOf,
  noSchoolReason,
  schoolWeekOf,
  termOf,
  weekLabel,
  weekToShow,
  type CycleWeek,
  type SchoolCalendar,
  loadSchoolCalendar,
} from '../core';
import { studentView, type SignedIn } from '../access';

/** One day's change to a lesson, shown as such: a cover teacher, another room, or no lesson. */
export interface LessonChange {
  /** The teacher covering the lesson ("Mr Shah"), or null when the usual teacher takes it. */
  coverTeacher: string | null;
  /** The room the lesson moves to, or null when it stays where it usually is. */
  room: string | null;
  cancelled: boolean;
  note: string | null;
}

/** A lesson on one date, as the student has it, with that date's change if there is one. */
export interface TimetableLesson {
  /** The timetabled lesson's id, for "Report a problem with this" (P7). */
  id: string;
  date: string;
  periodId: string;
  periodName: string;
  /** 'HH:MM' */
  startsAt: string;
  endsAt: string;
  subject: string;
  groupCode: string;
  /** The usual teacher, as the school names them ("Mrs Patel"). */
  teacher: string | null;
  /** The usual room. */
  room: string | null;
  change: LessonChange | null;
  /** When the lesson, its group or that day's change last changed, whichever is latest (P7). */
  updatedAt: Date;
}

export interface TimetablePeriod {
  id: string;
  name: string;
  startsAt: string;
  endsAt: string;
  updatedAt: Date;
}

export interface TimetableDay {
  date: string;
  /** 'Monday' … 'Friday' */
  dayName: string;
  isToday: boolean;
  schoolDay: boolean;
  /** Why there is no school ("Half term", "School holiday"); null on a school day. */
  noSchoolReason: string | null;
  lessons: TimetableLesson[];
}

export interface TimetableWeek {
  /** The Monday of the week shown. */
  weekOf: string;
  /** The Friday of the week shown. */
  weekEnds: string;
  cycleWeek: CycleWeek;
  /** "Week A" or "Week B", or "" in a one-week timetable. */
  weekLabel: string;
  /** The term the week falls in, if any. */
  termName: string | null;
  /** Today in the school's time zone, to highlight it. */
  today: string;
  /** The Monday of the week shown by default today (next week at the weekend). */
  thisWeek: string;
  previousWeek: string;
  nextWeek: string;
  periods: TimetablePeriod[];
  days: TimetableDay[];
  /** When anything shown last changed: the latest lesson, change or period; null if nothing. */
  updatedAt: Date | null;
}

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** How the school names a teacher: "Mrs Patel", or the full name when no title is recorded. */
export function teacherName(
  title: string | null,
  forename: string | null,
  surname: string | null,
): string | null {
  if (!surname) return null;
  return title ? `${title} ${surname}` : `${forename ?? ''} ${surname}`.trim();
}

const hhmm = (time: string) => time.slice(0, 5);

const latest = (dates: (Date | null | undefined)[]): Date | null =>
  dates.reduce<Date | null>((max, d) => (d && (!max || d > max) ? d : max), null);

/**
 * The lessons of `studentIds` in the week beginning `monday`, cycle week `cycleWeek`, on the given
 * weekdays (1 = Monday), each with its date's change: ONE query, however many students or lessons.
 */
async function lessonsOf(
  db: Kysely<DB>,
  studentIds: readonly string[],
  monday: string,
  cycleWeek: CycleWeek,
  weekdays: readonly number[],
): Promise<{ studentId: string; lesson: TimetableLesson }[]> {
  if (studentIds.length === 0 || weekdays.length === 0) return [];
  const rows = await lessonsQuery(db, studentIds, monday, cycleWeek, weekdays).execute();
  return toLessons(rows, monday);
}

/** The query behind `lessonsOf`, as a builder (the home page makes it part of its one statement). */
function lessonsQuery(
  from: Pick<Kysely<DB>, 'selectFrom'>,
  studentIds: readonly string[],
  monday: string,
  cycleWeek: CycleWeek,
  weekdays: readonly number[],
) {
  return (
    from
      .selectFrom('teaching_group_members as m')
      .innerJoin('teaching_groups as g', 'g.id', 'm.group_id')
      .innerJoin('lessons as l', 'l.group_id', 'g.id')
      .innerJoin('periods as p', 'p.id', 'l.period_id')
      // A teacher named on the lesson takes it rather than the group's own teacher.
      .leftJoin('staff as t', (join) =>
        join.on((eb) =>
          eb('t.id', '=', eb.fn.coalesce('l.teacher_staff_id', 'g.teacher_staff_id')),
        ),
      )
      .leftJoin('lesson_changes as c', (join) =>
        join
          .onRef('c.lesson_id', '=', 'l.id')
          .on((eb) =>
            eb('c.on_date', '=', sql<string>`(${monday}::date + (${sql.ref('l.weekday')} - 1))`),
          ),
      )
      .leftJoin('staff as cs', 'cs.id', 'c.cover_staff_id')
      .select([
        'm.student_id',
        'l.id',
        'l.weekday',
        'l.room as lesson_room',
        'l.updated_at',
        'g.room as group_room',
        'g.subject',
        'g.code',
        'g.updated_at as group_updated_at',
        'p.id as period_id',
        'p.name as period_name',
        'p.starts_at',
        'p.ends_at',
        't.title',
        't.forename',
        't.surname',
        'c.id as change_id',
        'c.room as change_room',
        'c.cancelled',
        'c.note',
        'c.updated_at as change_updated_at',
        'cs.title as cover_title',
        'cs.forename as cover_forename',
        'cs.surname as cover_surname',
      ])
      .where('m.student_id', 'in', [...new Set(studentIds)])
      .where('l.cycle_week', '=', cycleWeek)
      .where('l.weekday', 'in', [...new Set(weekdays)])
      .orderBy('l.weekday')
      .orderBy('p.sort_order')
      .orderBy('g.subject')
  );
}

type LessonRow = Awaited<ReturnType<ReturnType<typeof lessonsQuery>['execute']>>[number];
/** A row of `lessonsQuery` as it comes back, or through JSON (timestamps as text). */
type LessonRowIn = Omit<LessonRow, 'updated_at' | 'group_updated_at' | 'change_updated_at'> & {
  updated_at: Date | string;
  group_updated_at: Date | string;
  change_updated_at: Date | string | null;
};

const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));

function toLessons(
  rows: readonly LessonRowIn[],
  monday: string,
): { studentId: string; lesson: TimetableLesson }[] {
  return rows.map((row) => ({
    studentId: row.student_id,
    lesson: {
      id: row.id,
      date: addDays(monday, row.weekday - 1),
      periodId: row.period_id,
      periodName: row.period_name,
      startsAt: hhmm(row.starts_at),
      endsAt: hhmm(row.ends_at),
      subject: row.subject,
      groupCode: row.code,
      teacher: teacherName(row.title, row.forename, row.surname),
      room: row.lesson_room ?? row.group_room,
      change: row.change_id
        ? {
            coverTeacher: teacherName(row.cover_title, row.cover_forename, row.cover_surname),
            room: row.change_room,
            cancelled: row.cancelled ?? false,
            note: row.note,
          }
        : null,
      updatedAt: latest([
        asDate(row.updated_at),
        asDate(row.group_updated_at),
        asDate(row.change_updated_at),
      ])!,
    },
  }));
}

/**
 * Each student's lessons on `date`, in period order, with that date's changes: ONE query for any
 * number of students, and none on a day with no school (everyone gets an empty list). Checks no
 * access: the caller must already have decided the user may see every one of `studentIds`.
 */
export async function lessonsOnFor(
  db: Kysely<DB>,
  studentIds: readonly string[],
  date: string,
  cal: SchoolCalendar,
): Promise<Map<string, TimetableLesson[]>> {
  const query = lessonsOnQuery(db, studentIds, date, cal);
  return lessonsOnFromRows(studentIds, date, query ? await query.execute() : []);
}

/**
 * The query behind `lessonsOnFor`, as a builder so the home page can make it part of its one
 * statement; null when there is no school on `date` (or no students), when nobody has lessons.
 */
export function lessonsOnQuery(
  from: Pick<Kysely<DB>, 'selectFrom'>,
  studentIds: readonly string[],
  date: string,
  cal: SchoolCalendar,
) {
  if (studentIds.length === 0 || !isSchoolDay(date, cal)) return null;
  return lessonsQuery(from, studentIds, mondayOf(date), cycleWeekOf(date, cal), [isoWeekday(date)]);
}

/** Each of `studentIds`' lessons on `date` from the rows of `lessonsOnQuery`. */
export function lessonsOnFromRows(
  studentIds: readonly string[],
  date: string,
  rows: readonly LessonRowIn[],
): Map<string, TimetableLesson[]> {
  const byStudent = new Map<string, TimetableLesson[]>(studentIds.map((id) => [id, []]));
  for (const { studentId, lesson } of toLessons(rows, mondayOf(date))) {
    byStudent.get(studentId)?.push(lesson);
  }
  return byStudent;
}

/**
 * One student's timetable for the school week (Monday to Friday) containing `weekOf`: by default
 * this week, or next week at the weekend. Week A/B aware, with each date's changes applied, the
 * days with no school named as such, and today marked. One audit entry (P10).
 */
export async function timetableView(
  ctx: SignedIn,
  studentId: string,
  options: { weekOf?: string | undefined } = {},
) {
  return studentView(ctx, studentId, 'timetable', async (): Promise<TimetableWeek> => {
    const cal = await loadSchoolCalendar(ctx.db);
    const today = schoolDate(ctx.now(), cal.timeZone);
    const thisWeek = weekToShow(today);
    const monday = options.weekOf ? mondayOf(options.weekOf) : thisWeek;
    const dates = schoolWeekOf(monday);
    const cycleWeek = cycleWeekOf(monday, cal);
    const schoolDays = dates.filter((date) => isSchoolDay(date, cal));

    const [periodRows, lessons] = await Promise.all([
      ctx.db
        .selectFrom('periods')
        .select(['id', 'name', 'starts_at', 'ends_at', 'updated_at'])
        .orderBy('sort_order')
        .execute(),
      lessonsOf(
        ctx.db,
        [studentId],
        monday,
        cycleWeek,
        schoolDays.map((date) => isoWeekday(date)),
      ),
    ]);
    const periods = periodRows.map((p) => ({
      id: p.id,
      name: p.name,
      startsAt: hhmm(p.starts_at),
      endsAt: hhmm(p.ends_at),
      updatedAt: p.updated_at,
    }));
    const days = dates.map((date, index): TimetableDay => ({
      date,
      dayName: DAY_NAMES[index]!,
      isToday: date === today,
      schoolDay: schoolDays.includes(date),
      noSchoolReason: noSchoolReason(date, cal),
      lessons: lessons.filter((row) => row.lesson.date === date).map((row) => row.lesson),
    }));
    const term = dates.map((date) => termOf(date, cal)).find((t) => t !== null) ?? null;
    return {
      weekOf: monday,
      weekEnds: dates[4]!,
      cycleWeek,
      weekLabel: weekLabel(cycleWeek, cal.cycleWeeks),
      termName: term?.name ?? null,
      today,
      thisWeek,
      previousWeek: addDays(monday, -7),
      nextWeek: addDays(monday, 7),
      periods,
      days,
      updatedAt: latest([
        ...periods.map((p) => p.updatedAt),
        ...lessons.map((row) => row.lesson.updatedAt),
      ]),
    };
  });
}
