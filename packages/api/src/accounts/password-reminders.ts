import { loadSettings } from '@schoolgate/db';
import type { Context } from '../core';
import { passwordNoticeTemplates } from './password-emails';
import { queueDueNotices } from './reminder-outbox';
import { schoolIdentity } from '../email';

/**
 * Queues today's password reminders and expiry notices (P11). Safe to run as often as you like and
 * on several servers at once: each message has a key made of the user, the password (its set
 * time) and its age in days, and a key is only ever queued once. Set-based: three statements
 * however many accounts there are (the settings, then one insert for each kind of notice), each
 * email filled in by the database from a template rendered here once.
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
  const { placeholders, reminder, expired } = passwordNoticeTemplates(
    schoolIdentity(settings),
    ctx.portalUrl,
  );
  const options = { now, days };
  // One kind after the other, in the same order on every server.
  const reminders = await queueDueNotices(
    db,
    { notice: 'reminder', kind: 'password_reminder', template: reminder, placeholders },
    options,
  );
  const notices = await queueDueNotices(
    db,
    { notice: 'expired', kind: 'password_expired', template: expired, placeholders },
    options,
  );
  return { queued: reminders + notices };
}
