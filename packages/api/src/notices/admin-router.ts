import { z } from 'zod';
import { NOTICE_STATUSES } from './publishing-rules';
import { adminNoticeAttachment, getAdminNotice, newNoticeForm } from './admin-form';
import { listAdminNotices } from './admin-list';
import { deleteNotice, publishNotice, unpublishNotice } from './publishing';
import { noticeRecipients, previewNotice } from './recipients-preview';
import { saveNotice } from './saving';
import { router, staffProcedure, submissionKey } from '../core';

/** Office staff and admins write, schedule, target and publish notices (issue 5, item 3). */
const publisher = staffProcedure('office');

const noticeId = z.uuid('That is not a valid notice reference.');

/** A wall-clock time in the school's time zone, as a date-and-time field sends it. */
const schoolTime = (what: string) =>
  z
    .string()
    .trim()
    .regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/,
      `Enter the ${what} as a date and a time, for example 20/11/2026 18:30.`,
    );

const draft = {
  noticeId: noticeId.optional(),
  title: z
    .string('Give the notice a title.')
    .trim()
    .min(1, 'Give the notice a title.')
    .max(200, 'Use at most 200 characters for the title.'),
  bodyMarkdown: z
    .string('Write the notice.')
    .trim()
    .min(1, 'Write the notice.')
    .max(50_000, 'Use at most 50,000 characters for the notice.'),
  forParents: z.boolean().default(false),
  forStudents: z.boolean().default(false),
  forStaff: z.boolean().default(false),
  forGovernors: z.boolean().default(false),
  scopes: z
    .object({
      yearGroups: z
        .array(
          z
            .int('Choose year groups from the list.')
            .min(7, 'Choose year groups from the list.')
            .max(13, 'Choose year groups from the list.'),
        )
        .max(7, 'Choose year groups from the list.')
        .default([]),
      forms: z
        .array(z.string().trim().min(1).max(20, 'Choose forms from the list.'))
        .max(200, 'Choose at most 200 forms.')
        .default([]),
      groupIds: z
        .array(z.uuid('Choose teaching groups from the list.'))
        .max(1000, 'Choose at most 1,000 teaching groups.')
        .default([]),
    })
    .default({ yearGroups: [], forms: [], groupIds: [] }),
  emailParents: z.boolean().default(false),
  expiresAt: schoolTime('expiry').nullable().optional(),
};

// 5 MB of file is 7 MB of base64; the size and the kind of file are checked once decoded.
const attachment = z.object({
  name: z.string().min(1, 'The attachment needs a file name.').max(300, 'Shorten the file name.'),
  contentType: z.string().max(200).default(''),
  base64: z
    .base64('The attachment could not be read. Please attach it again.')
    .max(7_000_000, 'The attachment must be 5 MB or smaller.'),
});

export const adminNoticesRouter = router({
  /** Every notice, drafts to expired, a page at a time, with its reach and how many read it. */
  list: publisher
    .input(
      z
        .object({
          status: z.enum(NOTICE_STATUSES, 'Choose a status from the list.').optional(),
          page: z
            .int('The page number must be a whole number.')
            .min(1, 'The page number must be 1 or more.')
            .max(10_000, 'There are not that many pages.')
            .default(1),
        })
        .optional(),
    )
    .query(({ ctx, input }) =>
      listAdminNotices(ctx, { status: input?.status, page: input?.page ?? 1 }),
    ),

  /** What a new notice can be narrowed to: year groups, forms and teaching groups. */
  choices: publisher.query(({ ctx }) => newNoticeForm(ctx)),

  /** One notice for editing, with its reach (the first 20 names) and the choices. */
  get: publisher
    .input(z.object({ noticeId }))
    .query(({ ctx, input }) => getAdminNotice(ctx, input.noticeId)),

  /** The body rendered and the reach of unsaved wording and audience; nothing is saved. */
  preview: publisher.input(z.object(draft)).mutation(({ ctx, input }) => previewNotice(ctx, input)),

  /**
   * Creates or updates a notice. `publishAt`: null for a draft, 'now' to publish at once, or a
   * wall-clock time to schedule it; left out, it stays as it is.
   */
  save: publisher
    .input(
      z.object({
        ...draft,
        publishAt: z
          .union([z.literal('now'), schoolTime('publish time')])
          .nullable()
          .optional(),
        attachment: attachment.optional(),
        removeAttachment: z.boolean().default(false),
        submissionKey,
      }),
    )
    .mutation(({ ctx, input }) => saveNotice(ctx, input)),

  /** Whom a saved notice reaches: numbers by kind of account and the first 20 names. */
  recipients: publisher
    .input(z.object({ noticeId }))
    .query(({ ctx, input }) => noticeRecipients(ctx, input.noticeId)),

  /** Publishes a draft or scheduled notice now, or schedules it; emails parents if asked. */
  publish: publisher
    .input(z.object({ noticeId, publishAt: schoolTime('publish time').optional(), submissionKey }))
    .mutation(({ ctx, input }) => publishNotice(ctx, input)),

  /** A scheduled notice back to a draft; a live one withdrawn (it expires now). */
  unpublish: publisher
    .input(z.object({ noticeId, submissionKey }))
    .mutation(({ ctx, input }) => unpublishNotice(ctx, input)),

  /** Deletes a draft; anything scheduled or published is kept. */
  delete: publisher
    .input(z.object({ noticeId, submissionKey }))
    .mutation(({ ctx, input }) => deleteNotice(ctx, input)),

  /** A notice's attachment, whatever its status, for checking before it goes out. */
  attachment: publisher
    .input(z.object({ noticeId }))
    .query(({ ctx, input }) => adminNoticeAttachment(ctx, input.noticeId)),
});
