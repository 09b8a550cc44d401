import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expiryDaysOf,
  noticeAgeRanges,
  passwordAgeInDays,
  passwordHasExpired,
  passwordNoticeFor,
  setAtRange,
  type ReminderDays,
} from './password-expiry';

const days = { firstReminderDay: 80, dailyFromDay: 85, expiryDays: 90 };
const set = new Date('2026-01-01T10:00:00Z');
const after = (d: number, hours = 0) => new Date(set.getTime() + (d * 24 + hours) * 3600_000);

describe('password expiry (P11)', () => {
  it('counts whole days since the password was set', () => {
    expect(passwordAgeInDays(set, after(0, 23))).toBe(0);
    expect(passwordAgeInDays(set, after(1))).toBe(1);
  });

  it('expires on day 90', () => {
    expect(passwordHasExpired(set, 90, after(89, 23))).toBe(false);
    expect(passwordHasExpired(set, 90, after(90))).toBe(true);
    expect(passwordHasExpired(null, 90, after(400))).toBe(false);
  });

  it('reminds on day 80, then daily from day 85, and says so once on day 90', () => {
    const notices = Array.from({ length: 93 }, (_, age) => passwordNoticeFor(age, days));
    const on = (notice: string) => notices.flatMap((n, age) => (n === notice ? [age] : []));
    expect(on('reminder')).toEqual([80, 85, 86, 87, 88, 89]);
    expect(on('expired')).toEqual([90]);
  });

  it('never expires when the school turns forced expiry off', () => {
    const off = expiryDaysOf({ password_expiry_enabled: false, password_expiry_days: 90 });
    expect(off).toBeNull();
    expect(passwordHasExpired(set, off, after(400))).toBe(false);
    const on = expiryDaysOf({ password_expiry_enabled: true, password_expiry_days: 30 });
    expect(on).toBe(30);
    expect(passwordHasExpired(set, on, after(30))).toBe(true);
  });
});

describe('the reminder sweep’s ranges (P11)', () => {
  const DAY_MS = 24 * 3600_000;
  const settings: ReminderDays[] = [
    days,
    { firstReminderDay: 20, dailyFromDay: 25, expiryDays: 30 },
    { firstReminderDay: 1, dailyFromDay: 2, expiryDays: 3 },
    // Orders the settings page refuses, but the database does not.
    { firstReminderDay: 9, dailyFromDay: 3, expiryDays: 10 },
    { firstReminderDay: 90, dailyFromDay: 95, expiryDays: 90 },
    { firstReminderDay: 95, dailyFromDay: 96, expiryDays: 90 },
  ];

  it('hold exactly the ages the one-by-one sweep sent each notice on', () => {
    for (const d of settings) {
      const ranges = noticeAgeRanges(d);
      const within = (notice: 'reminder' | 'expired', age: number) =>
        ranges[notice].some(({ from, to }) => from <= age && age <= to);
      for (let age = -3; age <= 120; age++) {
        // That sweep looked at nothing younger than the earlier of the two reminder days.
        const earliest = Math.min(d.firstReminderDay, d.dailyFromDay);
        const notice = age >= earliest ? passwordNoticeFor(age, d) : null;
        expect([age, within('reminder', age), within('expired', age)]).toEqual([
          age,
          notice === 'reminder',
          notice === 'expired',
        ]);
      }
    }
  });

  it('turn ages into the password set times that have them', () => {
    const now = new Date('2026-11-17T09:30:00.250Z');
    const holds = (offsetMs: number, from: number, to: number) => {
      const setAt = new Date(now.getTime() - offsetMs);
      const range = setAtRange(now, { from, to });
      const age = passwordAgeInDays(setAt, now);
      return (range.from <= setAt && setAt < range.before) === (age >= from && age <= to);
    };
    // Exactly on a day boundary and a millisecond either side of one.
    for (const day of [79, 80, 85, 90, 91]) {
      for (const ms of [-1, 0, 1]) expect(holds(day * DAY_MS + ms, 80, 90)).toBe(true);
    }
    fc.assert(
      fc.property(
        fc.integer({ min: -DAY_MS, max: 200 * DAY_MS }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 30 }),
        (offset, from, span) => holds(offset, from, from + span),
      ),
    );
  });
});
