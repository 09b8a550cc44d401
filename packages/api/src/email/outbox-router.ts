import { z } from 'zod';
import { listOutbox, OUTBOX_STATUSES } from './outbox';
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
});
