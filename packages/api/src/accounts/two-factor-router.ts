import { z } from 'zod';
import {
  beginEnrolment,
  confirmEnrolment,
  renewRecoveryCodes,
  resetSecondFactor,
  turnOffSecondFactor,
  verifySecondFactor,
} from './two-factor';
import {
  authedProcedure,
  portalProcedure,
  router,
  signedInProcedure,
  staffProcedure,
} from '../core';

const code = z
  .string()
  .trim()
  .min(1, 'Enter the code from your authenticator app.')
  .max(40, 'That code is too long.');

/** TOTP second factor (P17): required for staff, open to parents and students who want it. */
export const twoFactorRouter = router({
  // The signed-in tier: these are how a person gets past the second-factor gate.
  beginEnrolment: signedInProcedure.mutation(({ ctx }) => beginEnrolment(ctx)),
  confirmEnrolment: signedInProcedure
    .input(z.object({ code }))
    .mutation(({ ctx, input }) => confirmEnrolment(ctx, input.code)),
  verify: signedInProcedure
    .input(z.object({ code }))
    .mutation(({ ctx, input }) => verifySecondFactor(ctx, input.code)),
  /** Ten new recovery codes for the signed-in person, with a current code. */
  renewRecoveryCodes: authedProcedure
    .input(z.object({ code }))
    .mutation(({ ctx, input }) => renewRecoveryCodes(ctx, input.code)),
  /** Parents and students only: stop using the second step, with a current code. */
  turnOff: portalProcedure
    .input(z.object({ code }))
    .mutation(({ ctx, input }) => turnOffSecondFactor(ctx, input.code)),
  /** Admins only, for a member of staff who has lost their authenticator. */
  reset: staffProcedure()
    .input(z.object({ userId: z.uuid('That is not a valid account reference.') }))
    .mutation(({ ctx, input }) => resetSecondFactor(ctx, input.userId)),
});
