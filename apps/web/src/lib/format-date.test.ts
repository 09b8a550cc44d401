import { describe, expect, it } from 'vitest';
import { formatCalendarDate, todayInUk } from './format-date';

describe('formatCalendarDate', () => {
  it('writes a calendar date out in full, without shifting it a day', () => {
    expect(formatCalendarDate('2026-11-17')).toBe('17 November 2026');
    expect(formatCalendarDate('2027-01-01')).toBe('1 January 2027');
  });

  it('gives back anything that is not a date as it was', () => {
    expect(formatCalendarDate('soon')).toBe('soon');
    expect(formatCalendarDate('2026-13-45')).toBe('2026-13-45');
  });
});

describe('todayInUk', () => {
  it('is the UK date, which in summer starts an hour before midnight UTC', () => {
    expect(todayInUk(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(todayInUk(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });
});
