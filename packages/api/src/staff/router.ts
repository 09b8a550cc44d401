import { z } from 'zod';
import { STAFF_ROLES, router, staffProcedure, submissionKey } from '../core';
import {
  createStaff,
  createStaffAccount,
  deactivateStaff,
  getStaff,
  listStaff,
  reactivateStaff,
  resendStaffActivation,
  updateStaffRoles,
} from './accounts';

const staffId = z.object({
  staffId: z.uuid('That is not a valid staff reference.'),
});

const roles = z
  .array(z.enum(STAFF_ROLES, 'Choose roles from the list.'), 'Choose at least one role.')
  .min(1, 'Choose at least one role.')
  .max(STAFF_ROLES.length, 'Choose roles from the list.');

const name = (what: string) =>
  z
    .string(`Enter their ${what}.`)
    .trim()
    .min(1, `Enter their ${what}.`)
    .max(100, `Their ${what} can be at most 100 characters.`);

/** Staff accounts (P17): administrators create them, set roles, deactivate leavers. */
export const adminStaffRouter = router({
  list: staffProcedure()
    .input(
      z
        .object({
          search: z
            .string('Enter a name, email or username.')
            .trim()
            .max(100, 'Enter at most 100 characters.')
            .optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listStaff(ctx, input?.search || undefined)),
  get: staffProcedure()
    .input(staffId)
    .query(({ ctx, input }) => getStaff(ctx, input.staffId)),
  create: staffProcedure()
    .input(
      z.object({
        title: z
          .string('Enter a title, like Ms or Dr, or leave it blank.')
          .trim()
          .max(20, 'A title can be at most 20 characters.')
          .optional(),
        forename: name('first name'),
        surname: name('last name'),
        email: z
          .string('Enter their school email address.')
          .trim()
          .max(254, 'That email address is too long.')
          .pipe(z.email('Enter their school email address, like j.smith@school.example.')),
        roles,
        submissionKey,
      }),
    )
    .mutation(({ ctx, input }) => createStaff(ctx, input)),
  /** An account for a member of staff whose record exists (an import made it) without one. */
  createAccount: staffProcedure()
    .input(staffId.extend({ submissionKey }))
    .mutation(({ ctx, input }) => createStaffAccount(ctx, input)),
  resendActivation: staffProcedure()
    .input(staffId.extend({ submissionKey }))
    .mutation(({ ctx, input }) => resendStaffActivation(ctx, input)),
  updateRoles: staffProcedure()
    .input(staffId.extend({ roles }))
    .mutation(({ ctx, input }) => updateStaffRoles(ctx, input.staffId, input.roles)),
  deactivate: staffProcedure()
    .input(staffId)
    .mutation(({ ctx, input }) => deactivateStaff(ctx, input.staffId)),
  reactivate: staffProcedure()
    .input(staffId)
    .mutation(({ ctx, input }) => reactivateStaff(ctx, input.staffId)),
});
