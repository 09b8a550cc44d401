import { z } from 'zod';
import { isCalendarDate, router, staffProcedure } from '../core';
import { exportAuditCsv, findAuditStudents, findAuditUsers, searchAuditLog } from './log';
import { refusalNotices } from './refusal-notices';

const date = (what: string) =>
  z
    .string()
    .trim()
    .refine(isCalendarDate, `Enter the ${what} date as a real date, for example 17/11/2026.`);

/** What the log can be narrowed by; every field is optional. */
const filters = z
  .object({
    studentId: z.uuid('That is not a valid student reference.').optional(),
    userId: z.uuid('That is not a valid user reference.').optional(),
    action: z
      .string()
      .trim()
      .max(100, 'An action is at most 100 characters.')
      .regex(/^[a-z0-9_.]*$/, 'An action is written like view.attendance, or view. for every view.')
      .optional(),
    from: date('from').optional(),
    to: date('to').optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: 'The “to” date must be on or after the “from” date.',
    path: ['to'],
  });

const search = z
  .string()
  .trim()
  .min(2, 'Type at least 2 letters to search.')
  .max(100, 'Search for at most 100 characters.');

// The audit log is for administrators only (P10, P16).
const auditor = staffProcedure();

export const adminAuditRouter = router({
  /** A page of the log, newest first, with the filters described; reading it is audited. */
  search: auditor
    .input(
      filters.and(
        z.object({
          page: z.number().int().min(1, 'Pages start at 1.').max(100_000).default(1),
          pageSize: z.number().int().min(1).max(200).optional(),
        }),
      ),
    )
    .query(({ ctx, input }) => searchAuditLog(ctx, input)),

  /** The filtered log as CSV (at most 100,000 entries), safe to open in a spreadsheet; audited. */
  exportCsv: auditor.input(filters).query(({ ctx, input }) => exportAuditCsv(ctx, input)),

  /** Students to filter by, found by name or UPN, leavers included. */
  findStudents: auditor
    .input(z.object({ search }))
    .query(({ ctx, input }) => findAuditStudents(ctx, input.search)),

  /** Accounts refused many times in a short while in the last day, for the staff home. */
  refusalNotices: auditor.query(({ ctx }) => refusalNotices(ctx)),

  /** Accounts to filter by, found by username, email or name. */
  findUsers: auditor
    .input(z.object({ search }))
    .query(({ ctx, input }) => findAuditUsers(ctx, input.search)),
});
