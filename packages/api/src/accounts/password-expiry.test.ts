import { describe, expect, it } from 'vitest';
import {
  expiryDaysOf,
  passwordAgeInDays,
  passwordHasExpired,
  passwordNoticeFor,
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
