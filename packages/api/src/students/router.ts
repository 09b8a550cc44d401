import { z } from 'zod';
import { myStudents } from './lists';
import { studentView } from '../access';
import { portalProcedure, router, studentDataProcedure } from '../core';

const studentId = z.uuid('That is not a valid student reference.');

export const studentsRouter = router({
  /** The students a parent (verified links, on roll) or a student (themselves) may see. */
  mine: portalProcedure.query(({ ctx }) => myStudents(ctx)),

  /** One student's heading, for anyone the access policy allows; "not found" otherwise. */
  byId: studentDataProcedure
    .input(z.object({ studentId }))
    .query(
      async ({ ctx, input }) =>
        (await studentView(ctx, input.studentId, 'student_summary', () => Promise.resolve({})))
          .student,
    ),
});
