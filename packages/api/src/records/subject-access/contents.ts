import { sql, type Kysely } from 'kysely';
import { type DB } from '@schoolgate/db';

// What an export is made of: its formats, its notes on what is left out, its sections and labels.

export const EXPORT_FORMATS = ['json', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CHILD_PROTECTION_NOTE =
  'Child-protection records are held separately by the designated safeguarding lead and are not part of this export.';
export const RESTRICTIONS_NOTE =
  'Access restrictions show their reason and, for a court order, its type, date and scope. The court document reference and staff notes are not included, because they can identify other people; the data protection officer reviews them before any disclosure.';
export const AUDIT_NOTE =
  'The audit trail lists who saw or changed this information and when. IP addresses and devices are shown only for actions of this person’s own account, never for staff.';
export const SECRETS_NOTE =
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
  messages:
    'Message threads about the student, with who wrote each message; only the student’s own text is included (other people’s is held for review).',
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
  messages:
    'Message threads they started with the school, with who wrote each message; only their own text is included (staff replies are held for review).',
  policyAcceptances: 'Acceptable Usage Policy versions they have accepted.',
  emailsSent: 'Emails the portal sent them.',
  auditTrail: 'Every audit entry made by or about their account or their contact record.',
} as const;

export type Db = Kysely<DB>;

export const EVIDENCE_LABELS: Record<string, string> = {
  birth_certificate: 'Birth certificate',
  adoption_or_court_order: 'Adoption or court order',
  mis_record_photo_id: 'School record and photo ID',
  other: 'Other',
};
export const RESTRICTION_REASON_LABELS: Record<string, string> = {
  parental_responsibility_questioned: 'Parental responsibility questioned',
  court_order: 'Court order',
  policy_breach: 'Breach of the Acceptable Usage Policy',
  other: 'Other',
};
export const COURT_ORDER_LABELS: Record<string, string> = {
  child_arrangements: 'Child arrangements order',
  prohibited_steps: 'Prohibited steps order',
  specific_issue: 'Specific issue order',
  other: 'Other order',
};
export const SESSION_END_LABELS: Record<string, string> = {
  signed_out: 'Signed out',
  suspended: 'Access suspended',
  idle: 'Timed out (idle)',
  expired: 'Expired',
};
export const label = (labels: Record<string, string>, value: string | null) =>
  value === null ? null : (labels[value] ?? value);

export const fullName = (p: { forename: string | null; surname: string | null }) =>
  p.forename === null && p.surname === null
    ? null
    : `${p.forename ?? ''} ${p.surname ?? ''}`.trim();

/** Audit actions about child protection: never exported (P14). */
export const childProtectionAction = sql<boolean>`(a.action like 'safeguarding.%' or a.action like 'view.safeguarding%')`;
