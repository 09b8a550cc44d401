import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { DB } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';
import { AppError, holdsAny, schoolToday } from '../core';
import { linkIsBlocked } from './suspension';

type StudentsEb = ExpressionBuilder<DB & { s: DB['students'] }, 's'>;

/** On roll: admitted by today and not yet past the leaving date (P1). */
export function onRoll(eb: StudentsEb, now: Date): Expression<SqlBool> {
  const today = schoolToday(now);
  return eb.and([
    eb('s.admission_date', '<=', today),
    eb.or([eb('s.leaving_date', 'is', null), eb('s.leaving_date', '>=', today)]),
  ]);
}

/**
 * The one rule for which students a user may see, as a condition on `students as s`:
 * - office and admin: every student, on roll or not;
 * - a parent: students on roll linked to them by a verified parental-responsibility link that is
 *   not revoked or under a safeguarding hold (P13, P14);
 * - a student: themselves while on roll;
 * - a teacher: students on roll in a teaching group they teach (P9), read-only elsewhere;
 * - anyone else (DSLs, governors): nobody. Governors never see pupil data (P9).
 */
export function canSeeStudent(eb: StudentsEb, user: SessionUser, now: Date): Expression<SqlBool> {
  if (holdsAny(user.roles, ['office', 'admin'])) return sql<boolean>`true`;
  if (user.contactId) return contactMaySee(eb, user.contactId, now, 'parental_responsibility');

  if (user.studentId) return eb.and([eb('s.id', '=', user.studentId), onRoll(eb, now)]);
  if (user.staffId && holdsAny(user.roles, ['teacher'])) {
    return eb.and([onRoll(eb, now), teaches(eb, user.staffId)]);
  }
  return sql<boolean>`false`;
}

/**
 * The one rule for a contact's link to a student `students as s`: the student is on roll and
 * linked to `contactId` by a link that is not revoked, under a safeguarding hold or curtailed
 * (P13, P14). `parental_responsibility` (what canSeeStudent asks) needs a verified link, and only
 * a link with parental responsibility can be verified (P3). `or_contact_without_pr` also accepts
 * the school's record of a contact without parental responsibility (a link with none, not
 * revoked): messages use it only where the school lets such contacts write (issue 13), and
 * nothing else ever does.
 */
export function contactMaySee(
  eb: StudentsEb,
  contactId: string,
  now: Date,
  needs: 'parental_responsibility' | 'or_contact_without_pr',
): Expression<SqlBool> {
  return eb.and([
    onRoll(eb, now),
    eb.exists(
      eb
        .selectFrom('student_contacts as l')
        .select(sql`1`.as('one'))
        .whereRef('l.student_id', '=', 's.id')
        .where('l.contact_id', '=', contactId)
        .where((w) =>
          needs === 'parental_responsibility'
            ? w.and([w('l.status', '=', 'verified'), w('l.parental_responsibility', '=', true)])
            : w.or([
                w.and([w('l.status', '=', 'verified'), w('l.parental_responsibility', '=', true)]),
                w.and([
                  w('l.status', '=', 'unverified'),
                  w('l.parental_responsibility', '=', false),
                ]),
              ]),
        )
        .where((sub) => sub.not(linkIsBlocked())),
    ),
  ]);
}

/**
 * The student is in a teaching group that `staffId` teaches: as the group's teacher, or as the
 * teacher named on one of its lessons (a class shared between two teachers). `staffId` may be a
 * column (`sql.ref('st.id')`) to ask the question the other way round: who teaches this student.
 */
export function teaches(eb: StudentsEb, staffId: string | Expression<string>): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('teaching_group_members as m')
      .innerJoin('teaching_groups as g', 'g.id', 'm.group_id')
      .select(sql`1`.as('one'))
      .whereRef('m.student_id', '=', 's.id')
      .where((w) =>
        w.or([
          w('g.teacher_staff_id', '=', staffId),
          w.exists(
            w
              .selectFrom('lessons as l')
              .select(sql`1`.as('one'))
              .whereRef('l.group_id', '=', 'g.id')
              .where('l.teacher_staff_id', '=', staffId),
          ),
        ]),
      ),
  );
}

/**
 * Throws "not found" unless the user may see every one of `studentIds`. A missing student and a
 * forbidden one get the same answer, so nobody learns which ids exist.
 */
export async function requireStudentAccess(
  ctx: Pick<Context, 'db' | 'now'> & { user: SessionUser },
  studentIds: readonly string[],
): Promise<void> {
  const wanted = [...new Set(studentIds)];
  if (wanted.length === 0) return;
  const now = ctx.now();
  const visible = await ctx.db
    .selectFrom('students as s')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.id', 'in', wanted)
    .where((eb) => canSeeStudent(eb, ctx.user, now))
    .executeTakeFirstOrThrow();
  if (Number(visible.n) !== wanted.length) {
    throw new AppError('not_found', 'We could not find that student.');
  }
}
