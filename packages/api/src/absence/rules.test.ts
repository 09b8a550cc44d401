import { describe, expect, it } from 'vitest';
import type { SchoolCalendar } from '../core';
import {
  dateProblems,
  describeReport,
  isAfterCutoff,
  overlaps,
  registerNote,
  schoolClock,
  schoolDaysBetween,
  sessionsOf,
  SUGGESTED_CODE,
} from './rules';

// Autumn 2 2026 with a training day on Friday 13 November; today is Tuesday 17 November.
const CALENDAR: SchoolCalendar = {
  terms: [{ id: 't', name: 'Autumn 2', startsOn: '2026-11-02', endsOn: '2026-12-18' }],
  closures: [{ startsOn: '2026-11-13', endsOn: '2026-11-13', reason: 'Training day' }],
  cycleWeeks: 1,
  cycleAnchor: '2026-11-02',
};
const TODAY = '2026-11-17';
const absence = (firstDate: string, lastDate = firstDate, sessions: 'all' | 'AM' | 'PM' = 'all') =>
  ({ kind: 'absence', firstDate, lastDate, sessions }) as const;

describe('the codes a reason suggests', () => {
  it('maps illness to I, appointments to M and religious observance to R; the rest is the office’s call', () => {
    expect(SUGGESTED_CODE).toEqual({
      illness: 'I',
      medical: 'M',
      religious: 'R',
      family: null,
      other: null,
    });
    expect(registerNote('illness')).toBe('Reported absent: illness');
  });
});

describe('sessions and overlaps', () => {
  it('a whole day is both sessions', () => {
    expect(sessionsOf('all')).toEqual(['AM', 'PM']);
    expect(sessionsOf('PM')).toEqual(['PM']);
  });

  it('reports meet when their days and sessions meet', () => {
    const day = (d: string, s: 'all' | 'AM' | 'PM' = 'all') => ({
      firstDate: d,
      lastDate: d,
      sessions: s,
    });
    expect(overlaps(day(TODAY, 'AM'), day(TODAY, 'PM'))).toBe(false);
    expect(overlaps(day(TODAY, 'AM'), day(TODAY))).toBe(true);
    expect(overlaps(day(TODAY), day('2026-11-18'))).toBe(false);
    expect(
      overlaps({ firstDate: '2026-11-16', lastDate: '2026-11-20', sessions: 'all' }, day(TODAY)),
    ).toBe(true);
  });

  it('counts only school days', () => {
    expect(schoolDaysBetween('2026-11-12', '2026-11-16', CALENDAR)).toEqual([
      '2026-11-12',
      '2026-11-16',
    ]);
  });
});

describe('which dates a report may name', () => {
  it('takes today, a day to come and a recent past day', () => {
    expect(dateProblems(absence(TODAY), TODAY, CALENDAR)).toEqual({});
    expect(dateProblems(absence('2026-11-18', '2026-11-20'), TODAY, CALENDAR)).toEqual({});
    expect(dateProblems(absence('2026-11-16'), TODAY, CALENDAR)).toEqual({});
  });

  it('refuses days in the wrong order, a half day over several days, and days with no school', () => {
    expect(dateProblems(absence('2026-11-18', TODAY), TODAY, CALENDAR)).toEqual({
      lastDate: ['The last day must be the same as the first day or after it.'],
    });
    expect(dateProblems(absence(TODAY, '2026-11-18', 'AM'), TODAY, CALENDAR)).toEqual({
      sessions: ['A morning or afternoon only can be reported for one day at a time.'],
    });
    expect(dateProblems(absence('2026-11-13'), TODAY, CALENDAR)).toEqual({
      firstDate: ['That is not a school day.'],
    });
    expect(dateProblems(absence('2026-11-21', '2026-11-22'), TODAY, CALENDAR)).toEqual({
      firstDate: ['There are no school days between those dates.'],
    });
  });

  it('refuses a late arrival in the past or over several days', () => {
    expect(dateProblems({ ...absence('2026-11-16'), kind: 'late' }, TODAY, CALENDAR)).toMatchObject(
      {
        firstDate: ['A late arrival can be reported for today or a day to come.'],
      },
    );
    expect(
      dateProblems({ ...absence(TODAY, '2026-11-18'), kind: 'late' }, TODAY, CALENDAR),
    ).toMatchObject({ lastDate: ['A late arrival is for one day.'] });
  });
});

describe('describeReport', () => {
  it('says what was reported in words', () => {
    expect(
      describeReport({
        kind: 'absence',
        reason: 'medical',
        firstDate: TODAY,
        lastDate: TODAY,
        sessions: 'AM',
        expectedArrival: null,
      }),
    ).toBe('Medical or dental appointment: Tuesday 17 November 2026, the morning only');
  });
});

describe('schoolClock and isAfterCutoff', () => {
  it('reads the time of day in the school’s zone, summer and winter', () => {
    expect(schoolClock(new Date('2026-11-17T09:30:00Z'), 'Europe/London')).toBe('09:30');
    expect(schoolClock(new Date('2026-06-17T07:45:00Z'), 'Europe/London')).toBe('08:45');
    expect(schoolClock(new Date('2026-06-16T23:05:00Z'), 'Europe/London')).toBe('00:05');
  });

  it('is after the cut-off only for a report for today made at or after the time', () => {
    const day = (firstDate: string, lastDate = firstDate) => ({ firstDate, lastDate });
    expect(isAfterCutoff(day('2026-11-17'), '2026-11-17', '08:29', '08:30:00')).toBe(false);
    expect(isAfterCutoff(day('2026-11-17'), '2026-11-17', '08:30', '08:30:00')).toBe(true);
    expect(isAfterCutoff(day('2026-11-16', '2026-11-18'), '2026-11-17', '10:00', '08:30')).toBe(
      true,
    );
    expect(isAfterCutoff(day('2026-11-18'), '2026-11-17', '14:00', '08:30')).toBe(false);
    expect(isAfterCutoff(day('2026-11-16'), '2026-11-17', '14:00', '08:30')).toBe(false);
  });
});
