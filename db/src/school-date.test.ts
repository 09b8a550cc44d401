import { describe, expect, it } from 'vitest';
import { schoolDate } from './school-date';

describe('schoolDate', () => {
  it('is the date in the school time zone, not the server one', () => {
    // 23:30 UTC on 30 June is already 1 July in London (BST).
    expect(schoolDate(new Date('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
    expect(schoolDate(new Date('2026-12-31T23:30:00Z'), 'Europe/London')).toBe('2026-12-31');
  });
});
