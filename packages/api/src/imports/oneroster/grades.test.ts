import { describe, expect, it } from 'vitest';
import { yearGroupFromGrade } from './grades';

describe('yearGroupFromGrade', () => {
  it('maps a CEDS US grade g to English Year g + 1', () => {
    expect(yearGroupFromGrade('06')).toEqual({ ok: true, yearGroup: 7 });
    expect(yearGroupFromGrade('08')).toEqual({ ok: true, yearGroup: 9 });
    expect(yearGroupFromGrade('12')).toEqual({ ok: true, yearGroup: 13 });
  });

  it('takes English years written as Y9 or Year 9', () => {
    expect(yearGroupFromGrade('Y9')).toEqual({ ok: true, yearGroup: 9 });
    expect(yearGroupFromGrade('year 11')).toEqual({ ok: true, yearGroup: 11 });
    expect(yearGroupFromGrade('Y13')).toEqual({ ok: true, yearGroup: 13 });
  });

  it('refuses a bare digit as ambiguous, and years a secondary school does not have', () => {
    expect(yearGroupFromGrade('9')).toMatchObject({ ok: false, message: /ambiguous/ });
    expect(yearGroupFromGrade('05')).toMatchObject({ ok: false, message: /Year 6, outside/ });
    expect(yearGroupFromGrade('13')).toMatchObject({ ok: false, message: /Year 14, outside/ });
    expect(yearGroupFromGrade('KG')).toMatchObject({ ok: false, message: /not one we know/ });
  });
});
