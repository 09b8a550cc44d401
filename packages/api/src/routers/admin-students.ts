import { z } from 'zod';
import { listStudents } from '../services/students';
import { router, staffProcedure } from '../trpc';

export const adminStudentsRouter = router({
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
});
