import { describe, expect, it } from 'vitest';
import { combineDateOfBirth } from './date-of-birth';

const TODAY = '2026-12-07';
const date = (day: string, month: string, year: string) =>
  combineDateOfBirth({ day, month, year }, TODAY);

describe('combineDateOfBirth', () => {
  it('combines the three boxes into an ISO date, with or without leading zeros and spaces', () => {
    expect(date('4', '5', '2013')).toEqual({ ok: true, iso: '2013-05-04' });
    expect(date(' 04 ', '05', '2013')).toEqual({ ok: true, iso: '2013-05-04' });
    expect(date('29', '2', '2012')).toEqual({ ok: true, iso: '2012-02-29' });
    expect(date('6', '12', '2026')).toEqual({ ok: true, iso: '2026-12-06' });
  });

  it('asks for the date when every box is empty, marking all three', () => {
    expect(date('', ' ', '')).toEqual({
      ok: false,
      message: 'Enter the date of birth',
      parts: ['day', 'month', 'year'],
    });
  });

  it('names the missing boxes, in page order', () => {
    expect(date('4', '', '2013')).toEqual({
      ok: false,
      message: 'Date of birth must include a month',
      parts: ['month'],
    });
    expect(date('', '5', '2013')).toMatchObject({
      message: 'Date of birth must include a day',
      parts: ['day'],
    });
    expect(date('4', '5', '')).toMatchObject({
      message: 'Date of birth must include a year',
      parts: ['year'],
    });
    expect(date('', '', '2013')).toMatchObject({
      message: 'Date of birth must include a day and month',
      parts: ['day', 'month'],
    });
    expect(date('4', '', '')).toMatchObject({
      message: 'Date of birth must include a month and year',
      parts: ['month', 'year'],
    });
  });

  it('refuses a date that does not exist, marking the box at fault', () => {
    expect(date('31', '2', '2013')).toEqual({
      ok: false,
      message: 'Date of birth must be a real date',
      parts: ['day'],
    });
    expect(date('29', '2', '2013')).toMatchObject({ parts: ['day'] });
    expect(date('0', '5', '2013')).toMatchObject({ parts: ['day'] });
    expect(date('4', '13', '2013')).toMatchObject({
      message: 'Date of birth must be a real date',
      parts: ['month'],
    });
    expect(date('4', 'May', '2013')).toMatchObject({
      message: 'Date of birth must be a real date',
      parts: ['month'],
    });
    expect(date('4', '5', '-2013')).toMatchObject({ parts: ['year'] });
  });

  it('wants four numbers in the year', () => {
    expect(date('4', '5', '13')).toEqual({
      ok: false,
      message: 'Year must include 4 numbers',
      parts: ['year'],
    });
    expect(date('4', '5', '20134')).toMatchObject({ message: 'Year must include 4 numbers' });
  });

  it('wants a date in the past: today and later are refused', () => {
    for (const [day, month, year] of [
      ['7', '12', '2026'],
      ['8', '12', '2026'],
      ['1', '1', '2030'],
    ] as const) {
      expect(date(day, month, year)).toEqual({
        ok: false,
        message: 'Date of birth must be in the past',
        parts: ['day', 'month', 'year'],
      });
    }
  });
});
