/**
 * Messages between families and the school (issue 13): the pure rules, with no I/O. Who may see a
 * thread is a query (./visibility.ts) built from the one access policy in ../access.
 */

/** The longest subject and message a person may send. */
export const MAX_SUBJECT = 120;
export const MAX_BODY = 5000;
export const MAX_REPLY_NOTICE = 300;

export const INBOX_FILTERS = ['inbox', 'all', 'closed'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

export const TOO_LONG_BODY = `Keep your message to ${MAX_BODY.toLocaleString('en-GB')} characters or fewer.`;
export const TOO_LONG_SUBJECT = `Keep the subject to ${MAX_SUBJECT} characters or fewer.`;
export const NO_BODY = 'Write your message.';
export const NO_SUBJECT = 'Enter a subject, like “PE kit” or “Homework”.';

/** One thread, one answer for missing and forbidden alike. */
export const THREAD_NOT_FOUND = 'We could not find that conversation.';
export const NOT_A_RECIPIENT =
  'Choose the school office or one of the teachers listed: you can only write to staff who teach your child.';
export const CLOSED_THREAD =
  'This conversation has been closed by the school, so nothing was sent. Start a new message if you need to.';
export const FAMILY_CUT_OFF =
  'The family can no longer see this conversation, so no reply can be sent. It stays here for the school’s records.';
export const HELD_READ_ONLY =
  'A safeguarding hold covers this child: the conversation can be read by safeguarding staff but not answered here.';

/**
 * Text as the portal stores it: line endings made `\n`, trailing spaces on each line and blank
 * lines at either end removed. Nothing else changes: the text is shown as typed, never as HTML.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** The message in pieces for display: web addresses are shown as text, marked, never as links. */
export type TextPiece = { kind: 'text' | 'address'; text: string };

const ADDRESS = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;

/**
 * Splits `text` so that a page can show each web address distinctly (and say it is not a link)
 * without making it something to click: a message could carry a lookalike address.
 */
export function piecesOf(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let from = 0;
  for (const match of text.matchAll(ADDRESS)) {
    // Closing punctuation at the end of a sentence is not part of the address.
    const address = match[0].replace(/[.,;:!?)\]]+$/, '');
    const at = match.index;
    if (at > from) pieces.push({ kind: 'text', text: text.slice(from, at) });
    pieces.push({ kind: 'address', text: address });
    from = at + address.length;
  }
  if (from < text.length) pieces.push({ kind: 'text', text: text.slice(from) });
  return pieces;
}

/** How a thread's addressee reads in lists: "School office" or the teacher's name. */
export function addresseeLabel(addressedTo: 'office' | 'teacher', teacherName: string | null) {
  return addressedTo === 'office' ? 'School office' : (teacherName ?? 'A teacher');
}

/** "1 unread message", "3 unread messages". */
export function unreadLabel(count: number): string {
  return `${count} unread message${count === 1 ? '' : 's'}`;
}

export interface SchoolSideRoles {
  office: boolean;
  dsl: boolean;
}

/**
 * What a member of staff who can see a thread may do with it. Only staff who can see a thread
 * ever get here: visibility itself is the query in ./visibility.ts.
 * - Under an active hold only DSLs see it, and only to read (P14).
 * - A leaver's thread, or one the family can no longer see, stays for the school's records: read,
 *   never answered.
 * - A closed thread is read only until… it is not reopened here: a family starts a new one.
 */
export function staffMayReply(thread: {
  held: boolean;
  onRoll: boolean;
  familyCanSee: boolean;
  status: 'open' | 'closed';
}): { ok: true } | { ok: false; reason: string } {
  if (thread.held) return { ok: false, reason: HELD_READ_ONLY };
  if (thread.status === 'closed') {
    return { ok: false, reason: 'This conversation is closed, so no reply can be sent.' };
  }
  if (!thread.onRoll || !thread.familyCanSee) return { ok: false, reason: FAMILY_CUT_OFF };
  return { ok: true };
}

/** Who receives the email saying a family has written: the teacher, the colleague, the office. */
export function schoolRecipient(thread: {
  addressedTo: 'office' | 'teacher';
  teacherEmail: string | null;
  assigneeEmail: string | null;
  officeEmail: string | null;
}): string | null {
  if (thread.assigneeEmail) return thread.assigneeEmail;
  if (thread.addressedTo === 'teacher') return thread.teacherEmail;
  return thread.officeEmail;
}
