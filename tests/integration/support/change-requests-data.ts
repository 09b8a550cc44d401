import type { Database } from '@schoolgate/db';
import { TEST_NOW } from './factories';

let serial = 0;
const next = () => `${Date.now().toString(36)}${(serial++).toString(36)}`;

/** A session mark for a student; returns its id. */
export async function addMark(
  db: Database,
  studentId: string,
  fields: { onDate?: string; session?: 'AM' | 'PM'; code?: string; minutesLate?: number } = {},
): Promise<string> {
  const row = await db
    .insertInto('attendance_marks')
    .values({
      student_id: studentId,
      on_date: fields.onDate ?? '2026-11-16',
      session: fields.session ?? 'AM',
      code: fields.code ?? 'N',
      minutes_late: fields.minutesLate ?? null,
      recorded_at: TEST_NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A behaviour event for a student; returns its id. */
export async function addBehaviour(
  db: Database,
  studentId: string,
  fields: { category?: string; description?: string; points?: number; occurredOn?: string } = {},
): Promise<string> {
  const points = fields.points ?? -1;
  const row = await db
    .insertInto('behaviour_events')
    .values({
      student_id: studentId,
      kind: points >= 0 ? 'positive' : 'negative',
      category: fields.category ?? 'Homework',
      description: fields.description ?? 'Homework not done',
      points,
      occurred_on: fields.occurredOn ?? '2026-11-12',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A lesson of a new group `members` are in, taught by a new member of staff "Mr Smith" in M4 on
 * the Monday of `cycleWeek`, period "Period 2"; returns the lesson id.
 */
export async function addLessonFor(
  db: Database,
  members: readonly string[],
  fields: { subject?: string; cycleWeek?: 1 | 2 } = {},
): Promise<string> {
  const teacher = await db
    .insertInto('staff')
    .values({
      title: 'Mr',
      forename: 'John',
      surname: 'Smith',
      email: `smith.${next()}@school.example`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const group = await db
    .insertInto('teaching_groups')
    .values({
      code: `CR-${next()}`,
      subject: fields.subject ?? 'Maths',
      year_group: 10,
      teacher_staff_id: teacher.id,
      room: 'M4',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (members.length > 0) {
    await db
      .insertInto('teaching_group_members')
      .values(members.map((student_id) => ({ group_id: group.id, student_id })))
      .execute();
  }
  const period =
    (await db
      .selectFrom('periods')
      .select('id')
      .where('name', '=', 'Period 2')
      .executeTakeFirst()) ??
    (await db
      .insertInto('periods')
      .values({ name: 'Period 2', starts_at: '10:00', ends_at: '11:00', sort_order: 2 })
      .returning('id')
      .executeTakeFirstOrThrow());
  const lesson = await db
    .insertInto('lessons')
    .values({
      group_id: group.id,
      cycle_week: fields.cycleWeek ?? 1,
      weekday: 1,
      period_id: period.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return lesson.id;
}

/** A report for a student in a new cycle, published (by default a week before TEST_NOW) or not. */
export async function addReport(
  db: Database,
  studentId: string,
  fields: { cycleName?: string; published?: boolean } = {},
): Promise<string> {
  const cycle = await db
    .insertInto('report_cycles')
    .values({
      name: fields.cycleName ?? 'Year 10 Autumn',
      year_group: 10,
      publish_at:
        (fields.published ?? true) ? new Date(TEST_NOW.getTime() - 7 * 24 * 3600_000) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const report = await db
    .insertInto('reports')
    .values({ cycle_id: cycle.id, student_id: studentId, tutor_comment: 'A good term.' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return report.id;
}

/** Sets a contact's details, as the school's records hold them before a change. */
export async function setContactDetails(
  db: Database,
  contactId: string,
  fields: {
    address_line1?: string | null;
    address_line2?: string | null;
    town?: string | null;
    postcode?: string | null;
    phone_mobile?: string | null;
    email?: string | null;
  },
): Promise<void> {
  await db.updateTable('contacts').set(fields).where('id', '=', contactId).execute();
}

/** The stored request, as staff and the audit see it. */
export async function storedRequest(db: Database, requestId: string) {
  return db
    .selectFrom('change_requests')
    .selectAll()
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
}

export async function countRequests(db: Database): Promise<number> {
  const row = await db
    .selectFrom('change_requests')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Audit entries with `action`, newest first. */
export async function auditEntries(db: Database, action: string) {
  return db
    .selectFrom('audit_log')
    .select(['action', 'actor_user_id', 'student_id', 'target_user_id', 'details', 'at'])
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .execute();
}
