import { describe, expect, it } from 'vitest';
import { combineReportDate, partsOf } from './report-date';

describe('combineReportDate', () => {
  it('combines three boxes into an ISO date', () => {
    expect(combineReportDate({ day: '7', month: '12', year: '2026' }, 'The first day')).toEqual({
      ok: true,
      iso: '2026-12-07',
    });
  });

  it('says what is missing or wrong, naming the boxes at fault', () => {
    expect(combineReportDate({ day: '', month: '', year: '' }, 'The first day')).toEqual({
      ok: false,
      message: 'Enter the first day',
      parts: ['day', 'month', 'year'],
    });
    expect(combineReportDate({ day: '7', month: '', year: '' }, 'The first day')).toEqual({
      ok: false,
      message: 'The first day must include a month and year',
      parts: ['month', 'year'],
    });
    expect(combineReportDate({ day: '31', month: '11', year: '2026' }, 'The last day')).toEqual({
      ok: false,
      message: 'The last day must be a real date',
      parts: ['day'],
    });
    expect(combineReportDate({ day: '1', month: '1', year: '26' }, 'The last day')).toMatchObject({
      message: 'Year must include 4 numbers',
    });
  });

  it('lets an optional date be left empty', () => {
    expect(
      combineReportDate({ day: '', month: '', year: '' }, 'The last day', { optional: true }),
    ).toEqual({ ok: 'empty' });
  });
});

describe('partsOf', () => {
  it('fills the boxes from an ISO date, and leaves them empty otherwise', () => {
    expect(partsOf('2026-11-06')).toEqual({ day: '6', month: '11', year: '2026' });
    expect(partsOf(null)).toEqual({ day: '', month: '', year: '' });
  });
});
