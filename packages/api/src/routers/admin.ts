import { z } from 'zod';
import { adminAccessRouter } from './admin-access';
import { adminChangeRequestsRouter } from './admin-change-requests';
import { adminPolicyRouter } from './admin-policy';
import { restrictionsRouter } from './restrictions';
import { listOutbox, OUTBOX_STATUSES } from '../services/outbox';
import { listStudents } from '../services/students';
import { router, staffProcedure } from '../trpc';

export const adminRouter = router({
  access: adminAccessRouter,
  policy: adminPolicyRouter,
  restrictions: restrictionsRouter,
  changeRequests: adminChangeRequestsRouter,
  students: router({
    /** Search every student; office and admin only. */
    list: staffProcedure('office')
      .input(
        z.object({
          search: z.string().trim().max(100, 'Search for at most 100 characters.').optional(),
          yearGroup: z.number().int().min(7).max(13).optional(),
          includeLeavers: z.boolean().default(false),
          page: z.number().int().min(1).default(1),
          pageSize: z.number().int().min(1).max(200).default(50),
        }),
      )
      .query(({ ctx, input }) => listStudents(ctx, input)),
  }),
  outbox: router({
    /** The newest emails and how their delivery went; admins only. */
    list: staffProcedure()
      .input(
        z.object({
          status: z.enum(OUTBOX_STATUSES).optional(),
          limit: z.number().int().min(1).max(500).default(100),
        }),
      )
      .query(({ ctx, input }) => listOutbox(ctx, input)),
  }),
});
