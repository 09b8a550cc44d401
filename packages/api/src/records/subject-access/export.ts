import { loadSettings, recordAudit, schoolDate } from '@schoolgate/db';
import { actorOf, type SignedInContext } from '../../core';
import { renderSubjectAccessPdf } from './pdf';
import { gatherContact } from './contact';
import {
  AUDIT_NOTE,
  CHILD_PROTECTION_NOTE,
  CONTACT_SECTIONS,
  type ExportFormat,
  RESTRICTIONS_NOTE,
  SECRETS_NOTE,
  STUDENT_SECTIONS,
} from './contents';
import { printableSections } from './printable';
import { MESSAGES_REVIEW_INSTRUCTION, MESSAGES_REVIEW_NOTE } from './messages-section';
import { REVIEW_NOTE, type ReviewSection } from './review-section';
import { gatherStudent } from './student';

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
 * - A student's audit entries about a court-order restriction are held back from the audit trail
 *   and listed in a "review before release" section, marked not for release, for the officer to
 *   decide on (review-section.ts).
 * - Messages: the subject's own text is released; text written by anyone else (staff replies, a
 *   parent's messages in a child's export) is held back under "Review before release" with the
 *   court-order entries; a parent's export has that section only when it holds such messages
 *   (messages-section.ts).
 * - Nothing secret: no password hashes, tokens, authenticator secrets or email bodies.
 */
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
  // What the data protection officer must review before release: a student's export always has
  // the section; a parent's only when other people's messages are held back.
  const reviewBeforeRelease: ReviewSection | null =
    'reviewBeforeRelease' in gathered
      ? gathered.reviewBeforeRelease
      : gathered.messagesForReview.length > 0
        ? {
            notForRelease: true,
            instruction: MESSAGES_REVIEW_INSTRUCTION,
            entries: [],
            messages: gathered.messagesForReview,
          }
        : null;
  const messagesHeld = reviewBeforeRelease !== null && reviewBeforeRelease.messages.length > 0;
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
    ...('reviewBeforeRelease' in gathered ? [REVIEW_NOTE] : []),
    ...(messagesHeld ? [MESSAGES_REVIEW_NOTE] : []),
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
    // Audit entries and other people's messages held back for the data protection officer (not
    // for release).
    ...(reviewBeforeRelease ? { reviewBeforeRelease } : {}),
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
