import { z } from 'zod';
import {
  listSessions,
  SESSION_REFERENCE_PATTERN,
  signOutOtherSessions,
  signOutSession,
} from './sessions';
import { authedProcedure, router } from '../core';

/** P5: a person's own sessions, and signing any of them out. Nobody sees anyone else's. */
export const sessionsRouter = router({
  list: authedProcedure.query(({ ctx }) => listSessions(ctx)),

  signOut: authedProcedure
    .input(
      z.object({
        reference: z
          .string()
          .trim()
          .toLowerCase()
          .regex(SESSION_REFERENCE_PATTERN, 'That is not a session reference.'),
      }),
    )
    .mutation(({ ctx, input }) => signOutSession(ctx, input.reference)),

  signOutOthers: authedProcedure.mutation(({ ctx }) => signOutOtherSessions(ctx)),
});
