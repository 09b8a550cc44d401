import { describe, expect, it } from 'vitest';
import { schoolDate } from './school-date';

describe('schoolDate', () => {
  it('is the date in the school time zone, not the server one', () => {
    // 23:30 UTC on 30 June is already 1 July in London (BST).
    expect(schoolDate(new Date('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
    expect(schoolDate(new Date('2026-12-31T23:30:00Z'), 'Europe/London')).toBe('2026-12-31');
  });

  it('keeps each time zone apart when formatters are reused', () => {
    const at = new Date('2026-06-30T23:30:00Z');
    expect(schoolDate(at, 'Europe/London')).toBe('2026-07-01');
    expect(schoolDate(at, 'America/New_York')).toBe('2026-06-30');
    expect(schoolDate(at, 'Europe/London')).toBe('2026-07-01');
  });

  it('refuses an unknown time zone every time', () => {
    expect(() => schoolDate(new Date(), 'Not/AZone')).toThrow(RangeError);
    expect(() => schoolDate(new Date(), 'Not/AZone')).toThrow(RangeError);
  });
});
