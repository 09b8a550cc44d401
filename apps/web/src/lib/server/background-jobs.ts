import { hostname } from 'node:os';
import { createCaller, createContext, settleAfterResponse } from '@schoolgate/api';
import { loadSettings, type Database } from '@schoolgate/db';
import {
  defaultFromAddress,
  smtpTransport,
  startEmailWorker,
  startOutboxLogger,
} from '@schoolgate/email';
import { dev } from '$app/environment';
import { env } from '$env/dynamic/private';
import { stopAtShutdown } from './shutdown';

const HOUR_MS = 60 * 60 * 1000;
const NOTICE_EMAIL_INTERVAL_MS = 5 * 60 * 1000;

/**
 * The web server's own timers: deliver email when SMTP is configured, queue password reminders
 * hourly, scheduled notices' emails and the morning absence emails every five minutes (all idempotent, so several servers, or
 * cron as well, cause no duplicates). All of it stops when the server shuts down (see shutdown.ts).
 */
export async function startBackgroundJobs(db: Database): Promise<void> {
  // Work that requests left for after their answer (a reset link to make) finishes before the
  // database closes.
  stopAtShutdown(settleAfterResponse);
  if (env.SMTP_URL) {
    const settings = await loadSettings(db);
    const from =
      env.SMTP_FROM ||
      defaultFromAddress({ name: settings.school_name, enquiriesEmail: settings.enquiries_email });
    // The same name after a restart, so this server takes back at once what it held at a crash.
    const workerId = `${hostname()}:web:${env.PORT ?? '3000'}`;
    stopAtShutdown(startEmailWorker(db, smtpTransport(env.SMTP_URL), { from, workerId }));
  } else {
    console.info('Schoolgate: SMTP_URL is not set, so emails stay in the outbox.');
    // In development and the demo, show them in the log too, so activation links can be followed.
    if (dev || env.SCHOOLGATE_DEMO === '1') {
      const stopLogger = startOutboxLogger(db, (text) => console.info(text));
      stopAtShutdown(async () => stopLogger());
    }
  }

  repeat('Password reminder job', HOUR_MS, async () => {
    const ctx = await createContext({ db, system: true, portalUrl: env.ORIGIN ?? null });
    await createCaller(ctx).jobs.passwordReminders();
  });
  // Scheduled notices are emailed to parents within a few minutes of going live.
  repeat('Notice email job', NOTICE_EMAIL_INTERVAL_MS, async () => {
    const ctx = await createContext({ db, system: true, portalUrl: env.ORIGIN ?? null });
    await createCaller(ctx).jobs.noticeEmails();
  });
  // Parents of children absent with no reason are emailed soon after the school's time for it.
  repeat('Absence email job', NOTICE_EMAIL_INTERVAL_MS, async () => {
    const ctx = await createContext({ db, system: true, portalUrl: env.ORIGIN ?? null });
    await createCaller(ctx).jobs.absenceChaser();
  });
}

/** Runs a job now and then every `intervalMs`; at shutdown, waits for a run in progress. */
function repeat(name: string, intervalMs: number, job: () => Promise<void>): void {
  let running: Promise<void> | undefined;
  const run = () => {
    if (running) return;
    running = job()
      .catch((error: unknown) => {
        console.error(`${name} failed:`, error instanceof Error ? error.message : error);
      })
      .finally(() => {
        running = undefined;
      });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  stopAtShutdown(async () => {
    clearInterval(timer);
    await running;
  });
}
