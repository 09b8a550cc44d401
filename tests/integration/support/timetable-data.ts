import type { Database } from '@schoolgate/db';
import { countingQueries as countQueries } from './query-counter';

/** The school's timetable cycle: one week, or two (Week A from the Monday `anchor`). */
export async function setCycle(db: Database, weeks: 1 | 2, anchor: string): Promise<void> {
  await db
    .updateTable('school_settings')
    .set({ timetable_cycle_weeks: weeks, timetable_cycle_anchor: anchor })
    .where('id', '=', 1)
    .execute();
}

/** A term of the school year; returns its id. */
export async function newTerm(
  db: Database,
  name: string,
  startsOn: string,
  endsOn: string,
): Promise<string> {
  const row = await db
    .insertInto('terms')
    .values({ name, starts_on: startsOn, ends_on: endsOn })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function newClosure(
  db: Database,
  reason: string,
  startsOn: string,
  endsOn: string = startsOn,
): Promise<void> {
  await db
    .insertInto('school_closures')
    .values({ reason, starts_on: startsOn, ends_on: endsOn })
    .execute();
}

/** Periods of the school day in order, e.g. [['Period 1', '08:50', '09:50'], …]; returns their ids. */
export async function newPeriods(
  db: Database,
  periods: readonly (readonly [name: string, startsAt: string, endsAt: string])[],
): Promise<string[]> {
  const rows = await db
    .insertInto('periods')
    .values(
      periods.map(([name, startsAt, endsAt], index) => ({
        name,
        starts_at: startsAt,
        ends_at: endsAt,
        sort_order: index + 1,
      })),
    )
    .returning(['id', 'sort_order'])
    .execute();
  return rows.sort((a, b) => a.sort_order - b.sort_order).map((row) => row.id);
}

/** Gives a member of staff the name the timetable shows ("Mrs Patel"). */
export async function nameStaff(
  db: Database,
  staffId: string,
  title: string | null,
  forename: string,
  surname: string,
): Promise<void> {
  await db
    .updateTable('staff')
    .set({ title, forename, surname })
    .where('id', '=', staffId)
    .execute();
}

/** A teaching group taught by `teacherStaffId`, with `members` in it; returns its id. */
export async function newGroup(
  db: Database,
  fields: {
    code: string;
    subject: string;
    teacherStaffId: string | null;
    room?: string | null;
    yearGroup?: number;
    members: readonly string[];
  },
): Promise<string> {
  const group = await db
    .insertInto('teaching_groups')
    .values({
      code: fields.code,
      subject: fields.subject,
      teacher_staff_id: fields.teacherStaffId,
      room: fields.room ?? null,
      year_group: fields.yearGroup ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (fields.members.length > 0) {
    await db
      .insertInto('teaching_group_members')
      .values(fields.members.map((studentId) => ({ group_id: group.id, student_id: studentId })))
      .execute();
  }
  return group.id;
}

/** A lesson in the cycle: `weekday` 1 (Monday) to 5, in Week 1 (A) or 2 (B). */
export async function newLesson(
  db: Database,
  fields: {
    groupId: string;
    cycleWeek: 1 | 2;
    weekday: number;
    periodId: string;
    room?: string | null;
    teacherStaffId?: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('lessons')
    .values({
      group_id: fields.groupId,
      cycle_week: fields.cycleWeek,
      weekday: fields.weekday,
      period_id: fields.periodId,
      room: fields.room ?? null,
      teacher_staff_id: fields.teacherStaffId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** One date's change to a lesson: cover, another room, or cancelled. */
export async function newLessonChange(
  db: Database,
  fields: {
    lessonId: string;
    onDate: string;
    coverStaffId?: string | null;
    room?: string | null;
    cancelled?: boolean;
    note?: string | null;
  },
): Promise<void> {
  await db
    .insertInto('lesson_changes')
    .values({
      lesson_id: fields.lessonId,
      on_date: fields.onDate,
      cover_staff_id: fields.coverStaffId ?? null,
      room: fields.room ?? null,
      cancelled: fields.cancelled ?? false,
      note: fields.note ?? null,
    })
    .execute();
}

/** A view of `db` that counts the queries run through it, to hold a screen to a fixed number. */
export function countingQueries(db: Database): { db: Database; count: () => number } {
  const counter = countQueries(db);
  return { db: counter.db, count: () => counter.count };
}
