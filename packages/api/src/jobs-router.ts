import { queueDueNoticeEmails } from './notices';
import { queuePasswordReminders } from './accounts';
import { router, systemProcedure } from './core';

export const jobsRouter = router({
  /** Day-80 and daily password reminders and the expiry notice; idempotent (P11). */
  passwordReminders: systemProcedure.mutation(({ ctx }) => queuePasswordReminders(ctx)),
  /** Emails parents about scheduled notices that have just gone live; idempotent. */
  noticeEmails: systemProcedure.mutation(({ ctx }) => queueDueNoticeEmails(ctx)),
});
