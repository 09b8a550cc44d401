import { sql } from 'kysely';
import type { Database } from '@schoolgate/db';
import { policyAcceptancePending } from '../aup';
import { passwordHasExpired } from './password-expiry';
import { isStaffRole, type Role } from '../core';
import type { AccountKind, SessionUser } from '../core';
import { twoFactorState } from './two-factor-rules';
import { userIsSuspended } from '../access';

/** The active user behind a session, with their roles; null when the account may not be used. */
export async function loadSessionUser(
  db: Database,
  userId: string,
  now: Date,
  sessionTwoFactorVerified = false,
): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('users as u')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .leftJoin('students as s', 's.id', 'u.student_id')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    // The settings row is always there (the first migration makes it): one join, not a subselect each.
    .innerJoin('school_settings as ss', (join) => join.on('ss.id', '=', 1))
    .select((eb) => [
      'u.id',
      'u.username',
      'u.email',
      'u.contact_id',
      'u.student_id',
      'u.staff_id',
      'u.password_set_at',
      eb.fn.coalesce('c.forename', 's.forename', 'st.forename').as('forename'),
      eb.fn.coalesce('c.surname', 's.surname', 'st.surname').as('surname'),
      eb
        .selectFrom('staff_roles as r')
        .select((sub) => sub.fn.agg<string[]>('array_agg', ['r.role']).as('roles'))
        .whereRef('r.staff_id', '=', 'u.staff_id')
        .as('staff_roles'),
      'ss.student_accounts_enabled',
      'ss.password_expiry_days',
      'ss.password_expiry_enabled',
      'ss.enquiries_email',
      eb
        .exists(
          eb
            .selectFrom('user_totp as t')
            .select('t.user_id')
            .whereRef('t.user_id', '=', 'u.id')
            .where('t.enrolled_at', 'is not', null),
        )
        .as('totp_enrolled'),
      sql<boolean>`${userIsSuspended()}`.as('suspended'),
      policyAcceptancePending(eb.ref('u.id'), now).as('policy_pending'),
    ])
    .where('u.id', '=', userId)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return null;

  let kind: AccountKind;
  let roles: Role[];
  if (row.contact_id) {
    kind = 'parent';
    roles = ['parent'];
  } else if (row.student_id) {
    if (!row.student_accounts_enabled) return null;
    kind = 'student';
    roles = ['student'];
  } else {
    kind = 'staff';
    roles = (row.staff_roles ?? []).filter(isStaffRole).sort();
  }
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    kind,
    displayName: `${row.forename ?? ''} ${row.surname ?? ''}`.trim(),
    roles,
    contactId: row.contact_id,
    studentId: row.student_id,
    staffId: row.staff_id,
    mustChangePassword: passwordHasExpired(
      row.password_set_at,
      row.password_expiry_enabled === false ? null : (row.password_expiry_days ?? 90),
      now,
    ),
    mustAcceptPolicy: row.policy_pending === true,
    suspended: row.suspended === true,
    enquiriesEmail: row.enquiries_email ?? '',
    twoFactor: twoFactorState({
      isStaff: kind === 'staff',
      enrolled: row.totp_enrolled === true,
      verifiedThisSession: sessionTwoFactorVerified,
    }),
  };
}
