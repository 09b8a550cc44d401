import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { Database, DB } from '@schoolgate/db';

/*
 * Who is suspended (P13, P14), always worked out at query time from the restrictions and holds
 * that are active now, never stored on the account: lifting one restriction or hold therefore
 * restores exactly what that one took away, and nothing revoked for another reason.
 */

/** A condition on `users as u`. */
const onUser = expressionBuilder<DB & { u: DB['users'] }, 'u'>();
/** A condition on `student_contacts as l`. */
const onLink = expressionBuilder<DB & { l: DB['student_contacts'] }, 'l'>();

/**
 * True when the account `users as u` may not use the portal at all right now:
 * - its owner's contact record, or the account itself, is revoked (P13);
 * - a student linked to the contact in any way (verified or not) has an active hold covering all
 *   access (P14): every party concerned is suspended;
 * - it is the student's own account and that student has an active hold, of either scope.
 */
export function userIsSuspended(): Expression<SqlBool> {
  const eb = onUser;
  const one = sql`1`.as('one');
  return eb.or([
    eb.exists(
      eb
        .selectFrom('access_restrictions as ar')
        .select(one)
        .whereRef('ar.user_id', '=', 'u.id')
        .where('ar.lifted_at', 'is', null),
    ),
    eb.exists(
      eb
        .selectFrom('access_restrictions as ar')
        .select(one)
        .whereRef('ar.contact_id', '=', 'u.contact_id')
        .where('ar.lifted_at', 'is', null),
    ),
    eb.exists(
      eb
        .selectFrom('safeguarding_holds as h')
        .innerJoin('student_contacts as hl', 'hl.student_id', 'h.student_id')
        .select(one)
        .whereRef('hl.contact_id', '=', 'u.contact_id')
        .where('h.scope', '=', 'all_access')
        .where('h.lifted_at', 'is', null),
    ),
    eb.exists(
      eb
        .selectFrom('safeguarding_holds as h')
        .select(one)
        .whereRef('h.student_id', '=', 'u.student_id')
        .where('h.lifted_at', 'is', null),
    ),
    // A parent or carer the school's management system no longer enables (issue 9).
    eb.exists(
      eb
        .selectFrom('mis_curtailments as mc')
        .select(one)
        .whereRef('mc.contact_id', '=', 'u.contact_id')
        .where('mc.link_id', 'is', null)
        .where('mc.ended_at', 'is', null)
        .where('mc.lifted_at', 'is', null),
    ),
  ]);
}

/**
 * True when the parent-student link `student_contacts as l` grants nothing right now: the link
 * itself is revoked (a court order about one child), or the student has an active hold. A hold
 * narrowed to this student's links leaves the parent their other children; a hold on all access
 * already suspends the parent entirely, so blocking the link too changes nothing for them and
 * keeps this rule safe for any other caller.
 */
export function linkIsBlocked(): Expression<SqlBool> {
  const eb = onLink;
  const one = sql`1`.as('one');
  return eb.or([
    eb.exists(
      eb
        .selectFrom('access_restrictions as ar')
        .select(one)
        .whereRef('ar.link_id', '=', 'l.id')
        .where('ar.lifted_at', 'is', null),
    ),
    eb.exists(
      eb
        .selectFrom('safeguarding_holds as h')
        .select(one)
        .whereRef('h.student_id', '=', 'l.student_id')
        .where('h.lifted_at', 'is', null),
    ),
    // A link the school's management system no longer backs (issue 9).
    eb.exists(
      eb
        .selectFrom('mis_curtailments as mc')
        .select(one)
        .whereRef('mc.link_id', '=', 'l.id')
        .where('mc.ended_at', 'is', null)
        .where('mc.lifted_at', 'is', null),
    ),
  ]);
}

/** A condition on `students as s`. */
const onStudent = expressionBuilder<DB & { s: DB['students'] }, 's'>();

/**
 * True when the student `students as s` has an active child-protection hold (P14), of either
 * scope. Messages about a held child are for DSLs only until the hold is lifted (issue 13).
 */
export function studentIsHeld(): Expression<SqlBool> {
  const eb = onStudent;
  return eb.exists(
    eb
      .selectFrom('safeguarding_holds as h')
      .select(sql`1`.as('one'))
      .whereRef('h.student_id', '=', 's.id')
      .where('h.lifted_at', 'is', null),
  );
}

/** Whether the account `userId` is suspended right now. */
export async function isUserSuspended(db: Database, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users as u')
    .select(sql<boolean>`${userIsSuspended()}`.as('suspended'))
    .where('u.id', '=', userId)
    .executeTakeFirst();
  return row?.suspended === true;
}

export interface ActiveRestriction {
  id: string;
  reason: string;
  createdAt: Date;
}

/**
 * The active revocation of a person, on their contact record or on their account, or null. Account
 * creation calls this to refuse inviting someone whose access has been revoked or denied (P13).
 */
export async function activeRestrictionForContact(
  db: Database,
  contactId: string,
): Promise<ActiveRestriction | null> {
  const row = await db
    .selectFrom('access_restrictions as ar')
    .select(['ar.id', 'ar.reason', 'ar.created_at'])
    .where('ar.lifted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('ar.contact_id', '=', contactId),
        eb(
          'ar.user_id',
          'in',
          eb.selectFrom('users as cu').select('cu.id').where('cu.contact_id', '=', contactId),
        ),
      ]),
    )
    .orderBy('ar.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, reason: row.reason, createdAt: row.created_at } : null;
}

/**
 * The accounts a new restriction or hold suspends outright, whose sessions must end at once.
 * A revoked link or a narrowed hold suspends nobody outright: the next query simply leaves that
 * child out, and signing the parent out would only hint that something changed about that child.
 */
export function accountsSuspendedBy(
  db: Database,
  target:
    | { kind: 'contact'; contactId: string }
    | { kind: 'user'; userId: string }
    | { kind: 'hold'; studentId: string; allAccess: boolean },
) {
  const query = db.selectFrom('users as u').select('u.id');
  switch (target.kind) {
    case 'contact':
      return query.where('u.contact_id', '=', target.contactId);
    case 'user':
      return query.where('u.id', '=', target.userId);
    case 'hold':
      return query.where((eb) =>
        eb.or([
          eb('u.student_id', '=', target.studentId),
          ...(target.allAccess
            ? [
                eb(
                  'u.contact_id',
                  'in',
                  eb
                    .selectFrom('student_contacts as sl')
                    .select('sl.contact_id')
                    .where('sl.student_id', '=', target.studentId),
                ),
              ]
            : []),
        ]),
      );
  }
}

/** The school's management system no longer enables this parent or carer (an open curtailment). */
export async function isCurtailedBySchoolSystem(db: Database, contactId: string): Promise<boolean> {
  const row = await db
    .selectFrom('mis_curtailments')
    .select('id')
    .where('contact_id', '=', contactId)
    .where('link_id', 'is', null)
    .where('ended_at', 'is', null)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export const CURTAILED_BY_SCHOOL_SYSTEM =
  'The school’s management system does not allow this person access (see “Access stopped by the school’s system”). Put it right there, or restore their access after checking, first.';
