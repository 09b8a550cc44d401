import { describe, expect, it } from 'vitest';
import { yearGroupFromGrade, yearOfForm } from './grades';

describe('yearGroupFromGrade', () => {
  it('reads the National Curriculum year by default, with or without a leading zero', () => {
    expect(yearGroupFromGrade('7')).toEqual({ ok: true, yearGroup: 7 });
    expect(yearGroupFromGrade('07')).toEqual({ ok: true, yearGroup: 7 });
    expect(yearGroupFromGrade('11')).toEqual({ ok: true, yearGroup: 11 });
    expect(yearGroupFromGrade(' 13 ')).toEqual({ ok: true, yearGroup: 13 });
  });

  it('maps a US/CEDS grade g to Year g + 1 when the school says its exporter writes them', () => {
    expect(yearGroupFromGrade('06', 'us')).toEqual({ ok: true, yearGroup: 7 });
    expect(yearGroupFromGrade('6', 'us')).toEqual({ ok: true, yearGroup: 7 });
    expect(yearGroupFromGrade('12', 'us')).toEqual({ ok: true, yearGroup: 13 });
  });

  it('takes English years written as Y9 or Year 9 under either scheme', () => {
    for (const scheme of ['uk', 'us'] as const) {
      expect(yearGroupFromGrade('Y9', scheme)).toEqual({ ok: true, yearGroup: 9 });
      expect(yearGroupFromGrade('year 11', scheme)).toEqual({ ok: true, yearGroup: 11 });
    }
  });

  it('refuses years a secondary school does not have, hinting at the setting for a US grade', () => {
    expect(yearGroupFromGrade('06')).toEqual({
      ok: false,
      message:
        'grades "06" is Year 6, outside a secondary school\'s Years 7 to 13. If your system writes US grades (06 for Year 7), turn on “Our roster export writes US grades” in the settings.',
    });
    expect(yearGroupFromGrade('14')).toMatchObject({ ok: false, message: /Year 14, outside/ });
    expect(yearGroupFromGrade('13', 'us')).toMatchObject({ ok: false, message: /Year 14/ });
    expect(yearGroupFromGrade('KG')).toMatchObject({
      ok: false,
      message: /not a National Curriculum year/,
    });
  });
});

describe('yearOfForm', () => {
  it('reads the year a form code starts with', () => {
    expect(yearOfForm('7A')).toBe(7);
    expect(yearOfForm('10N')).toBe(10);
    expect(yearOfForm('11-F')).toBe(11);
    expect(yearOfForm('Y9B')).toBe(9);
    expect(yearOfForm('Year 8 Blue')).toBe(8);
  });

  it('gives null when the code names no secondary year', () => {
    expect(yearOfForm('Blue')).toBeNull();
    expect(yearOfForm('123')).toBeNull();
    expect(yearOfForm('5C')).toBeNull();
  });
});
