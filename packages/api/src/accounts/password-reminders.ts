import { loadSettings } from '@schoolgate/db';
import { enqueueEmail } from '@schoolgate/email';
import type { Context } from '../core';
import { passwordAgeInDays, passwordNoticeFor } from './password-expiry';
import { passwordExpiredEmail, passwordReminderEmail } from './password-emails';
import { schoolIdentity } from '../email';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Queues today's password reminders and expiry notices (P11). Safe to run as often as you like and
 * on several servers at once: each message has a key made of the user, the password (its set
 * time) and its age in days, and a key is only ever queued once.
 */
export async function queuePasswordReminders(ctx: Pick<Context, 'db' | 'now' | 'portalUrl'>) {
  const { db } = ctx;
  const now = ctx.now();
  const settings = await loadSettings(db);
  // Forced expiry turned off by the school: passwords never expire, so nothing to remind about.
  if (!settings.password_expiry_enabled) return { queued: 0 };
  const days = {
    firstReminderDay: settings.password_first_reminder_day,
    dailyFromDay: settings.password_daily_reminders_from_day,
    expiryDays: settings.password_expiry_days,
  };
  const earliestDay = Math.min(days.firstReminderDay, days.dailyFromDay);
  const candidates = await db
    .selectFrom('users as u')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .leftJoin('students as s', 's.id', 'u.student_id')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.password_set_at',
      eb.fn.coalesce('c.forename', 's.forename', 'st.forename').as('forename'),
      eb.fn.coalesce('c.surname', 's.surname', 'st.surname').as('surname'),
    ])
    .where('u.status', '=', 'active')
    .where('u.password_set_at', '<=', new Date(now.getTime() - earliestDay * DAY_MS))
    .where('u.password_set_at', '>', new Date(now.getTime() - (days.expiryDays + 1) * DAY_MS))
    .execute();

  const school = schoolIdentity(settings);
  let queued = 0;
  for (const user of candidates) {
    if (!user.password_set_at) continue;
    const age = passwordAgeInDays(user.password_set_at, now);
    const notice = passwordNoticeFor(age, days);
    if (!notice) continue;
    const name = `${user.forename ?? ''} ${user.surname ?? ''}`.trim();
    const email =
      notice === 'expired'
        ? passwordExpiredEmail(school, name, ctx.portalUrl)
        : passwordReminderEmail(school, name, days.expiryDays - age, ctx.portalUrl);
    const added = await enqueueEmail(
      db,
      {
        ...email,
        to: user.email,
        kind: notice === 'expired' ? 'password_expired' : 'password_reminder',
        dedupeKey: `password-${notice}:${user.id}:${user.password_set_at.toISOString()}:day-${age}`,
      },
      now,
    );
    if (added) queued++;
  }
  return { queued };
}
