const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days since the password was set; day 0 is the day it was set. */
export function passwordAgeInDays(passwordSetAt: Date, now: Date): number {
  return Math.floor((now.getTime() - passwordSetAt.getTime()) / DAY_MS);
}

/** A password expires `expiryDays` after it was set (90 by default, P11); null: it never does. */
export function passwordHasExpired(
  passwordSetAt: Date | null,
  expiryDays: number | null,
  now: Date,
): boolean {
  if (expiryDays === null || passwordSetAt === null) return false;
  return passwordAgeInDays(passwordSetAt, now) >= expiryDays;
}

/**
 * The days after which a password expires, or null when the school has turned forced expiry off
 * (NCSC and NIST SP 800-63B advise against it; the school's policy asks for it, so it is on unless
 * an administrator turns it off). Off means no reminders and no forced change.
 */
export function expiryDaysOf(settings: {
  password_expiry_enabled: boolean;
  password_expiry_days: number;
}): number | null {
  return settings.password_expiry_enabled ? settings.password_expiry_days : null;
}

export interface ReminderDays {
  firstReminderDay: number;
  dailyFromDay: number;
  expiryDays: number;
}

export type PasswordNotice = 'reminder' | 'expired' | null;

/**
 * What to email on a password's `age` in days: the first reminder (day 80), a reminder every day
 * from day 85, and one notice on the day it expires (day 90). After that the person is made to
 * change it at sign-in, so daily mail would only nag.
 */
export function passwordNoticeFor(age: number, days: ReminderDays): PasswordNotice {
  if (age === days.expiryDays) return 'expired';
  if (age > days.expiryDays) return null;
  if (age === days.firstReminderDay) return 'reminder';
  if (age >= days.dailyFromDay) return 'reminder';
  return null;
}
