import { z } from 'zod';
import { timetableView } from './lessons';
import { router, studentDataProcedure } from '../core';

export const timetableRouter = router({
  /**
   * One student's week of lessons (P8), Week A/B aware, with cover, room changes and cancellations.
   * Parents see their own children, students themselves, teachers the students they teach, office
   * and admin everyone; anyone else's student is "not found". Governors and DSLs are refused.
   */
  forStudent: studentDataProcedure
    .input(
      z.object({
        studentId: z.uuid('That is not a valid student reference.'),
        weekOf: z.iso.date('That week is not a real date (YYYY-MM-DD).').optional(),
      }),
    )
    .query(({ ctx, input }) => timetableView(ctx, input.studentId, { weekOf: input.weekOf })),
});
