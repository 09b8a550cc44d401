import { z } from 'zod';
import { invalidateSession } from '@schoolgate/auth';
import { recordAudit } from '@schoolgate/db';
import { publicProcedure, router, signedInProcedure } from '../trpc';
import { signIn } from '../services/sign-in';

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
    const { id, username, displayName, kind, roles, mustChangePassword } = ctx.user;
    return {
      id,
      username,
      displayName,
      kind,
      roles,
      mustChangePassword,
      sessionExpiresAt: ctx.session.expiresAt,
    };
  }),
});
