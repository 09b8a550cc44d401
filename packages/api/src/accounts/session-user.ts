import { sql } from 'kysely';
import type { Session } from '@schoolgate/auth';
import type { Database } from '@schoolgate/db';
import { policyAcceptancePending } from '../aup';
import { passwordHasExpired } from './password-expiry';
import { isStaffRole, type Role } from '../core';
import type { AccountKind, SessionUser } from '../core';
import { twoFactorState } from './two-factor-rules';
import { userIsSuspended } from '../access';

/**
 * The active account `users as u` with what a request needs to know about it, as ONE statement:
 * names, roles, the settings that decide expiry and student accounts, two-factor enrolment,
 * suspension (P13, P14) and whether the policy in force still awaits acceptance (P2).
 */
function activeUserQuery(db: Database, now: Date) {
  return (
    db
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
      .where('u.status', '=', 'active')
  );
}

type UserRow = Awaited<ReturnType<ReturnType<typeof activeUserQuery>['executeTakeFirstOrThrow']>>;

/** A session as stored, beside its user, for the request that carries its token. */
export interface SessionWithUser {
  session: Session;
  /** Why the session was ended early (a suspension), or null while it is live. */
  endedReason: string | null;
  /** Null when the account may not be used (not active, or a student while student accounts are off). */
  user: SessionUser | null;
}

/**
 * The session whose token hashes to `tokenHash` and its active user, with their roles, in ONE
 * statement on every signed-in request (issue 17: before, the session and the user were a
 * statement each). Null when there is no such session, or its account is not active. The caller
 * applies the session rules (timeouts, suspension, the idle clock) as `validateSessionToken` does.
 */
export async function loadSessionUser(
  db: Database,
  tokenHash: string,
  now: Date,
): Promise<SessionWithUser | null> {
  const row = await activeUserQuery(db, now)
    .innerJoin('sessions as se', 'se.user_id', 'u.id')
    .select([
      'se.id as session_id',
      'se.created_at as session_created_at',
      'se.last_seen_at as session_last_seen_at',
      'se.idle_timeout_seconds as session_idle_timeout_seconds',
      'se.expires_at as session_expires_at',
      'se.shared_device as session_shared_device',
      'se.two_factor_verified as session_two_factor_verified',
      'se.ended_reason as session_ended_reason',
    ])
    .where('se.id', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  return {
    session: {
      id: row.session_id,
      userId: row.id,
      createdAt: row.session_created_at,
      lastSeenAt: row.session_last_seen_at,
      idleTimeoutSeconds: row.session_idle_timeout_seconds,
      expiresAt: row.session_expires_at,
      sharedDevice: row.session_shared_device,
      twoFactorVerified: row.session_two_factor_verified,
    },
    endedReason: row.session_ended_reason,
    user: toSessionUser(row, now, row.session_two_factor_verified),
  };
}

/**
 * The active account `userId` as a signed-in request would see it, for what carries no session: a
 * calendar subscription (issue 14). Null when the account may not be used.
 */
export async function loadActiveUser(
  db: Database,
  userId: string,
  now: Date,
): Promise<SessionUser | null> {
  const row = await activeUserQuery(db, now).where('u.id', '=', userId).executeTakeFirst();
  return row ? toSessionUser(row, now, true) : null;
}

function toSessionUser(
  row: UserRow,
  now: Date,
  sessionTwoFactorVerified: boolean,
): SessionUser | null {
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
