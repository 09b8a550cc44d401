import { sql, type Expression, type SqlBool } from 'kysely';
import { staffDisplayName, describeUserAgent } from '../../core';
import { requestTitle, statusLabel } from '../../change-requests';
import { auditActionLabel } from '../../audit';
import {
  COURT_ORDER_LABELS,
  type Db,
  EVIDENCE_LABELS,
  RESTRICTION_REASON_LABELS,
  childProtectionAction,
  fullName,
  label,
} from './contents';

// The audit trail, sign-ins, change requests, restrictions and verification records of a subject.

interface TrailOptions {
  /** The subject's own account: its actions show their IP and device. */
  userId: string | null;
  studentId?: string | undefined;
  contactId?: string | undefined;
}

/** The audit entries about the subject, without child-protection entries, newest first. */
export async function auditTrailSection(db: Db, options: TrailOptions) {
  return (await auditTrailEntries(db, options)).map(({ entry }) => entry);
}

/**
 * The audit trail's entries, each with the type of the court order it is tied to (the entry
 * revoking or reinstating access under a court-order restriction), or null: a student's export
 * holds those back for review (review-section.ts).
 */
export async function auditTrailEntries(db: Db, options: TrailOptions) {
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('access_restrictions as cr', (join) =>
      join
        .on(sql<boolean>`cr.id::text = a.details ->> 'restriction_id'`)
        .on('cr.reason', '=', 'court_order'),
    )
    .leftJoin('users as au', 'au.id', 'a.actor_user_id')
    .leftJoin('staff as ast', 'ast.id', 'au.staff_id')
    .leftJoin('contacts as ac', 'ac.id', 'au.contact_id')
    .leftJoin('students as as2', 'as2.id', 'au.student_id')
    .select([
      'a.id',
      'a.at',
      'a.action',
      'a.actor_user_id',
      'a.target_user_id',
      'a.ip',
      'a.user_agent',
      'a.details',
      'au.staff_id as actor_staff_id',
      'au.contact_id as actor_contact_id',
      'ast.forename as staff_forename',
      'ast.surname as staff_surname',
      'ac.forename as contact_forename',
      'ac.surname as contact_surname',
      'as2.forename as student_forename',
      'as2.surname as student_surname',
      // A revocation records its reason itself; a reinstatement only names the restriction.
      sql<string | null>`coalesce(cr.court_order_type, case
        when a.action = 'access.revoked' and a.details ->> 'reason' = 'court_order'
        then coalesce(a.details ->> 'court_order_type', 'other') end)`.as('court_order_type'),
    ])
    .where((eb) => {
      const about: Expression<SqlBool>[] = [];
      if (options.studentId) {
        about.push(eb('a.student_id', '=', options.studentId));
        about.push(
          sql<boolean>`a.details @> ${JSON.stringify({ student_ids: [options.studentId] })}::jsonb`,
        );
      }
      if (options.contactId) {
        about.push(
          sql<boolean>`a.details @> ${JSON.stringify({ contact_id: options.contactId })}::jsonb`,
        );
      }
      if (options.userId) {
        about.push(eb('a.actor_user_id', '=', options.userId));
        about.push(eb('a.target_user_id', '=', options.userId));
      }
      return eb.and([eb.or(about), eb.not(childProtectionAction)]);
    })
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  return rows.map((r) => {
    const details = (
      typeof r.details === 'string' ? JSON.parse(r.details) : (r.details ?? {})
    ) as Record<string, unknown>;
    const own =
      (r.actor_user_id !== null && r.actor_user_id === options.userId) ||
      (r.actor_user_id === null &&
        r.target_user_id !== null &&
        r.target_user_id === options.userId);
    let who: string;
    if (r.actor_user_id === null) {
      who = r.ip ? 'Someone not signed in' : 'The portal itself';
    } else if (r.actor_user_id === options.userId) {
      who = 'This person’s own account';
    } else if (r.actor_staff_id) {
      who = `${fullName({ forename: r.staff_forename, surname: r.staff_surname }) ?? 'A member of staff'} (school staff)`;
    } else if (r.actor_contact_id) {
      who = `${fullName({ forename: r.contact_forename, surname: r.contact_surname }) ?? 'A parent or carer'} (parent or carer)`;
    } else {
      who = `${fullName({ forename: r.student_forename, surname: r.student_surname }) ?? 'A student'} (student)`;
    }
    const entry = {
      id: String(r.id),
      at: r.at,
      action: r.action,
      event: auditActionLabel(r.action),
      who,
      ip: own ? r.ip : null,
      device: own && r.user_agent ? describeUserAgent(r.user_agent) : null,
      details,
    };
    return { entry, courtOrderType: r.court_order_type };
  });
}

export type Trail = Awaited<ReturnType<typeof auditTrailSection>>;

/** The sign-in events of the account: the `auth.*` entries of its trail. */
export const signInHistoryOf = (trail: Trail, userId: string | null) =>
  userId
    ? trail
        .filter((e) => e.action.startsWith('auth.'))
        .map((e) => ({ at: e.at, action: e.action, event: e.event, ip: e.ip, device: e.device }))
    : [];

export async function changeRequestsSection(
  db: Db,
  where: { studentId: string } | { userId: string | null; contactId: string },
) {
  const rows = await db
    .selectFrom('change_requests as r')
    .leftJoin('users as ru', 'ru.id', 'r.requester_user_id')
    .leftJoin('contacts as rc', 'rc.id', 'ru.contact_id')
    .leftJoin('students as s', 's.id', 'r.student_id')
    .select([
      'r.id',
      'r.kind',
      'r.record_type',
      'r.record_summary',
      'r.detail_type',
      'r.message',
      'r.proposed',
      'r.status',
      'r.staff_reply',
      'r.created_at',
      'r.handled_at',
      'r.updated_at',
      'rc.forename as requester_forename',
      'rc.surname as requester_surname',
      's.forename as student_forename',
      's.surname as student_surname',
    ])
    .where((eb) =>
      'studentId' in where
        ? eb('r.student_id', '=', where.studentId)
        : eb.or([
            eb('r.contact_id', '=', where.contactId),
            ...(where.userId ? [eb('r.requester_user_id', '=', where.userId)] : []),
          ]),
    )
    .orderBy('r.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: requestTitle(r),
    kind: r.kind,
    recordType: r.record_type,
    recordSummary: r.record_summary,
    detailType: r.detail_type,
    student: fullName({ forename: r.student_forename, surname: r.student_surname }),
    requestedBy: fullName({ forename: r.requester_forename, surname: r.requester_surname }),
    message: r.message,
    proposed: r.proposed,
    status: statusLabel(r.status),
    schoolReply: r.staff_reply,
    createdAt: r.created_at,
    handledAt: r.handled_at,
    updatedAt: r.updated_at,
  }));
}

/** Restrictions matching `where`, without the court's document reference or staff notes. */
export async function restrictionsSection(
  db: Db,
  where: { linkIds: string[]; userId: string | null; contactId?: string | undefined },
) {
  if (where.linkIds.length === 0 && !where.userId && !where.contactId) return [];
  const rows = await db
    .selectFrom('access_restrictions as ar')
    .leftJoin('student_contacts as l', 'l.id', 'ar.link_id')
    .leftJoin('contacts as lc', 'lc.id', 'l.contact_id')
    .leftJoin('students as ls', 'ls.id', 'l.student_id')
    .leftJoin('contacts as c', 'c.id', 'ar.contact_id')
    .leftJoin('users as tu', 'tu.id', 'ar.user_id')
    .select([
      'ar.id',
      'ar.reason',
      'ar.court_order_type',
      'ar.court_order_date',
      'ar.court_order_scope',
      'ar.created_at',
      'ar.lifted_at',
      'ar.contact_id',
      'ar.link_id',
      'ar.user_id',
      'lc.forename as link_contact_forename',
      'lc.surname as link_contact_surname',
      'ls.forename as link_student_forename',
      'ls.surname as link_student_surname',
      'c.forename as contact_forename',
      'c.surname as contact_surname',
      'tu.username as user_username',
    ])
    .where((eb) =>
      eb.or([
        ...(where.linkIds.length > 0 ? [eb('ar.link_id', 'in', where.linkIds)] : []),
        ...(where.userId ? [eb('ar.user_id', '=', where.userId)] : []),
        ...(where.contactId ? [eb('ar.contact_id', '=', where.contactId)] : []),
      ]),
    )
    .orderBy('ar.created_at', 'desc')
    .execute();
  return rows.map((r) => {
    const concerns = r.link_id
      ? `The link between ${fullName({ forename: r.link_contact_forename, surname: r.link_contact_surname }) ?? 'a parent or carer'} and ${fullName({ forename: r.link_student_forename, surname: r.link_student_surname }) ?? 'a student'}`
      : r.contact_id
        ? `All portal access of ${fullName({ forename: r.contact_forename, surname: r.contact_surname }) ?? 'a parent or carer'}`
        : `The portal account ${r.user_username ?? ''}`.trim();
    return {
      id: r.id,
      concerns,
      reason: label(RESTRICTION_REASON_LABELS, r.reason),
      courtOrder:
        r.reason === 'court_order'
          ? {
              type: label(COURT_ORDER_LABELS, r.court_order_type),
              date: r.court_order_date,
              scope: r.court_order_scope,
            }
          : null,
      startedAt: r.created_at,
      liftedAt: r.lifted_at,
      active: r.lifted_at === null,
    };
  });
}

export const verificationOf = (l: {
  status: string;
  verified_at: Date | null;
  verification_evidence: string | null;
  verification_note: string | null;
  verifier_title: string | null;
  verifier_forename: string | null;
  verifier_surname: string | null;
}) =>
  l.verified_at
    ? {
        evidence: label(EVIDENCE_LABELS, l.verification_evidence),
        note: l.verification_note,
        verifiedBy: staffDisplayName({
          title: l.verifier_title,
          forename: l.verifier_forename,
          surname: l.verifier_surname,
        }),
        verifiedAt: l.verified_at,
      }
    : null;
