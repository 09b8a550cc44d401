import { z } from 'zod';
import { attendanceView } from './student-attendance';
import { router, studentDataProcedure } from '../core';

/**
 * Attendance (P8, P9): parents and students for themselves, teachers for the students they teach,
 * office and admin for anyone; the access policy answers "not found" for anyone else. DSLs and
 * governors are refused outright: governors never see pupil data.
 */
export const attendanceRouter = router({
  /** Marks by day for a term, totals and percentages for the year and each term, a weekly chart. */
  forStudent: studentDataProcedure
    .input(
      z.object({
        studentId: z.uuid('That is not a valid student reference.'),
        termId: z.uuid('That is not a valid term.').optional(),
      }),
    )
    .query(({ ctx, input }) => attendanceView(ctx, input.studentId, { termId: input.termId })),
});
