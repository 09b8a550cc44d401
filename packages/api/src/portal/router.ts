import { z } from 'zod';
import { portalHome, studentOverview } from './home';
import { portalProcedure, router, studentDataProcedure } from '../core';

export const portalRouter = router({
  /** A parent's or student's home: each child's day, attendance, behaviour, report; unread notices. */
  home: portalProcedure.query(({ ctx }) => portalHome(ctx)),

  /** One student's overview, for anyone the access policy lets see that student. */
  overview: studentDataProcedure
    .input(z.object({ studentId: z.uuid('That is not a valid student reference.') }))
    .query(({ ctx, input }) => studentOverview(ctx, input.studentId)),
});
