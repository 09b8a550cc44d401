import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { loadSettings, recordAudit, schoolDate, type DB } from '@schoolgate/db';
import { AppError } from '../errors';
import { explainCode } from '../policy/attendance-codes';
import { requestTitle, statusLabel } from '../policy/change-requests';
import { auditActionLabel, compactDetails } from './audit-log';
import { staffDisplayName } from './staff-names';
import { actorOf, type SignedInContext } from './staff-context';
import { renderSubjectAccessPdf, type PdfSection } from './subject-access-pdf';
import { describeUserAgent } from './user-agent';

/**
 * Subject-access and information exports (P10, P15): everything the school holds about one student
 * or one parent or carer, as JSON for a machine and as a PDF for a person. One query per section,
 * whatever its size. What is left out, and why, is written into the export itself (`notes`):
 *
 * - Child-protection records (safeguarding holds, their reasons and notes, and the audit entries
 *   about them) are held separately by the designated safeguarding lead and never appear here.
 * - Restrictions give their reason category and, for a court order, its type, date and scope; the
 *   court's document reference and the staff's free-text notes are not exported, because they can
 *   name other people: the data protection officer reviews them before any disclosure.
 * - Progress reports are exported once published; reports in cycles not yet published are drafts,
 *   and the export says how many there are so the officer can decide about them.
 * - The audit trail names who acted; IP addresses and devices are given only for what the person's
 *   own account did (or what was tried against it), never for staff.
 * - Nothing secret: no password hashes, tokens, authenticator secrets or email bodies.
 */

export const EXPORT_FORMATS = ['json', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CHILD_PROTECTION_NOTE =
  'Child-protection records are held separately by the designated safeguarding lead and are not part of this export.';
const RESTRICTIONS_NOTE =
  'Access restrictions show their reason and, for a court order, its type, date and scope. The court document reference and staff notes are not included, because they can identify other people; the data protection officer reviews them before any disclosure.';
const AUDIT_NOTE =
  'The audit trail lists who saw or changed this information and when. IP addresses and devices are shown only for actions of this person’s own account, never for staff.';
const SECRETS_NOTE =
  'Passwords, sign-in tokens and authenticator secrets are stored only in a form nobody can read back, and are not included. Emails are listed by subject, not content.';

/** What each section of the JSON file holds, in the order the PDF prints them. */
export const STUDENT_SECTIONS = {
  personalData: 'Personal data: the student record.',
  parentsAndCarers:
    'Every parent or carer linked to the student, with the parental-responsibility verification record.',
  accessRestrictions: 'Restrictions on a parent’s link to the student or on the student’s account.',
  attendance: 'Every attendance mark, morning and afternoon.',
  behaviour: 'Every behaviour event.',
  reports: 'Published progress reports, with every subject’s grades and comments.',
  noticesRead: 'Notices read with the student’s own account.',
  changeRequests: 'Problems and changes reported about the student.',
  account: 'The student’s own portal account.',
  signInHistory: 'Sign-ins, sign-outs and other sign-in events of the student’s account.',
  sessions: 'Signed-in sessions of the student’s account.',
  knownDevices: 'Devices the student’s account has signed in from.',
  policyAcceptances: 'Acceptable Usage Policy versions accepted with the student’s account.',
  emailsSent: 'Emails the portal sent to the student’s account address.',
  auditTrail: 'Every audit entry about the student, or made by or about the student’s own account.',
} as const;

export const CONTACT_SECTIONS = {
  personalData: 'Personal data: the parent or carer’s contact record.',
  children:
    'Every student they are linked to, with the parental-responsibility verification record.',
  accessRestrictions: 'Restrictions on them, their links to students or their account.',
  accessRequests: 'Their requests for portal access.',
  account: 'Their portal account.',
  signInHistory: 'Sign-ins, sign-outs and other sign-in events of their account.',
  sessions: 'Signed-in sessions of their account.',
  knownDevices: 'Devices their account has signed in from.',
  noticesRead: 'Notices they have read.',
  changeRequests: 'Problems and changes they have reported.',
  policyAcceptances: 'Acceptable Usage Policy versions they have accepted.',
  emailsSent: 'Emails the portal sent them.',
  auditTrail: 'Every audit entry made by or about their account or their contact record.',
} as const;

type Db = Kysely<DB>;

const EVIDENCE_LABELS: Record<string, string> = {
  birth_certificate: 'Birth certificate',
  adoption_or_court_order: 'Adoption or court order',
  mis_record_photo_id: 'School record and photo ID',
  other: 'Other',
};
const RESTRICTION_REASON_LABELS: Record<string, string> = {
  parental_responsibility_questioned: 'Parental responsibility questioned',
  court_order: 'Court order',
  policy_breach: 'Breach of the Acceptable Usage Policy',
  other: 'Other',
};
const COURT_ORDER_LABELS: Record<string, string> = {
  child_arrangements: 'Child arrangements order',
  prohibited_steps: 'Prohibited steps order',
  specific_issue: 'Specific issue order',
  other: 'Other order',
};
const SESSION_END_LABELS: Record<string, string> = {
  signed_out: 'Signed out',
  suspended: 'Access suspended',
  idle: 'Timed out (idle)',
  expired: 'Expired',
};
const label = (labels: Record<string, string>, value: string | null) =>
  value === null ? null : (labels[value] ?? value);

const fullName = (p: { forename: string | null; surname: string | null }) =>
  p.forename === null && p.surname === null
    ? null
    : `${p.forename ?? ''} ${p.surname ?? ''}`.trim();

/** Audit actions about child protection: never exported (P14). */
const childProtectionAction = sql<boolean>`(a.action like 'safeguarding.%' or a.action like 'view.safeguarding%')`;

// ---------------------------------------------------------------------------------------------
// Shared sections: an account, its sign-ins, sessions, devices, policy acceptances, notices read,
// emails and its audit trail.

async function accountSection(db: Db, userId: string | null) {
  if (!userId) return null;
  const row = await db
    .selectFrom('users as u')
    .leftJoin('user_totp as t', 't.user_id', 'u.id')
    .select([
      'u.username',
      'u.email',
      'u.status',
      'u.created_at',
      'u.updated_at',
      'u.last_signed_in_at',
      'u.password_set_at',
      't.enrolled_at as two_factor_enrolled_at',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    username: row.username,
    email: row.email,
    status: row.status,
    createdAt: row.created_at,
    lastSignedInAt: row.last_signed_in_at,
    passwordSetAt: row.password_set_at,
    authenticatorAppSetUpAt: row.two_factor_enrolled_at,
    updatedAt: row.updated_at,
  };
}

async function sessionsSection(db: Db, userId: string | null) {
  if (!userId) return [];
  const rows = await db
    .selectFrom('sessions')
    .select([
      'created_at',
      'last_seen_at',
      'expires_at',
      'ended_at',
      'ended_reason',
      'shared_device',
      'ip',
      'user_agent',
    ])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    startedAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    endedAt: r.ended_at,
    endedReason: label(SESSION_END_LABELS, r.ended_reason),
    sharedDevice: r.shared_device,
    ip: r.ip,
    device: describeUserAgent(r.user_agent),
    userAgent: r.user_agent,
  }));
}

async function devicesSection(db: Db, userId: string | null) {
  if (!userId) return [];
  const rows = await db
    .selectFrom('user_devices')
    .select(['first_seen_at', 'last_seen_at', 'user_agent'])
    .where('user_id', '=', userId)
    .orderBy('first_seen_at')
    .execute();
  return rows.map((r) => ({
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    device: describeUserAgent(r.user_agent),
    userAgent: r.user_agent,
  }));
}

async function policyAcceptancesSection(db: Db, userId: string | null) {
  if (!userId) return [];
  const rows = await db
    .selectFrom('policy_acceptances as pa')
    .innerJoin('policy_versions as pv', 'pv.id', 'pa.policy_version_id')
    .select(['pv.title', 'pv.effective_date', 'pa.accepted_at', 'pa.ip', 'pa.user_agent'])
    .where('pa.user_id', '=', userId)
    .orderBy('pa.accepted_at', 'desc')
    .execute();
  return rows.map((r) => ({
    policy: r.title,
    effectiveDate: r.effective_date,
    acceptedAt: r.accepted_at,
    ip: r.ip,
    device: describeUserAgent(r.user_agent),
  }));
}

async function noticesReadSection(db: Db, userId: string | null) {
  if (!userId) return [];
  const rows = await db
    .selectFrom('notice_reads as r')
    .innerJoin('notices as n', 'n.id', 'r.notice_id')
    .select(['n.title', 'n.publish_at', 'r.read_at'])
    .where('r.user_id', '=', userId)
    .orderBy('r.read_at', 'desc')
    .execute();
  return rows.map((r) => ({ title: r.title, publishedAt: r.publish_at, readAt: r.read_at }));
}

async function emailsSection(db: Db, addresses: (string | null | undefined)[]) {
  const to = [...new Set(addresses.filter((a): a is string => !!a).map((a) => a.toLowerCase()))];
  if (to.length === 0) return [];
  const rows = await db
    .selectFrom('email_outbox')
    .select(['created_at', 'to_address', 'subject', 'kind', 'status', 'sent_at'])
    .where((eb) => eb(eb.fn('lower', ['to_address']), 'in', to))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    createdAt: r.created_at,
    to: r.to_address,
    subject: r.subject,
    kind: r.kind,
    status: r.status,
    sentAt: r.sent_at,
  }));
}

interface TrailOptions {
  /** The subject's own account: its actions show their IP and device. */
  userId: string | null;
  studentId?: string | undefined;
  contactId?: string | undefined;
}

/** The audit entries about the subject, without child-protection entries, newest first. */
async function auditTrailSection(db: Db, options: TrailOptions) {
  const rows = await db
    .selectFrom('audit_log as a')
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
    return {
      id: String(r.id),
      at: r.at,
      action: r.action,
      event: auditActionLabel(r.action),
      who,
      ip: own ? r.ip : null,
      device: own && r.user_agent ? describeUserAgent(r.user_agent) : null,
      details,
    };
  });
}

type Trail = Awaited<ReturnType<typeof auditTrailSection>>;

/** The sign-in events of the account: the `auth.*` entries of its trail. */
const signInHistoryOf = (trail: Trail, userId: string | null) =>
  userId
    ? trail
        .filter((e) => e.action.startsWith('auth.'))
        .map((e) => ({ at: e.at, action: e.action, event: e.event, ip: e.ip, device: e.device }))
    : [];

async function changeRequestsSection(
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
async function restrictionsSection(
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

const verificationOf = (l: {
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

// ---------------------------------------------------------------------------------------------
// A student

async function gatherStudent(db: Db, studentId: string, now: Date) {
  const student = await db
    .selectFrom('students')
    .selectAll()
    .where('id', '=', studentId)
    .executeTakeFirst();
  if (!student) throw new AppError('not_found', 'We could not find that student.');
  const user = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('student_id', '=', studentId)
    .executeTakeFirst();
  const userId = user?.id ?? null;

  const [links, attendance, behaviour, reports, draftReports] = await Promise.all([
    db
      .selectFrom('student_contacts as l')
      .innerJoin('contacts as c', 'c.id', 'l.contact_id')
      .leftJoin('staff as v', 'v.id', 'l.verified_by_staff_id')
      .select([
        'l.id',
        'l.relationship',
        'l.parental_responsibility',
        'l.status',
        'l.created_at',
        'l.updated_at',
        'l.verified_at',
        'l.verification_evidence',
        'l.verification_note',
        'c.title',
        'c.forename',
        'c.surname',
        'v.title as verifier_title',
        'v.forename as verifier_forename',
        'v.surname as verifier_surname',
      ])
      .where('l.student_id', '=', studentId)
      .orderBy('c.surname')
      .orderBy('c.forename')
      .execute(),
    db
      .selectFrom('attendance_marks as m')
      .leftJoin('staff as st', 'st.id', 'm.recorded_by_staff_id')
      .select([
        'm.on_date',
        'm.session',
        'm.code',
        'm.minutes_late',
        'm.note',
        'm.recorded_at',
        'm.updated_at',
        'st.title',
        'st.forename',
        'st.surname',
      ])
      .where('m.student_id', '=', studentId)
      .orderBy('m.on_date')
      .orderBy('m.session')
      .execute(),
    db
      .selectFrom('behaviour_events as e')
      .leftJoin('staff as st', 'st.id', 'e.recorded_by_staff_id')
      .select([
        'e.occurred_on',
        'e.kind',
        'e.category',
        'e.points',
        'e.description',
        'e.place',
        'e.action_taken',
        'e.action_date',
        'e.created_at',
        'e.updated_at',
        'st.title',
        'st.forename',
        'st.surname',
      ])
      .where('e.student_id', '=', studentId)
      .orderBy('e.occurred_on')
      .orderBy('e.created_at')
      .execute(),
    db
      .selectFrom('reports as r')
      .innerJoin('report_cycles as c', 'c.id', 'r.cycle_id')
      .leftJoin('staff as t', 't.id', 'r.tutor_staff_id')
      .select((eb) => [
        'r.id',
        'c.name',
        'c.publish_at',
        'r.tutor_comment',
        'r.updated_at',
        't.title',
        't.forename',
        't.surname',
        sql<
          {
            subject: string;
            attainment: string | null;
            target: string | null;
            effort: string | null;
            comment: string | null;
            teacher: string | null;
          }[]
        >`coalesce((
          select json_agg(json_build_object(
            'subject', rs.subject, 'attainment', rs.attainment, 'target', rs.target,
            'effort', rs.effort, 'comment', rs.comment,
            'teacher', case when ts.surname is null then null
              else coalesce(ts.title, ts.forename) || ' ' || ts.surname end
          ) order by rs.sort_order, rs.subject)
          from report_subjects rs left join staff ts on ts.id = rs.teacher_staff_id
          where rs.report_id = ${eb.ref('r.id')}
        ), '[]'::json)`.as('subjects'),
      ])
      .where('r.student_id', '=', studentId)
      .where('c.publish_at', 'is not', null)
      .where('c.publish_at', '<=', now)
      .orderBy('c.publish_at')
      .execute(),
    db
      .selectFrom('reports as r')
      .innerJoin('report_cycles as c', 'c.id', 'r.cycle_id')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('r.student_id', '=', studentId)
      .where((eb) => eb.or([eb('c.publish_at', 'is', null), eb('c.publish_at', '>', now)]))
      .executeTakeFirstOrThrow(),
  ]);

  const [restrictions, changeRequests, account, sessions, knownDevices, policies, noticesRead] =
    await Promise.all([
      restrictionsSection(db, { linkIds: links.map((l) => l.id), userId }),
      changeRequestsSection(db, { studentId }),
      accountSection(db, userId),
      sessionsSection(db, userId),
      devicesSection(db, userId),
      policyAcceptancesSection(db, userId),
      noticesReadSection(db, userId),
    ]);
  const [emailsSent, auditTrail] = await Promise.all([
    emailsSection(db, [user?.email]),
    auditTrailSection(db, { userId, studentId }),
  ]);

  const drafts = Number(draftReports.n);
  const name = `${student.forename} ${student.surname}`;
  return {
    name,
    userId,
    draftReports: drafts,
    sections: {
      personalData: {
        id: student.id,
        forename: student.forename,
        surname: student.surname,
        preferredName: student.preferred_name,
        dateOfBirth: student.date_of_birth,
        yearGroup: student.year_group,
        form: student.form,
        upn: student.upn,
        admissionDate: student.admission_date,
        leavingDate: student.leaving_date,
        managementSystemId: student.source_id,
        createdAt: student.created_at,
        updatedAt: student.updated_at,
      },
      parentsAndCarers: links.map((l) => ({
        name: [l.title, l.forename, l.surname].filter(Boolean).join(' '),
        relationship: l.relationship,
        parentalResponsibility: l.parental_responsibility,
        linkStatus: l.status,
        verification: verificationOf(l),
        linkedAt: l.created_at,
        updatedAt: l.updated_at,
      })),
      accessRestrictions: restrictions,
      attendance: attendance.map((m) => ({
        date: m.on_date,
        session: m.session,
        code: m.code,
        meaning: explainCode(m.code),
        minutesLate: m.minutes_late,
        note: m.note,
        recordedBy: staffDisplayName(m),
        recordedAt: m.recorded_at,
        updatedAt: m.updated_at,
      })),
      behaviour: behaviour.map((e) => ({
        date: e.occurred_on,
        kind: e.kind,
        category: e.category,
        points: e.points,
        description: e.description,
        place: e.place,
        actionTaken: e.action_taken,
        actionDate: e.action_date,
        recordedBy: staffDisplayName(e),
        createdAt: e.created_at,
        updatedAt: e.updated_at,
      })),
      reports: reports.map((r) => ({
        cycle: r.name,
        publishedAt: r.publish_at,
        tutor: staffDisplayName(r),
        tutorComment: r.tutor_comment,
        subjects: r.subjects,
        updatedAt: r.updated_at,
      })),
      noticesRead,
      changeRequests,
      account,
      signInHistory: signInHistoryOf(auditTrail, userId),
      sessions,
      knownDevices,
      policyAcceptances: policies,
      emailsSent,
      auditTrail,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A parent or carer

async function gatherContact(db: Db, contactId: string) {
  const contact = await db
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!contact) throw new AppError('not_found', 'We could not find that parent or carer.');
  const user = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  const userId = user?.id ?? null;

  const [links, accessRequests] = await Promise.all([
    db
      .selectFrom('student_contacts as l')
      .innerJoin('students as s', 's.id', 'l.student_id')
      .leftJoin('staff as v', 'v.id', 'l.verified_by_staff_id')
      .select([
        'l.id',
        'l.relationship',
        'l.parental_responsibility',
        'l.status',
        'l.created_at',
        'l.updated_at',
        'l.verified_at',
        'l.verification_evidence',
        'l.verification_note',
        's.forename',
        's.surname',
        's.year_group',
        's.form',
        's.leaving_date',
        'v.title as verifier_title',
        'v.forename as verifier_forename',
        'v.surname as verifier_surname',
      ])
      .where('l.contact_id', '=', contactId)
      .orderBy('s.year_group', 'desc')
      .orderBy('s.forename')
      .execute(),
    db
      .selectFrom('access_requests as r')
      .select((eb) => [
        'r.id',
        'r.created_at',
        'r.forename',
        'r.surname',
        'r.email',
        'r.phone',
        'r.relationship',
        'r.status',
        'r.decided_at',
        sql<{ forename: string; surname: string; date_of_birth: string }[]>`coalesce((
          select json_agg(json_build_object('forename', k.forename, 'surname', k.surname,
            'date_of_birth', k.date_of_birth) order by k.surname, k.forename)
          from access_request_children k where k.request_id = ${eb.ref('r.id')}
        ), '[]'::json)`.as('children'),
      ])
      .where('r.contact_id', '=', contactId)
      .orderBy('r.created_at', 'desc')
      .execute(),
  ]);

  const [restrictions, changeRequests, account, sessions, knownDevices, policies, noticesRead] =
    await Promise.all([
      restrictionsSection(db, { linkIds: links.map((l) => l.id), userId, contactId }),
      changeRequestsSection(db, { userId, contactId }),
      accountSection(db, userId),
      sessionsSection(db, userId),
      devicesSection(db, userId),
      policyAcceptancesSection(db, userId),
      noticesReadSection(db, userId),
    ]);
  const [emailsSent, auditTrail] = await Promise.all([
    emailsSection(db, [user?.email, contact.email]),
    auditTrailSection(db, { userId, contactId }),
  ]);

  const name = [contact.title, contact.forename, contact.surname].filter(Boolean).join(' ');
  return {
    name,
    userId,
    sections: {
      personalData: {
        id: contact.id,
        title: contact.title,
        forename: contact.forename,
        surname: contact.surname,
        email: contact.email,
        phoneMobile: contact.phone_mobile,
        phoneHome: contact.phone_home,
        phoneWork: contact.phone_work,
        addressLine1: contact.address_line1,
        addressLine2: contact.address_line2,
        town: contact.town,
        postcode: contact.postcode,
        managementSystemId: contact.source_id,
        createdAt: contact.created_at,
        updatedAt: contact.updated_at,
      },
      children: links.map((l) => ({
        student: `${l.forename} ${l.surname}`,
        yearGroup: l.year_group,
        form: l.form,
        leavingDate: l.leaving_date,
        relationship: l.relationship,
        parentalResponsibility: l.parental_responsibility,
        linkStatus: l.status,
        verification: verificationOf(l),
        linkedAt: l.created_at,
        updatedAt: l.updated_at,
      })),
      accessRestrictions: restrictions,
      accessRequests: accessRequests.map((r) => ({
        submittedAt: r.created_at,
        name: `${r.forename} ${r.surname}`,
        email: r.email,
        phone: r.phone,
        relationship: r.relationship,
        children: r.children.map((k) => ({
          name: `${k.forename} ${k.surname}`,
          dateOfBirth: k.date_of_birth,
        })),
        status: r.status,
        decidedAt: r.decided_at,
      })),
      account,
      signInHistory: signInHistoryOf(auditTrail, userId),
      sessions,
      knownDevices,
      noticesRead,
      changeRequests,
      policyAcceptances: policies,
      emailsSent,
      auditTrail,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The export

export type SubjectKind = 'student' | 'contact';

export interface ExportFile {
  fileName: string;
  contentType: string;
  base64: string;
}

const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'person';

/** Everything held about one student or parent, as the JSON object (before serialising). */
export async function buildSubjectAccessExport(
  ctx: SignedInContext,
  subject: { kind: SubjectKind; id: string },
) {
  return (await gatherExport(ctx, subject)).data;
}

async function gatherExport(ctx: SignedInContext, subject: { kind: SubjectKind; id: string }) {
  const now = ctx.now();
  const settings = await loadSettings(ctx.db);
  const gathered =
    subject.kind === 'student'
      ? await gatherStudent(ctx.db, subject.id, now)
      : await gatherContact(ctx.db, subject.id);
  const descriptions: Record<string, string> =
    subject.kind === 'student' ? STUDENT_SECTIONS : CONTACT_SECTIONS;
  const notes = [
    CHILD_PROTECTION_NOTE,
    RESTRICTIONS_NOTE,
    ...('draftReports' in gathered
      ? [
          gathered.draftReports === 0
            ? 'Only published progress reports are included; there are no unpublished drafts.'
            : `Only published progress reports are included. ${gathered.draftReports} report${gathered.draftReports === 1 ? ' is' : 's are'} still being written (not yet published) and ${gathered.draftReports === 1 ? 'is' : 'are'} not included.`,
        ]
      : []),
    AUDIT_NOTE,
    SECRETS_NOTE,
  ];
  const sections = gathered.sections as Record<string, unknown>;
  const data = {
    format: 'schoolgate-subject-access/1',
    generatedAt: now.toISOString(),
    generatedBy: ctx.user.displayName,
    school: { name: settings.school_name, enquiriesEmail: settings.enquiries_email },
    timeZone: settings.time_zone,
    subject: { kind: subject.kind, id: subject.id, name: gathered.name },
    notes,
    contents: Object.entries(descriptions).map(([key, description]) => {
      const value = sections[key];
      return {
        key,
        description,
        entries: Array.isArray(value) ? value.length : value ? 1 : 0,
      };
    }),
    ...gathered.sections,
  };
  return { data, userId: gathered.userId };
}

export type SubjectAccessExport = Awaited<ReturnType<typeof buildSubjectAccessExport>>;

/**
 * Builds the export as a file and records that it was made (P10): who, about whom, which format
 * and, when it answers a logged request, which one.
 */
export async function exportSubjectAccess(
  ctx: SignedInContext,
  input: {
    kind: SubjectKind;
    id: string;
    format: ExportFormat;
    requestId?: string | undefined;
  },
): Promise<ExportFile> {
  const { data, userId } = await gatherExport(ctx, { kind: input.kind, id: input.id });
  const today = schoolDate(ctx.now(), data.timeZone);
  const base = `subject-access-${slug(data.subject.name)}-${today}`;
  let file: ExportFile;
  if (input.format === 'json') {
    file = {
      fileName: `${base}.json`,
      contentType: 'application/json; charset=utf-8',
      base64: Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8').toString('base64'),
    };
  } else {
    const pdf = await renderSubjectAccessPdf({
      schoolName: data.school.name,
      subjectName: data.subject.name,
      subjectKind: input.kind,
      generatedAt: ctx.now(),
      generatedBy: data.generatedBy,
      timeZone: data.timeZone,
      notes: data.notes,
      sections: printableSections(data),
    });
    file = {
      fileName: `${base}.pdf`,
      contentType: 'application/pdf',
      base64: pdf.toString('base64'),
    };
  }
  await recordAudit(ctx.db, {
    ...actorOf(ctx),
    action: 'export.subject_access',
    studentId: input.kind === 'student' ? input.id : null,
    targetUserId: userId,
    details: {
      subject: input.kind,
      [input.kind === 'student' ? 'student_id' : 'contact_id']: input.id,
      format: input.format,
      ...(input.requestId ? { request_id: input.requestId } : {}),
    },
  });
  return file;
}

// ---------------------------------------------------------------------------------------------
// The PDF's sections: the same data, as headings, facts and tables.

function printableSections(data: SubjectAccessExport): PdfSection[] {
  const tz = data.timeZone;
  const dateTime = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: tz,
  });
  const longDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
  const at = (value: Date | string | null | undefined) =>
    value ? dateTime.format(typeof value === 'string' ? new Date(value) : value) : '—';
  const day = (value: string | null | undefined) =>
    value ? longDate.format(new Date(`${value}T00:00:00Z`)) : '—';
  const text = (value: unknown) =>
    value === null || value === undefined || value === '' ? '—' : String(value);
  const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
  const s = data as unknown as Record<string, unknown>;
  const list = <T>(key: string) => (s[key] ?? []) as T[];
  const sections: PdfSection[] = [];
  const titles: Record<string, string> = {
    personalData: 'Personal data',
    parentsAndCarers: 'Parents and carers',
    children: 'Children',
    accessRestrictions: 'Access restrictions',
    accessRequests: 'Requests for portal access',
    attendance: 'Attendance',
    behaviour: 'Behaviour',
    reports: 'Progress reports',
    noticesRead: 'Notices read',
    changeRequests: 'Problems and changes reported',
    account: 'Portal account',
    signInHistory: 'Sign-in history',
    sessions: 'Sessions',
    knownDevices: 'Devices',
    policyAcceptances: 'Acceptable Usage Policy',
    emailsSent: 'Emails sent',
    auditTrail: 'Audit trail',
  };

  for (const { key, description, entries } of data.contents) {
    const title = titles[key] ?? key;
    const before = sections.length;
    switch (key) {
      case 'personalData': {
        const p = s.personalData as Record<string, unknown>;
        const facts: [string, string][] =
          data.subject.kind === 'student'
            ? [
                ['Forename', text(p.forename)],
                ['Surname', text(p.surname)],
                ['Preferred name', text(p.preferredName)],
                ['Date of birth', day(p.dateOfBirth as string)],
                ['Year and form', `Year ${text(p.yearGroup)}, form ${text(p.form)}`],
                ['Unique pupil number', text(p.upn)],
                ['Admitted', day(p.admissionDate as string)],
                ['Left', day(p.leavingDate as string | null)],
                ['Management system id', text(p.managementSystemId)],
                ['Record made', at(p.createdAt as Date)],
                ['Last updated', at(p.updatedAt as Date)],
              ]
            : [
                ['Title', text(p.title)],
                ['Forename', text(p.forename)],
                ['Surname', text(p.surname)],
                ['Email', text(p.email)],
                ['Mobile', text(p.phoneMobile)],
                ['Home phone', text(p.phoneHome)],
                ['Work phone', text(p.phoneWork)],
                [
                  'Address',
                  text(
                    [p.addressLine1, p.addressLine2, p.town, p.postcode].filter(Boolean).join(', '),
                  ),
                ],
                ['Management system id', text(p.managementSystemId)],
                ['Record made', at(p.createdAt as Date)],
                ['Last updated', at(p.updatedAt as Date)],
              ];
        sections.push({ title, description, facts });
        break;
      }
      case 'parentsAndCarers':
      case 'children': {
        type Link = {
          name?: string;
          student?: string;
          yearGroup?: number;
          form?: string;
          relationship: string;
          parentalResponsibility: boolean;
          linkStatus: string;
          verification: {
            evidence: string | null;
            note: string | null;
            verifiedBy: string | null;
            verifiedAt: Date;
          } | null;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: key === 'children' ? 'Student' : 'Name', width: 2 },
              { title: 'Relationship', width: 1.3 },
              { title: 'Parental responsibility', width: 1.2 },
              { title: 'Verification', width: 3.5 },
            ],
            rows: list<Link>(key).map((l) => [
              key === 'children'
                ? `${text(l.student)} (Year ${text(l.yearGroup)}, ${text(l.form)})`
                : text(l.name),
              text(l.relationship),
              `${yesNo(l.parentalResponsibility)}; link ${l.linkStatus}`,
              l.verification
                ? `Checked by ${text(l.verification.verifiedBy)} on ${at(l.verification.verifiedAt)}. Evidence: ${text(l.verification.evidence)}. Note: ${text(l.verification.note)}`
                : 'Not verified',
            ]),
          },
        });
        break;
      }
      case 'accessRestrictions': {
        type R = {
          concerns: string;
          reason: string | null;
          courtOrder: { type: string | null; date: string | null; scope: string | null } | null;
          startedAt: Date;
          liftedAt: Date | null;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Concerns', width: 2.4 },
              { title: 'Reason', width: 2.6 },
              { title: 'From', width: 1.2 },
              { title: 'Lifted', width: 1.2 },
            ],
            rows: list<R>(key).map((r) => [
              r.concerns,
              r.courtOrder
                ? `${text(r.reason)}: ${text(r.courtOrder.type)} dated ${day(r.courtOrder.date)}. Scope: ${text(r.courtOrder.scope)}`
                : text(r.reason),
              at(r.startedAt),
              r.liftedAt ? at(r.liftedAt) : 'Still in force',
            ]),
          },
        });
        break;
      }
      case 'accessRequests': {
        type A = {
          submittedAt: Date;
          name: string;
          email: string;
          relationship: string;
          children: { name: string; dateOfBirth: string }[];
          status: string;
          decidedAt: Date | null;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Sent', width: 1.2 },
              { title: 'From', width: 2 },
              { title: 'Children named', width: 2.4 },
              { title: 'Outcome', width: 1.4 },
            ],
            rows: list<A>(key).map((r) => [
              at(r.submittedAt),
              `${r.name} (${r.relationship}), ${r.email}`,
              r.children.map((c) => `${c.name}, born ${day(c.dateOfBirth)}`).join('; ') || '—',
              `${r.status}${r.decidedAt ? `, ${at(r.decidedAt)}` : ''}`,
            ]),
          },
        });
        break;
      }
      case 'attendance': {
        type M = {
          date: string;
          session: string;
          code: string;
          meaning: string;
          minutesLate: number | null;
          note: string | null;
          recordedBy: string | null;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Date', width: 1.2 },
              { title: 'Session', width: 0.7 },
              { title: 'Code', width: 0.6 },
              { title: 'Meaning', width: 2.6 },
              { title: 'Note', width: 1.8 },
              { title: 'Recorded by', width: 1.2 },
            ],
            rows: list<M>(key).map((m) => [
              day(m.date),
              m.session,
              m.code,
              m.minutesLate ? `${m.meaning} (${m.minutesLate} minutes late)` : m.meaning,
              text(m.note),
              text(m.recordedBy),
            ]),
          },
        });
        break;
      }
      case 'behaviour': {
        type B = {
          date: string;
          kind: string;
          category: string;
          points: number;
          description: string;
          place: string | null;
          actionTaken: string | null;
          recordedBy: string | null;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Date', width: 1.1 },
              { title: 'Kind', width: 1.6 },
              { title: 'What happened', width: 3.2 },
              { title: 'Action taken', width: 1.3 },
              { title: 'Recorded by', width: 1.1 },
            ],
            rows: list<B>(key).map((e) => [
              day(e.date),
              `${e.kind === 'positive' ? 'Positive' : 'Negative'}: ${e.category} (${e.points} point${e.points === 1 ? '' : 's'})`,
              e.place ? `${e.description} (${e.place})` : e.description,
              text(e.actionTaken),
              text(e.recordedBy),
            ]),
          },
        });
        break;
      }
      case 'reports': {
        type Rep = {
          cycle: string;
          publishedAt: Date;
          tutor: string | null;
          tutorComment: string | null;
          subjects: {
            subject: string;
            teacher: string | null;
            attainment: string | null;
            target: string | null;
            effort: string | null;
            comment: string | null;
          }[];
        };
        const rows: string[][] = [];
        for (const r of list<Rep>(key)) {
          for (const sub of r.subjects) {
            rows.push([
              `${r.cycle} (published ${at(r.publishedAt)})`,
              `${sub.subject}${sub.teacher ? ` – ${sub.teacher}` : ''}`,
              `Attainment ${text(sub.attainment)}, target ${text(sub.target)}, effort ${text(sub.effort)}`,
              text(sub.comment),
            ]);
          }
          rows.push([
            `${r.cycle} (published ${at(r.publishedAt)})`,
            `Tutor${r.tutor ? ` – ${r.tutor}` : ''}`,
            '',
            text(r.tutorComment),
          ]);
        }
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Report', width: 1.5 },
              { title: 'Subject', width: 1.5 },
              { title: 'Grades', width: 1.5 },
              { title: 'Comment', width: 3.5 },
            ],
            rows,
          },
        });
        break;
      }
      case 'noticesRead': {
        type N = { title: string; readAt: Date };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Notice', width: 4 },
              { title: 'Read', width: 1.5 },
            ],
            rows: list<N>(key).map((n) => [n.title, at(n.readAt)]),
          },
        });
        break;
      }
      case 'changeRequests': {
        type C = {
          title: string;
          recordSummary: string | null;
          requestedBy: string | null;
          message: string;
          proposed: unknown;
          status: string;
          schoolReply: string | null;
          createdAt: Date;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Sent', width: 1.2 },
              { title: 'Request', width: 2 },
              { title: 'Message', width: 3 },
              { title: 'Outcome', width: 1.6 },
            ],
            rows: list<C>(key).map((c) => [
              at(c.createdAt),
              `${c.title}${c.recordSummary ? `: ${c.recordSummary}` : ''}${c.requestedBy ? ` (from ${c.requestedBy})` : ''}`,
              `${c.message}${c.proposed ? ` Proposed: ${compactDetails(c.proposed as Record<string, unknown>, 400)}` : ''}`,
              `${c.status}${c.schoolReply ? `. Reply: ${c.schoolReply}` : ''}`,
            ]),
          },
        });
        break;
      }
      case 'account': {
        const a = s.account as {
          username: string;
          email: string;
          status: string;
          createdAt: Date;
          lastSignedInAt: Date | null;
          passwordSetAt: Date | null;
          authenticatorAppSetUpAt: Date | null;
        } | null;
        sections.push(
          a
            ? {
                title,
                description,
                facts: [
                  ['Username', a.username],
                  ['Email', a.email],
                  ['Status', a.status],
                  ['Made', at(a.createdAt)],
                  ['Last signed in', a.lastSignedInAt ? at(a.lastSignedInAt) : 'Never'],
                  ['Password last set', a.passwordSetAt ? at(a.passwordSetAt) : 'Not set'],
                  [
                    'Authenticator app',
                    a.authenticatorAppSetUpAt ? `Set up ${at(a.authenticatorAppSetUpAt)}` : 'No',
                  ],
                ],
              }
            : { title, description, facts: [], empty: 'There is no portal account.' },
        );
        break;
      }
      case 'signInHistory': {
        type E = { at: Date; event: string; ip: string | null; device: string | null };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'When', width: 1.3 },
              { title: 'What happened', width: 2.8 },
              { title: 'IP address', width: 1.3 },
              { title: 'Device', width: 1.6 },
            ],
            rows: list<E>(key).map((e) => [at(e.at), e.event, text(e.ip), text(e.device)]),
          },
        });
        break;
      }
      case 'sessions': {
        type S = {
          startedAt: Date;
          lastSeenAt: Date;
          endedAt: Date | null;
          endedReason: string | null;
          sharedDevice: boolean;
          ip: string | null;
          device: string;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Started', width: 1.3 },
              { title: 'Last used', width: 1.3 },
              { title: 'Ended', width: 1.6 },
              { title: 'IP address', width: 1.2 },
              { title: 'Device', width: 1.6 },
            ],
            rows: list<S>(key).map((x) => [
              at(x.startedAt),
              at(x.lastSeenAt),
              x.endedAt ? `${at(x.endedAt)} (${text(x.endedReason)})` : 'Not ended',
              text(x.ip),
              `${x.device}${x.sharedDevice ? ' (shared computer)' : ''}`,
            ]),
          },
        });
        break;
      }
      case 'knownDevices': {
        type D = { firstSeenAt: Date; lastSeenAt: Date; device: string };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Device', width: 2 },
              { title: 'First used', width: 1.5 },
              { title: 'Last used', width: 1.5 },
            ],
            rows: list<D>(key).map((d) => [d.device, at(d.firstSeenAt), at(d.lastSeenAt)]),
          },
        });
        break;
      }
      case 'policyAcceptances': {
        type P = { policy: string; effectiveDate: string; acceptedAt: Date; ip: string | null };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Policy', width: 2.5 },
              { title: 'In force from', width: 1.3 },
              { title: 'Accepted', width: 1.3 },
              { title: 'IP address', width: 1.2 },
            ],
            rows: list<P>(key).map((p) => [
              p.policy,
              day(p.effectiveDate),
              at(p.acceptedAt),
              text(p.ip),
            ]),
          },
        });
        break;
      }
      case 'emailsSent': {
        type M = { createdAt: Date; to: string; subject: string; status: string };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'When', width: 1.3 },
              { title: 'To', width: 2 },
              { title: 'Subject', width: 3 },
              { title: 'Status', width: 0.9 },
            ],
            rows: list<M>(key).map((m) => [at(m.createdAt), m.to, m.subject, m.status]),
          },
        });
        break;
      }
      case 'auditTrail': {
        type T = {
          at: Date;
          event: string;
          action: string;
          who: string;
          ip: string | null;
          device: string | null;
          details: Record<string, unknown>;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'When', width: 1.25 },
              { title: 'What happened', width: 2.2 },
              { title: 'Who', width: 1.8 },
              { title: 'From', width: 1.4 },
              { title: 'Details', width: 2 },
            ],
            rows: list<T>(key).map((e) => [
              at(e.at),
              `${e.event} [${e.action}]`,
              e.who,
              e.ip ? `${e.ip}${e.device ? `, ${e.device}` : ''}` : '—',
              compactDetails(e.details, 160) || '—',
            ]),
          },
        });
        break;
      }
      default:
        break;
    }
    // The contents count records (3 reports), not printed rows (a row per subject).
    if (sections.length > before && sections.at(-1)!.table) sections.at(-1)!.count = entries;
  }
  return sections;
}
