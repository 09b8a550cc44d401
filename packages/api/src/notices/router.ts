import { z } from 'zod';
import { getNotice, listNotices, noticeAttachment } from './reading';
import { roleProcedure, router } from '../core';

/** Everyone signed in reads notices; the audience rule decides which ones (P8, P9). */
const reader = roleProcedure('parent', 'student', 'teacher', 'office', 'dsl', 'governor', 'admin');

const noticeId = z.uuid('That is not a valid notice reference.');

export const noticesRouter = router({
  /** The notices addressed to this user, newest first, with how many are unread. */
  list: reader
    .input(
      z
        .object({
          page: z
            .int('The page number must be a whole number.')
            .min(1, 'The page number must be 1 or more.')
            .max(10_000, 'There are not that many pages.')
            .optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listNotices(ctx, input?.page ?? 1)),

  /** One notice, with its body rendered safely; opening it records this user's read receipt. */
  get: reader
    .input(z.object({ noticeId }))
    .query(({ ctx, input }) => getNotice(ctx, input.noticeId)),

  /** A notice's attachment, for those who may see the notice. */
  attachment: reader
    .input(z.object({ noticeId }))
    .query(({ ctx, input }) => noticeAttachment(ctx, input.noticeId)),
});
