const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days since the password was set; day 0 is the day it was set. */
export function passwordAgeInDays(passwordSetAt: Date, now: Date): number {
  return Math.floor((now.getTime() - passwordSetAt.getTime()) / DAY_MS);
}

/** A password expires `expiryDays` after it was set (90 by default, P11). */
export function passwordHasExpired(
  passwordSetAt: Date | null,
  expiryDays: number,
  now: Date,
): boolean {
  return passwordSetAt !== null && passwordAgeInDays(passwordSetAt, now) >= expiryDays;
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
