import { z } from 'zod';
import {
  QUEUE_FILTERS,
  acceptRequest,
  listRequests,
  rejectRequest,
  replyToRequest,
  requestForStaff,
} from './office';
import { router, staffProcedure, submissionKey } from '../core';

const requestId = z.uuid('That is not a valid request reference.');

const reply = (missing: string) =>
  z
    .string(missing)
    .trim()
    .min(1, missing)
    .max(2000, 'Keep the reply to 2,000 characters or fewer.');

/** P7 for office staff and admins: the queue of parents' requests, replies and decisions. */
export const adminChangeRequestsRouter = router({
  /** Open requests oldest first, or those with one status; 25 a page. */
  list: staffProcedure('office')
    .input(
      z
        .object({
          status: z.enum(QUEUE_FILTERS, 'Choose which requests to show.').optional(),
          page: z.number().int().min(1).max(10_000).optional(),
        })
        .default({}),
    )
    .query(({ ctx, input }) => listRequests(ctx, input)),

  /** One request in full, with the current details beside the proposed ones. */
  get: staffProcedure('office')
    .input(z.object({ requestId }))
    .query(({ ctx, input }) => requestForStaff(ctx, input.requestId)),

  /** A reply without a decision yet: the parent sees it and the request is "In progress". */
  reply: staffProcedure('office')
    .input(z.object({ requestId, reply: reply('Write your reply to the parent.'), submissionKey }))
    .mutation(({ ctx, input }) => replyToRequest(ctx, input)),

  /** Accept, applying a new address, phone number or email to the contact record at once. */
  accept: staffProcedure('office')
    .input(
      z.object({
        requestId,
        reply: z.preprocess(
          (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
          reply('Write your reply to the parent.').optional(),
        ),
        submissionKey,
      }),
    )
    .mutation(({ ctx, input }) => acceptRequest(ctx, input)),

  /** Reject, always saying why. */
  reject: staffProcedure('office')
    .input(
      z.object({
        requestId,
        reply: reply('Say why the request is rejected: the parent will see your reply.'),
        submissionKey,
      }),
    )
    .mutation(({ ctx, input }) => rejectRequest(ctx, input)),
});
