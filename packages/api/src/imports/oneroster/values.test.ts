import { describe, expect, it } from 'vitest';
import { booleanValue, dateValue, isIsoDate, listValue, statusValue } from './values';

describe('OneRoster values', () => {
  it('accepts only real YYYY-MM-DD dates, taking the date part of a timestamp', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('28/02/2026')).toBe(false);
    expect(dateValue('')).toBe('');
    expect(dateValue('2026-09-01T00:00:00Z')).toBe('2026-09-01');
    expect(dateValue('2026-13-01')).toBeUndefined();
  });

  it('splits lists on commas and reads booleans and statuses', () => {
    expect(listValue(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(listValue('')).toEqual([]);
    expect(booleanValue('TRUE', false)).toBe(true);
    expect(booleanValue('', true)).toBe(true);
    expect(booleanValue('yes', true)).toBeUndefined();
    expect(statusValue('')).toBe('active');
    expect(statusValue('tobedeleted')).toBe('tobedeleted');
    expect(statusValue('gone')).toBeUndefined();
  });
});
