import type { Database } from '@schoolgate/db';
import { TEST_NOW } from './factories';
import { newGroup } from './timetable-data';

/** A term of the school year; returns its id. */
export { newTerm as addTerm } from './timetable-data';

let groups = 0;

/** A teaching group taught by `teacherStaffId` with `studentIds` in it; returns its id. */
export async function addTeachingGroup(
  db: Database,
  teacherStaffId: string,
  studentIds: readonly string[],
  subject = 'Geography',
): Promise<string> {
  groups += 1;
  return newGroup(db, {
    code: `AB-${Date.now().toString(36)}-${groups}`,
    subject,
    yearGroup: 10,
    teacherStaffId,
    room: 'G12',
    members: studentIds,
  });
}

let periods = 0;

/** One lesson of a group (Monday of week 1, in a new period); returns the lesson id. */
export async function addLesson(db: Database, groupId: string, periodName?: string) {
  periods += 1;
  const period = await db
    .insertInto('periods')
    .values({
      name: periodName ?? `Period ${periods}`,
      starts_at: '09:00',
      ends_at: '10:00',
      sort_order: periods,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const lesson = await db
    .insertInto('lessons')
    .values({ group_id: groupId, cycle_week: 1, weekday: 1, period_id: period.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return lesson.id;
}

export interface MarkSpec {
  date: string;
  session: 'AM' | 'PM';
  code: string;
  minutesLate?: number;
}

/** Session marks for one student, recorded by `staffId` (if given) at TEST_NOW. */
export async function addMarks(
  db: Database,
  studentId: string,
  marks: readonly MarkSpec[],
  staffId: string | null = null,
): Promise<void> {
  if (marks.length === 0) return;
  await db
    .insertInto('attendance_marks')
    .values(
      marks.map((m) => ({
        student_id: studentId,
        on_date: m.date,
        session: m.session,
        code: m.code,
        minutes_late: m.minutesLate ?? null,
        recorded_by_staff_id: staffId,
        recorded_at: TEST_NOW,
      })),
    )
    .execute();
}

/** Weekdays from `from` onwards ('YYYY-MM-DD'), `count` of them. */
export function weekdaysFrom(from: string, count: number): string[] {
  const days: string[] = [];
  const day = new Date(`${from}T00:00:00Z`);
  while (days.length < count) {
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return days;
}

/** Marks with `codes` in order, two sessions a day on the weekdays from `from`. */
export function sessionsFrom(from: string, codes: readonly string[]): MarkSpec[] {
  const days = weekdaysFrom(from, Math.ceil(codes.length / 2));
  return codes.map((code, i) => ({
    date: days[Math.floor(i / 2)]!,
    session: i % 2 === 0 ? 'AM' : 'PM',
    code,
  }));
}

/** A behaviour event as the school's MIS would have recorded it; returns its id. */
export async function addBehaviourEvent(
  db: Database,
  studentId: string,
  fields: {
    kind: 'positive' | 'negative';
    points: number;
    occurredOn: string;
    category?: string;
    description?: string;
    staffId?: string | null;
    lessonId?: string | null;
    place?: string | null;
    actionTaken?: string | null;
    actionDate?: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('behaviour_events')
    .values({
      student_id: studentId,
      kind: fields.kind,
      category: fields.category ?? (fields.kind === 'positive' ? 'Effort' : 'Late to lesson'),
      points: fields.points,
      description: fields.description ?? `A ${fields.kind} event`,
      occurred_on: fields.occurredOn,
      recorded_by_staff_id: fields.staffId ?? null,
      lesson_id: fields.lessonId ?? null,
      place: fields.place ?? null,
      action_taken: fields.actionTaken ?? null,
      action_date: fields.actionDate ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** How many audit entries match, to show that an action wrote exactly one (or none). */
export async function auditCount(
  db: Database,
  where: { action: string; actorUserId?: string; studentId?: string },
): Promise<number> {
  let query = db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', where.action);
  if (where.actorUserId) query = query.where('actor_user_id', '=', where.actorUserId);
  if (where.studentId) query = query.where('student_id', '=', where.studentId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
