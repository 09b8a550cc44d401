import { describe, expect, it } from 'vitest';
import { checkUpn } from './upn';

describe('checkUpn', () => {
  it('accepts a letter and 12 digits, tidying spaces and letter case', () => {
    expect(checkUpn('a123456789012')).toEqual({ ok: true, upn: 'A123456789012' });
    expect(checkUpn(' A12 345 678 9012 ')).toEqual({ ok: true, upn: 'A123456789012' });
  });

  it('accepts a temporary UPN, whose last character is a letter', () => {
    expect(checkUpn('B12345678901Z')).toEqual({ ok: true, upn: 'B12345678901Z' });
  });

  it('says how many characters there are when the length is wrong', () => {
    const result = checkUpn('A12345');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/13 characters.*This one has 6\./);
  });

  it('refuses 13 characters in the wrong shape, with an example', () => {
    for (const wrong of ['1123456789012', 'AB23456789012', 'A1234567890-2']) {
      const result = checkUpn(wrong);
      expect(result.ok, wrong).toBe(false);
      expect(!result.ok && result.message).toContain('for example A123456789012');
    }
  });
});
