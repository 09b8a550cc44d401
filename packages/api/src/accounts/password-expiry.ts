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

/** Password ages in days, `from` to `to` inclusive. */
export interface AgeRange {
  from: number;
  to: number;
}

/**
 * The ages at which passwordNoticeFor sends each notice, as ranges a query can find with an index:
 * reminders on the first reminder day and from the daily day to the day before expiry, the notice
 * on the expiry day. Days before the earlier of the two reminder days are never looked at (as
 * before), nor negative ages (a password set in the future: the settings allow no such day), and
 * empty ranges are left out.
 */
export function noticeAgeRanges(days: ReminderDays): Record<'reminder' | 'expired', AgeRange[]> {
  const earliest = Math.max(0, Math.min(days.firstReminderDay, days.dailyFromDay));
  const clip = (ranges: AgeRange[]) =>
    ranges
      .map(({ from, to }) => ({ from: Math.max(from, earliest), to }))
      .filter(({ from, to }) => from <= to);
  const lastReminderDay = days.expiryDays - 1;
  return {
    reminder: clip([
      { from: days.firstReminderDay, to: Math.min(days.firstReminderDay, lastReminderDay) },
      { from: days.dailyFromDay, to: lastReminderDay },
    ]),
    expired: clip([{ from: days.expiryDays, to: days.expiryDays }]),
  };
}

/**
 * The stored `password_set_at` values whose age is within `ages` at `now`: `from <= x < before`.
 * Database drivers read a timestamp to the whole millisecond, cutting off microseconds, and
 * passwordAgeInDays counts from that value, hence the extra millisecond at both ends.
 */
export function setAtRange(now: Date, ages: AgeRange): { from: Date; before: Date } {
  return {
    from: new Date(now.getTime() - (ages.to + 1) * DAY_MS + 1),
    before: new Date(now.getTime() - ages.from * DAY_MS + 1),
  };
}
