import { z } from 'zod';
import { reportDetail, reportPdf, reportsForStudent } from './student-reports';
import { router, studentDataProcedure } from '../core';

const studentId = z.uuid('That is not a valid student reference.');
const reportId = z.uuid('That is not a valid report reference.');

// Parents, students and teachers get past the role check; the access policy then limits them to
// their own children, themselves, or the students they teach. DSLs and governors never see
// progress reports (P9).
const reportReader = studentDataProcedure;

export const reportsRouter = router({
  /** A student's reports in published cycles, newest first. */
  forStudent: reportReader
    .input(z.object({ studentId }))
    .query(({ ctx, input }) => reportsForStudent(ctx, input.studentId)),

  /** One published report on screen; "not found" for a draft, a future cycle or another student's. */
  get: reportReader
    .input(z.object({ studentId, reportId }))
    .query(({ ctx, input }) => reportDetail(ctx, input.studentId, input.reportId)),

  /** The same report as a PDF file (base64), with a file name naming only the cycle. */
  pdf: reportReader
    .input(z.object({ studentId, reportId }))
    .query(({ ctx, input }) => reportPdf(ctx, input.studentId, input.reportId)),
});
