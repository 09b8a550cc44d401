import { z } from 'zod';
import { requireStudentAccess } from '../policy/student-access';
import { myStudents, studentSummary } from '../services/students';
import { portalProcedure, router, studentDataProcedure } from '../trpc';

const studentId = z.uuid('That is not a valid student reference.');

export const studentsRouter = router({
  /** The students a parent (verified links, on roll) or a student (themselves) may see. */
  mine: portalProcedure.query(({ ctx }) => myStudents(ctx)),

  /** One student, for anyone the access policy allows; "not found" otherwise. */
  byId: studentDataProcedure.input(z.object({ studentId })).query(async ({ ctx, input }) => {
    await requireStudentAccess(ctx, [input.studentId]);
    return studentSummary(ctx, input.studentId);
  }),
});
