import { z } from 'zod';
import { isCalendarDate, router, staffProcedure, submissionKey } from '../core';
import { createCycle, cycleDetail, listCycles, publishCycle, unpublishCycle } from './cycles';
import { previewReport, reportForEditing, saveReport } from './report-editing';

const cycleId = z.uuid('That is not a valid report cycle reference.');
const reportId = z.uuid('That is not a valid report reference.');

/** Free text on a report: trimmed, and empty means "not filled in yet". */
const reportText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep ${what} to at most ${max} characters.`)
    .nullable()
    .optional()
    .transform((value) => (value ? value : null));

/** A date and time at the school, as a date-time field sends it: 'YYYY-MM-DDTHH:MM'. */
const schoolDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Enter the date and time to publish.')
  .refine((value) => isCalendarDate(value.slice(0, 10)), 'That is not a real date.')
  .refine((value) => value.slice(11) <= '23:59', 'That is not a real time.');

// Progress reports are written and published by the office and admins (P8). Teachers read the
// reports of the students they teach through the portal's own report views.
const reportManager = staffProcedure('office');

export const adminReportsRouter = router({
  /** Every report cycle with its status and how many reports are complete. */
  cycles: reportManager.query(({ ctx }) => listCycles(ctx)),

  /** A new cycle, with a report for every student on roll in the year group. */
  createCycle: reportManager
    .input(
      z.object({
        name: z
          .string('Enter a name for the cycle.')
          .trim()
          .min(1, 'Enter a name for the cycle, such as “Year 10 Summer”.')
          .max(100, 'Keep the name to at most 100 characters.'),
        yearGroup: z
          .number('Choose a year group.')
          .int('Choose a year group.')
          .min(7, 'Choose a year group from 7 to 13.')
          .max(13, 'Choose a year group from 7 to 13.'),
        submissionKey,
      }),
    )
    .mutation(({ ctx, input }) => createCycle(ctx, input)),

  /** One cycle and its reports. */
  cycle: reportManager
    .input(z.object({ cycleId }))
    .query(({ ctx, input }) => cycleDetail(ctx, input.cycleId)),

  /** One report for editing, whatever the cycle's status. */
  report: reportManager
    .input(z.object({ reportId }))
    .query(({ ctx, input }) => reportForEditing(ctx, input.reportId)),

  /** Saves a report's grades and comments; after publication this is a correction. */
  saveReport: reportManager
    .input(
      z.object({
        reportId,
        subjects: z
          .array(
            z.object({
              id: z.uuid('That is not a valid subject reference.'),
              attainment: reportText(40, 'the attainment grade'),
              target: reportText(40, 'the target grade'),
              effort: reportText(1, 'the effort grade'),
              comment: reportText(2000, 'the comment'),
            }),
          )
          .max(40, 'A report can have at most 40 subjects.'),
        tutorComment: reportText(2000, 'the tutor’s comment'),
      }),
    )
    .mutation(({ ctx, input }) => saveReport(ctx, input)),

  /** The report as a PDF, exactly as a parent would download it (base64). */
  preview: reportManager
    .input(z.object({ reportId }))
    .query(({ ctx, input }) => previewReport(ctx, input.reportId)),

  /** Publishes a cycle now, or schedules it for a date and time at the school. */
  publish: reportManager
    .input(z.object({ cycleId, publishAt: schoolDateTime.optional() }))
    .mutation(({ ctx, input }) => publishCycle(ctx, input)),

  /** Takes a scheduled cycle back to a draft before its publish time comes. */
  unpublish: reportManager
    .input(z.object({ cycleId }))
    .mutation(({ ctx, input }) => unpublishCycle(ctx, input.cycleId)),
});
