import { expressionBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { schoolDate, type DB } from '@schoolgate/db';
import {
  academicYearOf,
  cycleWeekOf,
  nextSchoolDay,
  weekLabel,
  loadSchoolCalendar,
  schoolCalendarQuery,
  toSchoolCalendar,
  type LoadedSchoolCalendar,
} from '../core';
import {
  canSeeStudent,
  studentView,
  toViewedStudent,
  VIEWED_STUDENT_COLUMNS,
  type SignedIn,
  type ViewedStudent,
} from '../access';
import type { TimetableLesson } from '../timetable';
import { loadSummaries, type SummaryRequest } from './summaries';

/** The latest of some records' `updatedAt`, or null when there are none (a block's "Last updated"). */
function newestUpdate(records: readonly { updatedAt: Date }[]): Date | null {
  const times = records.map((r) => r.updatedAt.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

/** Today, the school day whose lessons to show, and where the attendance year starts. */
function daysFor(ctx: SignedIn, calendar: LoadedSchoolCalendar) {
  const today = schoolDate(ctx.now(), calendar.timeZone);
  const day = nextSchoolDay(today, calendar);
  return { today, day, yearStartsOn: academicYearOf(today).startsOn };
}

/**
 * What a parent wants at 8 a.m. for each child: the day's lessons, attendance this year, the
 * latest behaviour and the newest report, from one statement (`loadSummaries`) that covers every
 * child at once, so it does not grow with children, marks or events. Each block carries when it
 * last changed (P7): the lessons' and behaviour's latest `updatedAt`, the newest attendance mark's,
 * and the newest report's.
 */
async function summariesFor(
  ctx: SignedIn,
  calendar: LoadedSchoolCalendar,
  students: readonly ViewedStudent[],
  extra: Pick<SummaryRequest, 'noticesFor' | 'audit'> = {},
) {
  const { today, day, yearStartsOn } = daysFor(ctx, calendar);
  const blocks = await loadSummaries(ctx.db, {
    students,
    calendar,
    day,
    yearStartsOn,
    today,
    now: ctx.now(),
    ...extra,
  });
  return {
    day: day
      ? {
          date: day,
          isToday: day === today,
          week: weekLabel(cycleWeekOf(day, calendar), calendar.cycleWeeks),
        }
      : null,
    notices: blocks.notices,
    children: students.map((student) => {
      const theirLessons: TimetableLesson[] = blocks.lessons.get(student.id) ?? [];
      const theirBehaviour = blocks.behaviour.get(student.id) ?? [];
      return {
        student,
        lessons: theirLessons,
        lessonsUpdatedAt: newestUpdate(theirLessons),
        attendance: blocks.attendance.get(student.id) ?? null,
        behaviour: theirBehaviour,
        behaviourUpdatedAt: newestUpdate(theirBehaviour),
        newestReport: blocks.reports.get(student.id) ?? null,
      };
    }),
  };
}

/**
 * The school calendar and every child the user may see, in one statement: the calendar decides
 * which day's lessons the summaries show, and the children are the visibility set every block of
 * the page then reuses, worked out once by the one access rule.
 */
async function calendarAndChildren(ctx: SignedIn) {
  const now = ctx.now();
  const visible = expressionBuilder<DB, never>()
    .selectFrom('students as s')
    .select(VIEWED_STUDENT_COLUMNS)
    .where((eb) => canSeeStudent(eb, ctx.user, now))
    .orderBy('s.year_group', 'desc')
    .orderBy('s.forename');
  const row = await schoolCalendarQuery(ctx.db)
    .select(jsonArrayFrom(visible).as('students'))
    .executeTakeFirstOrThrow();
  return {
    calendar: toSchoolCalendar(row),
    // JSON carries the timestamp as text.
    students: row.students.map((s) =>
      toViewedStudent({ ...s, updated_at: new Date(s.updated_at) }),
    ),
  };
}

/**
 * The portal's home: every child the user may see, and their unread notices. Two statements (the
 * calendar with the children; then every block, the notices and the one audit entry), so a page
 * costs the same whatever the school's size or the number of children.
 */
export async function portalHome(ctx: SignedIn) {
  const { calendar, students } = await calendarAndChildren(ctx);
  const home = await summariesFor(ctx, calendar, students, {
    noticesFor: ctx.user,
    audit: {
      at: ctx.now(),
      action: 'view.home',
      actorUserId: ctx.user.id,
      studentId: students.length === 1 ? students[0]?.id : null,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
      details: { view: 'home', student_ids: students.map((s) => s.id) },
    },
  });
  return {
    day: students.length > 0 ? home.day : null,
    children: home.children,
    notices: home.notices,
  };
}

/** One student's overview: the same summary as the home page, for a parent, student or teacher. */
export async function studentOverview(ctx: SignedIn, studentId: string) {
  return studentView(ctx, studentId, 'overview', async (student) => {
    const calendar = await loadSchoolCalendar(ctx.db);
    const summaries = await summariesFor(ctx, calendar, [student]);
    const child = summaries.children[0];
    return {
      day: summaries.day,
      lessons: child?.lessons ?? [],
      lessonsUpdatedAt: child?.lessonsUpdatedAt ?? null,
      attendance: child?.attendance ?? null,
      behaviour: child?.behaviour ?? [],
      behaviourUpdatedAt: child?.behaviourUpdatedAt ?? null,
      newestReport: child?.newestReport ?? null,
    };
  });
}
