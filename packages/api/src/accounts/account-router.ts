import { z } from 'zod';
import { activateAccount, activationStatus } from './activation';
import { changePassword } from './change-password';
import { publicProcedure, router, verifiedProcedure } from '../core';

const token = z
  .string()
  .trim()
  .min(1, 'The link is incomplete.')
  .max(200, 'The link is not valid.');

export const accountRouter = router({
  /** Open even when the password has expired: this is how the person gets going again (P11). */
  changePassword: verifiedProcedure
    .input(
      z
        .object({
          currentPassword: z.string().min(1, 'Enter your current password.').max(1024),
          newPassword: z
            .string()
            .min(1, 'Enter a new password.')
            .max(1024, 'Use at most 256 characters.'),
          confirmPassword: z.string(),
        })
        .refine((v) => v.newPassword === v.confirmPassword, {
          path: ['confirmPassword'],
          message: 'The two new passwords are not the same.',
        }),
    )
    .mutation(({ ctx, input }) => changePassword(ctx, input)),

  /** P4: what an activation link is worth, and whose account it opens. */
  activationStatus: publicProcedure
    .input(z.object({ token }))
    .query(({ ctx, input }) => activationStatus(ctx, input.token)),

  /** P4: set the first password through the emailed link, then be signed in. */
  activate: publicProcedure
    .input(
      z
        .object({
          token,
          newPassword: z
            .string()
            .min(1, 'Choose a password.')
            .max(1024, 'Use at most 256 characters.'),
          confirmPassword: z.string(),
          sharedDevice: z.boolean().default(false),
        })
        .refine((v) => v.newPassword === v.confirmPassword, {
          path: ['confirmPassword'],
          message: 'The two passwords are not the same.',
        }),
    )
    .mutation(({ ctx, input }) => activateAccount(ctx, input)),
});
