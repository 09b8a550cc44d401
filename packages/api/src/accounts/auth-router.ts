import { z } from 'zod';
import { invalidateSession } from '@schoolgate/auth';
import { recordAudit } from '@schoolgate/db';
import { publicProcedure, router, signedInProcedure, submissionKey } from '../core';
import { requestPasswordReset, resetPassword, resetStatus } from './password-reset';
import { signIn } from './sign-in';

export const authRouter = router({
  signIn: publicProcedure
    .input(
      z.object({
        identifier: z
          .string()
          .trim()
          .min(1, 'Enter your username or email address.')
          .max(254, 'That username or email address is too long.'),
        password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
        sharedDevice: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => signIn(ctx, input)),

  signOut: signedInProcedure.mutation(async ({ ctx }) => {
    await ctx.db.transaction().execute(async (trx) => {
      await invalidateSession(trx, ctx.session.id);
      await recordAudit(trx, {
        at: ctx.now(),
        action: 'auth.sign_out',
        actorUserId: ctx.user.id,
        ip: ctx.meta.ip,
        userAgent: ctx.meta.userAgent,
      });
    });
    ctx.cookies.clear();
    return { signedOut: true };
  }),

  me: signedInProcedure.query(({ ctx }) => {
    const {
      id,
      username,
      displayName,
      kind,
      roles,
      mustChangePassword,
      mustAcceptPolicy,
      twoFactor,
    } = ctx.user;
    return {
      id,
      username,
      displayName,
      kind,
      roles,
      mustChangePassword,
      twoFactor,
      mustAcceptPolicy,
      sessionExpiresAt: ctx.session.expiresAt,
    };
  }),

  /** Forgotten password: always the same answer; a link goes only to a real account's address. */
  requestPasswordReset: publicProcedure
    .input(
      z.object({
        identifier: z
          .string()
          .trim()
          .min(1, 'Enter your username or email address.')
          .max(254, 'That username or email address is too long.'),
        submissionKey,
      }),
    )
    .mutation(({ ctx, input }) => requestPasswordReset(ctx, input)),

  resetStatus: publicProcedure
    .input(z.object({ token: z.string().trim().min(1).max(200) }))
    .query(({ ctx, input }) => resetStatus(ctx, input.token)),

  resetPassword: publicProcedure
    .input(
      z
        .object({
          token: z.string().trim().min(1, 'The link is incomplete.').max(200),
          newPassword: z
            .string()
            .min(1, 'Choose a new password.')
            .max(1024, 'Use at most 256 characters.'),
          confirmPassword: z.string(),
        })
        .refine((v) => v.newPassword === v.confirmPassword, {
          path: ['confirmPassword'],
          message: 'The two passwords are not the same.',
        }),
    )
    .mutation(({ ctx, input }) => resetPassword(ctx, input)),
});
