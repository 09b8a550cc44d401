import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '@schoolgate/db';
import { holdsAny, type SessionUser } from '../core';
import { canSeeStudent, contactMaySee, onRoll, studentIsHeld } from '../access';

/** A condition on `message_threads as t` joined to its student `students as s`. */
export type ThreadsEb = ExpressionBuilder<
  DB & { t: DB['message_threads']; s: DB['students'] },
  't' | 's'
>;

export interface MessageSettings {
  contactsWithoutPrMayWrite: boolean;
  studentsMayMessageTeachers: boolean;
  replyNotice: string | null;
}

/**
 * The family side: the person who started the thread, and only while the access policy still
 * lets them see the child. A parent or carer needs what every record needs (P3, P13, P14, P1): a
 * verified link with parental responsibility, not revoked, not under a hold, the child on roll;
 * where the school lets contacts without parental responsibility write, the school's record of
 * such a contact (a link without it, not revoked) serves too, under the same restrictions. A student sees their own threads while on roll and
 * not held. Nobody else in the family sees a thread they did not start.
 */
export function familyMaySee(
  eb: ThreadsEb,
  user: SessionUser,
  now: Date,
  settings: MessageSettings,
): Expression<SqlBool> {
  if (user.contactId && holdsAny(user.roles, ['parent'])) {
    return eb.and([
      eb('t.started_by_user_id', '=', user.id),
      eb('t.started_as', '=', 'contact'),
      contactMaySee(
        eb,
        user.contactId,
        now,
        settings.contactsWithoutPrMayWrite ? 'or_contact_without_pr' : 'parental_responsibility',
      ),
    ]);
  }
  if (user.studentId && holdsAny(user.roles, ['student'])) {
    return eb.and([
      eb('t.started_by_user_id', '=', user.id),
      eb('t.started_as', '=', 'student'),
      eb('s.id', '=', user.studentId),
      onRoll(eb, now),
      eb.not(studentIsHeld()),
    ]);
  }
  return sql<boolean>`false`;
}

/**
 * The school side (issue 13):
 * - under an active safeguarding hold, only DSLs see the child's threads (and only read them);
 *   everyone else, the office included, is cut off at once (P14);
 * - otherwise the office and admins see every thread, leavers' included, for the school's records;
 * - a teacher sees threads addressed or assigned to them, only while they teach the child (the
 *   same rule as every other record: canSeeStudent); a teacher who stops teaching the child
 *   loses the thread and the office keeps it;
 * - governors, and DSLs without a hold, see none (P9).
 */
export function staffMaySee(eb: ThreadsEb, user: SessionUser, now: Date): Expression<SqlBool> {
  const notHeld = eb.not(studentIsHeld());
  const ways: Expression<SqlBool>[] = [];
  if (holdsAny(user.roles, ['office', 'admin'])) ways.push(notHeld);
  if (user.staffId && holdsAny(user.roles, ['teacher'])) {
    const asTeacher: SessionUser = { ...user, roles: ['teacher'] };
    ways.push(
      eb.and([
        notHeld,
        eb.or([
          eb('t.teacher_staff_id', '=', user.staffId),
          eb('t.assigned_staff_id', '=', user.staffId),
        ]),
        canSeeStudent(eb, asTeacher, now),
      ]),
    );
  }
  if (holdsAny(user.roles, ['dsl'])) ways.push(studentIsHeld());
  return ways.length === 0 ? sql<boolean>`false` : eb.or(ways);
}
