import { staffDisplayName } from '../../core';
import { type Db } from './contents';
import { type PdfSection } from './pdf';

// Messages between families and the school (issue 13) in a subject-access export (P10, P15).
//
// Whose threads: a parent or carer's export holds the threads they started (the only threads a
// family member ever sees: nobody else in the family sees a thread they did not start); a
// student's export holds every thread about the student, whoever started it. Another family's
// thread, or a thread about a child who is not the subject, is never read.
//
// What is released: the thread's facts (child, to whom, when, state) and, for each message, when
// and who wrote it. The text the subject wrote themselves is released. Text written by anyone
// else — staff replies, or a parent's messages in a student's export — is third-party data: it is
// left out of the thread (`text: null`, `heldForReview: true`) and listed under "Review before
// release", not for release, for the data protection officer to decide on, as the court-order
// audit entries are (review-section.ts). A thread subject written by someone else is held the same
// way. Holds are treated as the rest of the export treats them: the records are exported, the
// child-protection records (the hold, its reason) are not.

export const MESSAGES_REVIEW_NOTE =
  'Messages: the text the person wrote themselves is included. Text written by other people (staff replies, or a parent or carer’s messages about a child) is third-party data: it is not in the “Messages” section but listed under “Messages to review before release” for the data protection officer, who decides what may be disclosed; that section is not part of the release and must be removed before the export is sent.';

export const MESSAGES_REVIEW_INSTRUCTION =
  'Not for release. For the data protection officer: these messages were written by people other than the person this export is about. Decide what may be disclosed (redact as needed), then remove this section before the export is sent.';

export const MESSAGES_REVIEW_TITLE = 'Messages to review before release (not for release)';

export interface ExportMessage {
  at: Date;
  author: string;
  fromSchool: boolean;
  /** The subject's own text; null when it is held for review. */
  text: string | null;
  heldForReview: boolean;
}

export interface ExportThread {
  threadId: string;
  student: string;
  /** Null when someone else wrote it: it is then held for review. */
  subject: string | null;
  startedBy: string;
  addressedTo: string;
  status: string;
  startedAt: Date;
  closedAt: Date | null;
  messages: ExportMessage[];
}

export interface ReviewMessage {
  threadId: string;
  threadSubject: string;
  at: Date;
  author: string;
  fromSchool: boolean;
  text: string;
  heldBackBecause: string;
}

type Subject =
  | { kind: 'contact'; userId: string | null }
  | { kind: 'student'; studentId: string; userId: string | null };

/** The subject's threads and messages, with third-party text split out for review. */
export async function messagesSection(
  db: Db,
  subject: Subject,
): Promise<{ messages: ExportThread[]; forReview: ReviewMessage[] }> {
  if (subject.kind === 'contact' && subject.userId === null) return { messages: [], forReview: [] };
  let query = db
    .selectFrom('messages as m')
    .innerJoin('message_threads as t', 't.id', 'm.thread_id')
    .innerJoin('students as s', 's.id', 't.student_id')
    .innerJoin('users as u', 'u.id', 'm.author_user_id')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .leftJoin('students as su', 'su.id', 'u.student_id')
    .leftJoin('staff as tt', 'tt.id', 't.teacher_staff_id')
    .innerJoin('users as sb', 'sb.id', 't.started_by_user_id')
    .leftJoin('contacts as sbc', 'sbc.id', 'sb.contact_id')
    .leftJoin('students as sbs', 'sbs.id', 'sb.student_id')
    .select([
      't.id as thread_id',
      't.subject',
      't.started_by_user_id',
      't.addressed_to',
      't.status',
      't.created_at as started_at',
      't.closed_at',
      's.forename as child_forename',
      's.surname as child_surname',
      'tt.title as to_title',
      'tt.forename as to_forename',
      'tt.surname as to_surname',
      'sbc.forename as starter_contact_forename',
      'sbc.surname as starter_contact_surname',
      'sbs.forename as starter_student_forename',
      'sbs.surname as starter_student_surname',
      'm.author_user_id',
      'm.from_school',
      'm.body',
      'm.created_at',
      'st.title as staff_title',
      'st.forename as staff_forename',
      'st.surname as staff_surname',
      'c.forename as contact_forename',
      'c.surname as contact_surname',
      'su.forename as student_forename',
      'su.surname as student_surname',
    ]);
  query =
    subject.kind === 'contact'
      ? query
          .where('t.started_by_user_id', '=', subject.userId as string)
          .where('t.started_as', '=', 'contact')
      : query.where('t.student_id', '=', subject.studentId);
  const rows = await query.orderBy('t.created_at').orderBy('t.id').orderBy('m.seq').execute();

  const self = subject.userId;
  const threads = new Map<string, ExportThread>();
  const forReview: ReviewMessage[] = [];
  for (const r of rows) {
    const author = r.from_school
      ? (staffDisplayName({
          title: r.staff_title,
          forename: r.staff_forename,
          surname: r.staff_surname,
        }) ?? 'The school')
      : [r.contact_forename ?? r.student_forename, r.contact_surname ?? r.student_surname]
          .filter(Boolean)
          .join(' ') || 'The family';
    const ownThread = self !== null && r.started_by_user_id === self;
    let thread = threads.get(r.thread_id);
    if (!thread) {
      thread = {
        threadId: r.thread_id,
        student: `${r.child_forename} ${r.child_surname}`,
        subject: ownThread ? r.subject : null,
        startedBy:
          [
            r.starter_contact_forename ?? r.starter_student_forename,
            r.starter_contact_surname ?? r.starter_student_surname,
          ]
            .filter(Boolean)
            .join(' ') || 'The family',
        addressedTo:
          r.addressed_to === 'office'
            ? 'The school office'
            : (staffDisplayName({
                title: r.to_title,
                forename: r.to_forename,
                surname: r.to_surname,
              }) ?? 'A teacher'),
        status: r.status,
        startedAt: r.started_at,
        closedAt: r.closed_at,
        messages: [],
      };
      threads.set(r.thread_id, thread);
    }
    const own = self !== null && r.author_user_id === self;
    thread.messages.push({
      at: r.created_at,
      author,
      fromSchool: r.from_school,
      text: own ? r.body : null,
      heldForReview: !own,
    });
    if (!own) {
      forReview.push({
        threadId: r.thread_id,
        threadSubject: r.subject,
        at: r.created_at,
        author,
        fromSchool: r.from_school,
        text: r.body,
        heldBackBecause: r.from_school
          ? 'Written by a member of staff'
          : 'Written by another person (third party)',
      });
    }
  }
  return { messages: [...threads.values()], forReview };
}

/** The held-back messages as printed in the PDF, right after the other review section. */
export function messagesReviewPdfSection(
  forReview: ReviewMessage[],
  at: (value: Date | string) => string,
): PdfSection {
  return {
    title: MESSAGES_REVIEW_TITLE,
    description: MESSAGES_REVIEW_INSTRUCTION,
    table: {
      columns: [
        { title: 'When', width: 1.25 },
        { title: 'Thread', width: 1.6 },
        { title: 'Who wrote it', width: 1.4 },
        { title: 'Held back because', width: 1.4 },
        { title: 'Text', width: 3 },
      ],
      rows: forReview.map((m) => [at(m.at), m.threadSubject, m.author, m.heldBackBecause, m.text]),
    },
    empty: 'No messages need review before release.',
    count: forReview.length,
  };
}
