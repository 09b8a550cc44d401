import { createCaller, createContext } from '@schoolgate/api';
import { loadSettings, type Database } from '@schoolgate/db';
import { defaultFromAddress, deliverDueEmails, smtpTransport } from '@schoolgate/email';

export interface JobsOptions {
  portalUrl: string | undefined;
  smtpUrl: string | undefined;
  smtpFrom: string | undefined;
}

/**
 * The scheduled work, for cron: queue today's password reminders, the parents' emails for
 * scheduled notices that have gone live and the morning emails about unexplained absences, then deliver every due email when SMTP is configured.
 * Safe to run often and on several machines at once.
 */
export async function runJobs(
  db: Database,
  out: (line: string) => void,
  options: JobsOptions,
): Promise<void> {
  const ctx = await createContext({ db, system: true, portalUrl: options.portalUrl ?? null });
  const { queued } = await createCaller(ctx).jobs.passwordReminders();
  out(`Queued ${queued} password reminder email(s).`);
  const notices = await createCaller(ctx).jobs.noticeEmails();
  out(
    `Queued ${notices.queued} email(s) to parents about ${notices.notices} notice(s) now published.`,
  );
  const chasers = await createCaller(ctx).jobs.absenceChaser();
  out(
    chasers.due
      ? `Queued ${chasers.queued} email(s) to parents about absences with no reason today.`
      : 'Not yet time for the morning email about absences with no reason (or not a school day).',
  );

  if (!options.smtpUrl) {
    out('SMTP_URL is not set, so emails stay in the outbox (admins can read them there).');
    return;
  }
  const transport = smtpTransport(options.smtpUrl);
  const settings = await loadSettings(db);
  const from =
    options.smtpFrom ??
    defaultFromAddress({ name: settings.school_name, enquiriesEmail: settings.enquiries_email });
  const total = { sent: 0, retrying: 0, failed: 0 };
  for (;;) {
    const report = await deliverDueEmails(db, transport, { now: new Date(), from });
    total.sent += report.sent;
    total.retrying += report.retrying;
    total.failed += report.failed;
    if (report.sent + report.retrying + report.failed === 0) break;
  }
  out(
    `Delivered ${total.sent} email(s); ${total.retrying} will be retried; ${total.failed} gave up.`,
  );
}
