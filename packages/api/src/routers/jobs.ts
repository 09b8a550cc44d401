import { queuePasswordReminders } from '../services/password-reminders';
import { router, systemProcedure } from '../trpc';

export const jobsRouter = router({
  /** Day-80 and daily password reminders and the expiry notice; idempotent (P11). */
  passwordReminders: systemProcedure.mutation(({ ctx }) => queuePasswordReminders(ctx)),
});
