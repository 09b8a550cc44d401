import { z } from 'zod';
import { changePassword } from '../services/change-password';
import { router, signedInProcedure } from '../trpc';

export const accountRouter = router({
  /** Open even when the password has expired: this is how the person gets going again (P11). */
  changePassword: signedInProcedure
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
});
