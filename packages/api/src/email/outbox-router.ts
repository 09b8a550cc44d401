import { z } from 'zod';
import { deliveryHealth } from './delivery-health';
import { listOutbox, OUTBOX_STATUSES } from './outbox';
import { resendFailedEmails } from './outbox-resend';
import { router, staffProcedure } from '../core';

export const outboxRouter = router({
  /** The newest emails and how their delivery went; admins only. */
  list: staffProcedure()
    .input(
      z.object({
        status: z.enum(OUTBOX_STATUSES).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .query(({ ctx, input }) => listOutbox(ctx, input)),
  /** Counts for the staff home: what waits, since when, and what was given up. */
  summary: staffProcedure().query(({ ctx }) => deliveryHealth(ctx.db, ctx.now())),
  /** Queues one failed email again, or every failed one when no id is given. */
  resend: staffProcedure()
    .input(z.object({ id: z.uuid('Choose an email from the outbox.').optional() }))
    .mutation(({ ctx, input }) => resendFailedEmails(ctx, input)),
});
