import { z } from 'zod';
import { acceptPolicy } from './accept';
import { currentPolicy } from './current';
import { publicProcedure, router, verifiedProcedure } from '../core';

export const policyRouter = router({
  /** The Acceptable Usage Policy in force, for anyone to read; null before one is published (P2). */
  current: publicProcedure.query(({ ctx }) => currentPolicy(ctx)),

  /** Open while an acceptance is pending: accepting is how the person gets going again (P2). */
  accept: verifiedProcedure
    .input(z.object({ versionId: z.uuid('That is not a valid version of the policy.') }))
    .mutation(({ ctx, input }) => acceptPolicy(ctx, input.versionId)),
});
