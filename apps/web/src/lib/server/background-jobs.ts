import { createCaller, createContext } from '@schoolgate/api';
import { loadSettings, type Database } from '@schoolgate/db';
import {
  defaultFromAddress,
  smtpTransport,
  startEmailWorker,
  startOutboxLogger,
} from '@schoolgate/email';
import { dev } from '$app/environment';
import { env } from '$env/dynamic/private';

const HOUR_MS = 60 * 60 * 1000;
const NOTICE_EMAIL_INTERVAL_MS = 5 * 60 * 1000;

/**
 * The web server's own timers: deliver email when SMTP is configured, queue password reminders
 * hourly and scheduled notices' emails every five minutes (all idempotent, so several servers, or
 * cron as well, cause no duplicates).
 */
export async function startBackgroundJobs(db: Database): Promise<void> {
  if (env.SMTP_URL) {
    const settings = await loadSettings(db);
    const from =
      env.SMTP_FROM ||
      defaultFromAddress({ name: settings.school_name, enquiriesEmail: settings.enquiries_email });
    startEmailWorker(db, smtpTransport(env.SMTP_URL), { from });
  } else {
    console.info('Schoolgate: SMTP_URL is not set, so emails stay in the outbox.');
    // In development and the demo, show them in the log too, so activation links can be followed.
    if (dev || env.SCHOOLGATE_DEMO === '1') startOutboxLogger(db, (text) => console.info(text));
  }

  const runReminders = async () => {
    try {
      const ctx = await createContext({ db, system: true, portalUrl: env.ORIGIN ?? null });
      await createCaller(ctx).jobs.passwordReminders();
    } catch (error) {
      console.error(
        'Password reminder job failed:',
        error instanceof Error ? error.message : error,
      );
    }
  };
  void runReminders();
  setInterval(runReminders, HOUR_MS).unref();

  // Scheduled notices are emailed to parents within a few minutes of going live.
  const runNoticeEmails = async () => {
    try {
      const ctx = await createContext({ db, system: true, portalUrl: env.ORIGIN ?? null });
      await createCaller(ctx).jobs.noticeEmails();
    } catch (error) {
      console.error('Notice email job failed:', error instanceof Error ? error.message : error);
    }
  };
  void runNoticeEmails();
  setInterval(runNoticeEmails, NOTICE_EMAIL_INTERVAL_MS).unref();
}
