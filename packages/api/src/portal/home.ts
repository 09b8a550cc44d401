import { recordAudit, schoolDate } from '@schoolgate/db';
import { academicYearOf, cycleWeekOf, nextSchoolDay, weekLabel, loadSchoolCalendar } from '../core';
import {
  canSeeStudent,
  studentView,
  toViewedStudent,
  VIEWED_STUDENT_COLUMNS,
  type SignedIn,
  type ViewedStudent,
} from '../access';
import { attendanceTotalsFor } from '../attendance';
import { latestBehaviourFor } from '../behaviour';
import { unreadNoticesFor } from '../notices';
import { newestReportFor } from '../reports';
import { lessonsOnFor, type TimetableLesson } from '../timetable';

const LATEST_BEHAVIOUR = 3;

/** The latest of some records' `updatedAt`, or null when there are none (a block's "Last updated"). */
function newestUpdate(records: readonly { updatedAt: Date }[]): Date | null {
  const times = records.map((r) => r.updatedAt.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

/**
 * What a parent wants at 8 a.m. for each child: the day's lessons, attendance this year, the
 * latest behaviour and the newest report. The work is a fixed set of queries, each covering every
 * child at once, so it does not grow with children, marks or events. Each block carries when it
 * last changed (P7): the lessons' and behaviour's latest `updatedAt`, the newest attendance mark's,
 * and the newest report's.
 */
async function summariesFor(ctx: SignedIn, students: readonly ViewedStudent[]) {
  const now = ctx.now();
  const calendar = await loadSchoolCalendar(ctx.db);
  const today = schoolDate(now, calendar.timeZone);
  const day = nextSchoolDay(today, calendar);
  const year = academicYearOf(today);
  const ids = students.map((s) => s.id);
  const [lessons, attendance, behaviour, reports] = await Promise.all([
    day
      ? lessonsOnFor(ctx.db, ids, day, calendar)
      : Promise.resolve(new Map<string, TimetableLesson[]>()),
    attendanceTotalsFor(ctx.db, ids, year.startsOn, today),
    latestBehaviourFor(ctx.db, ids, LATEST_BEHAVIOUR),
    newestReportFor(ctx.db, ids, now),
  ]);
  return {
    today,
    day: day
      ? {
          date: day,
          isToday: day === today,
          week: weekLabel(cycleWeekOf(day, calendar), calendar.cycleWeeks),
        }
      : null,
    children: students.map((student) => {
      const theirLessons = lessons.get(student.id) ?? [];
      const theirBehaviour = behaviour.get(student.id) ?? [];
      return {
        student,
        lessons: theirLessons,
        lessonsUpdatedAt: newestUpdate(theirLessons),
        attendance: attendance.get(student.id) ?? null,
        behaviour: theirBehaviour,
        behaviourUpdatedAt: newestUpdate(theirBehaviour),
        newestReport: reports.get(student.id) ?? null,
      };
    }),
  };
}

/** The portal's home: every child the user may see, and their unread notices. One audit entry. */
export async function portalHome(ctx: SignedIn) {
  const now = ctx.now();
  const rows = await ctx.db
    .selectFrom('students as s')
    .select(VIEWED_STUDENT_COLUMNS)
    .where((eb) => canSeeStudent(eb, ctx.user, now))
    .orderBy('s.year_group', 'desc')
    .orderBy('s.forename')
    .execute();
  const students = rows.map(toViewedStudent);
  const [summaries, notices] = await Promise.all([
    students.length > 0 ? summariesFor(ctx, students) : Promise.resolve(null),
    unreadNoticesFor(ctx, 3),
  ]);
  await recordAudit(ctx.db, {
    at: now,
    action: 'view.home',
    actorUserId: ctx.user.id,
    studentId: students.length === 1 ? students[0]?.id : null,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: { view: 'home', student_ids: students.map((s) => s.id) },
  });
  return {
    day: summaries?.day ?? null,
    children: summaries?.children ?? [],
    notices,
  };
}

/** One student's overview: the same summary as the home page, for a parent, student or teacher. */
export async function studentOverview(ctx: SignedIn, studentId: string) {
  return studentView(ctx, studentId, 'overview', async (student) => {
    const summaries = await summariesFor(ctx, [student]);
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
