import { queueDueNoticeEmails } from './notices';
import { queuePasswordReminders } from './accounts';
import { queueAbsenceChasers } from './absence';
import { router, systemProcedure } from './core';

export const jobsRouter = router({
  /** Day-80 and daily password reminders and the expiry notice; idempotent (P11). */
  passwordReminders: systemProcedure.mutation(({ ctx }) => queuePasswordReminders(ctx)),
  /** Emails parents about scheduled notices that have just gone live; idempotent. */
  noticeEmails: systemProcedure.mutation(({ ctx }) => queueDueNoticeEmails(ctx)),
  /**
   * On a school day after the school's time: one email per parent per child marked N today whose
   * absence nobody has reported ("Tell us why"); idempotent (issue 13).
   */
  absenceChaser: systemProcedure.mutation(({ ctx }) => queueAbsenceChasers(ctx)),
});
