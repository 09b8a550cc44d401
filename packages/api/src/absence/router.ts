import { z } from 'zod';
import {
  daysBetween,
  isCalendarDate,
  roleProcedure,
  router,
  staffProcedure,
  studentDataProcedure,
  submissionKey,
} from '../core';
import { addInformation, myReports, reportAbsence, reportForm, reportsForStudent } from './reports';
import { QUEUE_FILTERS, acceptReport, askForInformation, listQueue, refuseReport } from './office';
import { MAX_EXPORT_DAYS, exportForMis } from './mis-export';
import { ACCEPT_CODES, MAX_CHILDREN, REASONS, REPORT_KINDS, SESSION_CHOICES } from './rules';

const uuid = (what: string) => z.uuid(`That is not a valid ${what} reference.`);

const date = (missing: string) =>
  z
    .string(missing)
    .regex(/^\d{4}-\d{2}-\d{2}$/, missing)
    .refine(isCalendarDate, 'That is not a real date.');

/** Text a form may leave empty: trimmed, and empty means "not given". */
const optionalText = (max: number, tooLong: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.string('Enter text here.').trim().max(max, tooLong).optional(),
  );

const newReport = z
  .object({
    studentIds: z
      .array(uuid('student'), 'Choose which child is absent.')
      .min(1, 'Choose which child is absent.')
      .max(MAX_CHILDREN, `Choose at most ${MAX_CHILDREN} children.`),
    kind: z.enum(REPORT_KINDS, 'Choose whether your child is absent or arriving late.'),
    firstDate: date('Enter the first day of the absence.'),
    lastDate: date('Enter the last day of the absence.'),
    sessions: z.enum(SESSION_CHOICES, 'Choose the whole day, the morning or the afternoon.'),
    expectedArrival: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string('Enter the time your child will arrive, like 10:15.')
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the time your child will arrive, like 10:15.')
        .optional(),
    ),
    reason: z.enum(REASONS, 'Choose the reason.'),
    note: optionalText(1000, 'Keep the note to 1,000 characters or fewer.'),
    submissionKey,
  })
  .superRefine((input, ctx) => {
    if (input.kind === 'late') {
      if (!input.expectedArrival) {
        ctx.addIssue({
          code: 'custom',
          path: ['expectedArrival'],
          message: 'Enter the time your child will arrive, like 10:15.',
        });
      } else if (input.expectedArrival < '08:00' || input.expectedArrival > '15:30') {
        ctx.addIssue({
          code: 'custom',
          path: ['expectedArrival'],
          message: 'Enter a time during the school day, between 08:00 and 15:30.',
        });
      }
      if (input.sessions !== 'all') {
        ctx.addIssue({
          code: 'custom',
          path: ['sessions'],
          message: 'A late arrival is for the whole day: leave the day as it is.',
        });
      }
    }
  });

const officeMessage = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z
    .string('Write a message to the parent.')
    .trim()
    .max(2000, 'Keep the message to 2,000 characters or fewer.')
    .optional(),
);

/** Parents: report an absence or a late arrival, and follow what the school decides (issue 13). */
export const absenceRouter = router({
  /** What the report form offers: the children, today, and each child's unexplained days. */
  form: roleProcedure('parent').query(({ ctx }) => reportForm(ctx)),

  /** Reports an absence (today, days to come, or an unexplained past day) or a late arrival. */
  report: roleProcedure('parent')
    .input(newReport)
    .mutation(({ ctx, input }) => reportAbsence(ctx, input)),

  /** The parent's own reports, newest first, with where each stands. */
  mine: roleProcedure('parent').query(({ ctx }) => myReports(ctx)),

  /** One child's reports, for the attendance page: anyone the access policy lets see the child. */
  forStudent: studentDataProcedure
    .input(z.object({ studentId: uuid('student') }))
    .query(({ ctx, input }) => reportsForStudent(ctx, input.studentId)),

  /** Answers the school's request for more information; the report goes back to the office. */
  addInformation: roleProcedure('parent')
    .input(
      z.object({
        reportId: uuid('report'),
        reply: z
          .string('Write your answer to the school.')
          .trim()
          .min(1, 'Write your answer to the school.')
          .max(1000, 'Keep your answer to 1,000 characters or fewer.'),
        submissionKey,
      }),
    )
    .mutation(({ ctx, input }) => addInformation(ctx, input)),
});

// The office and admins decide reports: the same roles that take any register.
const office = staffProcedure('office');

/** The office's queue of absence reports and its three answers. */
export const adminAbsenceRouter = router({
  /** Open reports oldest first, or those in one state; 25 a page. */
  list: office
    .input(
      z
        .object({
          filter: z.enum(QUEUE_FILTERS, 'Choose which reports to show.').optional(),
          page: z.number().int().min(1).max(10_000).optional(),
        })
        .default({}),
    )
    .query(({ ctx, input }) => listQueue(ctx, input)),

  /** Accepts: the register's marks for those sessions take the chosen code, in one transaction. */
  accept: office
    .input(
      z.object({
        reportId: uuid('report'),
        code: z.enum(ACCEPT_CODES, 'Choose the code to record in the register.').optional(),
        message: officeMessage,
        submissionKey,
      }),
    )
    .mutation(({ ctx, input }) => acceptReport(ctx, input)),

  /** Asks the parent for more information; they are emailed and answer in the portal. */
  askForInformation: office
    .input(z.object({ reportId: uuid('report'), message: officeMessage, submissionKey }))
    .mutation(({ ctx, input }) => askForInformation(ctx, input)),

  /** Not accepted, saying why: the register is unchanged and the parent is emailed. */
  refuse: office
    .input(z.object({ reportId: uuid('report'), message: officeMessage, submissionKey }))
    .mutation(({ ctx, input }) => refuseReport(ctx, input)),

  /**
   * Accepted reports for the days `from` to `to` as a CSV file in the portal's attendance import
   * format, for the school's management system when it is the record (issue 13).
   */
  exportForMis: office
    .input(
      z
        .object({
          from: date('Enter the first day, like 2026-11-02.'),
          to: date('Enter the last day, like 2026-11-20.'),
        })
        .refine((value) => value.to >= value.from, {
          message: 'The last day must be the same as the first day or after it.',
          path: ['to'],
        })
        .refine(
          (value) => value.to < value.from || daysBetween(value.from, value.to) <= MAX_EXPORT_DAYS,
          {
            message: `One export covers up to ${MAX_EXPORT_DAYS} days.`,
            path: ['to'],
          },
        ),
    )
    .query(({ ctx, input }) => exportForMis(ctx, input)),
});
