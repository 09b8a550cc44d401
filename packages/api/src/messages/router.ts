import { z } from 'zod';
import { portalProcedure, router, staffProcedure, submissionKey } from '../core';
import {
  INBOX_FILTERS,
  MAX_BODY,
  MAX_REPLY_NOTICE,
  MAX_SUBJECT,
  NO_BODY,
  NO_SUBJECT,
  TOO_LONG_BODY,
  TOO_LONG_SUBJECT,
} from './rules';
import { loadMessageSettings, updateMessageSettings } from './settings';
import {
  assignThread,
  closeThread,
  inbox,
  markRead,
  myThreads,
  readThread,
  reply,
  staffUnread,
  startThread,
  writingForm,
} from './threads';

const uuid = (what: string) => z.uuid(`That is not a valid ${what} reference.`);

/** A message: plain text, not blank, at most MAX_BODY characters once trimmed. */
const body = z.string(NO_BODY).trim().min(1, NO_BODY).max(MAX_BODY, TOO_LONG_BODY);

const threadRef = z.object({ threadId: uuid('conversation') });

/**
 * Parents and carers (and students, where the school allows it) write to the school about one
 * child, and read the school's replies (issue 13). Who may see what is the access policy's.
 */
export const messagesRouter = router({
  /** The children the caller may write about, each with the office and their teachers. */
  form: portalProcedure.query(({ ctx }) => writingForm(ctx)),

  /** Starts a conversation: to 'office' or to the staff id of one of the child's teachers. */
  start: portalProcedure
    .input(
      z.object({
        studentId: uuid('student'),
        to: z.union(
          [z.literal('office'), z.uuid()],
          'Choose who to write to: the school office or one of the teachers listed.',
        ),
        subject: z.string(NO_SUBJECT).trim().min(1, NO_SUBJECT).max(MAX_SUBJECT, TOO_LONG_SUBJECT),
        body,
        submissionKey,
      }),
    )
    .mutation(({ ctx, input }) => startThread(ctx, input)),

  /** The caller's own conversations, newest first, with unread counts. */
  mine: portalProcedure.query(({ ctx }) => myThreads(ctx)),

  /** One conversation; the read is audited. */
  thread: portalProcedure
    .input(threadRef)
    .query(({ ctx, input }) => readThread(ctx, 'family', input.threadId)),

  /** Adds the family's message to an open conversation. */
  reply: portalProcedure
    .input(z.object({ threadId: uuid('conversation'), body, submissionKey }))
    .mutation(({ ctx, input }) => reply(ctx, 'family', input)),

  /** Marks a conversation read up to its newest message. */
  markRead: portalProcedure
    .input(threadRef)
    .mutation(({ ctx, input }) => markRead(ctx, 'family', input.threadId)),
});

// Staff who may hold a conversation: teachers (their own), the office, DSLs (held children
// only, read only) and admins. Governors never (P9).
const staff = staffProcedure('teacher', 'office', 'dsl');
const office = staffProcedure('office');

/** The staff inbox (issue 13). */
export const adminMessagesRouter = router({
  /** Open conversations for me or the office (`inbox`), every one I may see (`all`), or closed. */
  inbox: staff
    .input(
      z
        .object({ filter: z.enum(INBOX_FILTERS, 'Choose which conversations to show.').optional() })
        .default({}),
    )
    .query(({ ctx, input }) => inbox(ctx, input.filter ?? 'inbox')),

  /** For the staff home: unread messages from families in my inbox, counts only (not audited). */
  unread: staff.query(({ ctx }) => staffUnread(ctx)),

  /** One conversation, with whether I may reply and (for the office) whom I may assign it to. */
  thread: staff
    .input(threadRef)
    .query(({ ctx, input }) => readThread(ctx, 'school', input.threadId)),

  reply: staff
    .input(z.object({ threadId: uuid('conversation'), body, submissionKey }))
    .mutation(({ ctx, input }) => reply(ctx, 'school', input)),

  markRead: staff
    .input(threadRef)
    .mutation(({ ctx, input }) => markRead(ctx, 'school', input.threadId)),

  close: staff
    .input(z.object({ threadId: uuid('conversation'), submissionKey }))
    .mutation(({ ctx, input }) => closeThread(ctx, input)),

  /** The office gives a conversation to a colleague. */
  assign: office
    .input(z.object({ threadId: uuid('conversation'), staffId: uuid('colleague') }))
    .mutation(({ ctx, input }) => assignThread(ctx, input)),

  /** The school's choices for messages: administrators only. */
  settings: staffProcedure().query(({ ctx }) => loadMessageSettings(ctx.db)),

  updateSettings: staffProcedure()
    .input(
      z.object({
        contactsWithoutPrMayWrite: z.boolean(),
        studentsMayMessageTeachers: z.boolean(),
        replyNotice: z.preprocess(
          (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
          z
            .string('Enter the notice as text.')
            .trim()
            .max(MAX_REPLY_NOTICE, `Keep the notice to ${MAX_REPLY_NOTICE} characters or fewer.`)
            .nullable(),
        ),
      }),
    )
    .mutation(({ ctx, input }) => updateMessageSettings(ctx, input)),
});
