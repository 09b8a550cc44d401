import { recordAudit, type DB } from '@schoolgate/db';
import { sql, type ExpressionBuilder } from 'kysely';
import { AppError, holdsAny } from '../core';
import { canSeeStudent, onRoll } from '../access';
import type { SignedIn } from '../access';

/** A staff id nobody has: a teacher account without a staff record teaches no group. */
const NO_STAFF = '00000000-0000-0000-0000-000000000000';

/** `staffId` teaches group `g`: as its teacher, or as the teacher named on one of its lessons. */
function teachesGroup(
  eb: ExpressionBuilder<DB & { g: DB['teaching_groups'] }, 'g'>,
  staffId: string,
) {
  return eb.or([
    eb('g.teacher_staff_id', '=', staffId),
    eb.exists(
      eb
        .selectFrom('lessons as l')
        .select(sql`1`.as('one'))
        .whereRef('l.group_id', '=', 'g.id')
        .where('l.teacher_staff_id', '=', staffId),
    ),
  ]);
}

export interface TaughtGroup {
  id: string;
  code: string;
  subject: string;
  yearGroup: number | null;
  room: string | null;
  students: number;
  updatedAt: Date;
}

/** The teaching groups a teacher teaches, with how many students on roll are in each. */
export async function myGroups(ctx: SignedIn): Promise<TaughtGroup[]> {
  const staffId = ctx.user.staffId;
  if (!staffId) return [];
  const now = ctx.now();
  const rows = await ctx.db
    .selectFrom('teaching_groups as g')
    .leftJoin('teaching_group_members as m', 'm.group_id', 'g.id')
    .leftJoin('students as s', (join) =>
      join.onRef('s.id', '=', 'm.student_id').on((eb) => onRoll(eb, now)),
    )
    .select((eb) => [
      'g.id',
      'g.code',
      'g.subject',
      'g.year_group',
      'g.room',
      'g.updated_at',
      eb.fn.count<number>('s.id').as('students'),
    ])
    .where((eb) => teachesGroup(eb, staffId))
    .groupBy('g.id')
    .orderBy('g.year_group', 'desc')
    .orderBy('g.code')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    subject: row.subject,
    yearGroup: row.year_group,
    room: row.room,
    students: Number(row.students),
    updatedAt: row.updated_at,
  }));
}

export interface GroupStudent {
  id: string;
  displayName: string;
  form: string;
  yearGroup: number;
  updatedAt: Date;
}

/**
 * One group's students on roll, for its teacher (or office and admin). Another teacher's group is
 * "not found", like a group that does not exist. One audit entry names every student listed (P10).
 */
export async function groupStudents(ctx: SignedIn, groupId: string) {
  const now = ctx.now();
  const everyGroup = holdsAny(ctx.user.roles, ['office', 'admin']);
  const staffId = ctx.user.staffId;
  const group = await ctx.db
    .selectFrom('teaching_groups as g')
    .select(['g.id', 'g.code', 'g.subject', 'g.year_group', 'g.room', 'g.updated_at'])
    .where('g.id', '=', groupId)
    .$if(!everyGroup, (q) => q.where((eb) => teachesGroup(eb, staffId ?? NO_STAFF)))
    .executeTakeFirst();
  if (!group) throw new AppError('not_found', 'We could not find that class.');
  const rows = await ctx.db
    .selectFrom('teaching_group_members as m')
    .innerJoin('students as s', 's.id', 'm.student_id')
    .select([
      's.id',
      's.forename',
      's.surname',
      's.preferred_name',
      's.form',
      's.year_group',
      's.updated_at',
    ])
    .where('m.group_id', '=', groupId)
    // The one access rule: what the list shows is exactly what the student pages will open.
    .where((eb) => canSeeStudent(eb, ctx.user, now))
    .orderBy('s.surname')
    .orderBy('s.forename')
    .execute();
  const students: GroupStudent[] = rows.map((row) => ({
    id: row.id,
    displayName: `${row.preferred_name ?? row.forename} ${row.surname}`,
    form: row.form,
    yearGroup: row.year_group,
    updatedAt: row.updated_at,
  }));
  await recordAudit(ctx.db, {
    at: now,
    action: 'view.teaching_group',
    actorUserId: ctx.user.id,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: { group_id: groupId, student_ids: students.map((s) => s.id) },
  });
  return {
    group: {
      id: group.id,
      code: group.code,
      subject: group.subject,
      yearGroup: group.year_group,
      room: group.room,
      updatedAt: group.updated_at,
    },
    students,
  };
}
