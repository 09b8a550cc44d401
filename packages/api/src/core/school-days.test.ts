import { describe, expect, it } from 'vitest';
import {
  academicYearOf,
  addDays,
  closureOn,
  cycleWeekOf,
  isCalendarDate,
  isSchoolDay,
  mondayOf,
  nextSchoolDay,
  noSchoolReason,
  schoolWeekOf,
  termOf,
  termOrLatestStarted,
  termsOfAcademicYear,
  weekLabel,
  weekToShow,
  type SchoolCalendar,
} from './school-days';

// 2026-27: Week A began on Monday 7 September 2026.
const calendar: SchoolCalendar = {
  terms: [
    { id: 'summer-26', name: 'Summer term 2026', startsOn: '2026-04-20', endsOn: '2026-07-22' },
    { id: 'spring-27', name: 'Spring term', startsOn: '2027-01-05', endsOn: '2027-03-26' },
    { id: 'autumn-26', name: 'Autumn term', startsOn: '2026-09-03', endsOn: '2026-12-18' },
  ],
  closures: [
    { startsOn: '2026-10-26', endsOn: '2026-10-30', reason: 'Half term' },
    { startsOn: '2026-11-20', endsOn: '2026-11-20', reason: 'Training day' },
    { startsOn: '2027-02-15', endsOn: '2027-02-19', reason: 'Half term' },
  ],
  cycleWeeks: 2,
  cycleAnchor: '2026-09-07',
};

describe('calendar dates', () => {
  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(isCalendarDate('2026-11-17')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('17/11/2026')).toBe(false);
    expect(isCalendarDate('2026-11-17T00:00')).toBe(false);
  });

  it('adds days across months, years and the clocks going back', () => {
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });

  it('finds the Monday of any day, Sunday belonging to the week before', () => {
    expect(mondayOf('2026-11-16')).toBe('2026-11-16');
    expect(mondayOf('2026-11-20')).toBe('2026-11-16');
    expect(mondayOf('2026-11-21')).toBe('2026-11-16');
    expect(mondayOf('2026-11-22')).toBe('2026-11-16');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });

  it('lists Monday to Friday of a week', () => {
    expect(schoolWeekOf('2026-12-30')).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
    ]);
  });

  it('shows this week on a weekday and next week at the weekend', () => {
    expect(weekToShow('2026-11-17')).toBe('2026-11-16');
    expect(weekToShow('2026-11-20')).toBe('2026-11-16');
    expect(weekToShow('2026-11-21')).toBe('2026-11-23');
    expect(weekToShow('2026-11-22')).toBe('2026-11-23');
  });
});

describe('school days', () => {
  it('is a weekday inside a term', () => {
    expect(isSchoolDay('2026-11-17', calendar)).toBe(true);
    expect(isSchoolDay('2026-09-03', calendar)).toBe(true);
    expect(isSchoolDay('2026-12-18', calendar)).toBe(true);
  });

  it('is never a weekend, even in term', () => {
    expect(isSchoolDay('2026-11-21', calendar)).toBe(false);
    expect(isSchoolDay('2026-11-22', calendar)).toBe(false);
    expect(noSchoolReason('2026-11-21', calendar)).toBe('Weekend');
  });

  it('is never a day between terms', () => {
    expect(isSchoolDay('2026-09-02', calendar)).toBe(false);
    expect(isSchoolDay('2026-12-21', calendar)).toBe(false);
    expect(noSchoolReason('2026-12-21', calendar)).toBe('School holiday');
  });

  it('is never a closure, and the closure gives its reason', () => {
    expect(isSchoolDay('2026-10-26', calendar)).toBe(false);
    expect(isSchoolDay('2026-10-30', calendar)).toBe(false);
    expect(isSchoolDay('2026-11-20', calendar)).toBe(false);
    expect(noSchoolReason('2026-10-28', calendar)).toBe('Half term');
    expect(noSchoolReason('2026-11-20', calendar)).toBe('Training day');
    expect(closureOn('2026-11-19', calendar)).toBeNull();
    expect(noSchoolReason('2026-11-19', calendar)).toBeNull();
  });

  it('finds the next school day: the day itself, over a weekend, a closure, half-term and the holidays', () => {
    expect(nextSchoolDay('2026-11-17', calendar)).toBe('2026-11-17');
    expect(nextSchoolDay('2026-11-14', calendar)).toBe('2026-11-16');
    expect(nextSchoolDay('2026-11-20', calendar)).toBe('2026-11-23');
    expect(nextSchoolDay('2026-10-24', calendar)).toBe('2026-11-02');
    expect(nextSchoolDay('2026-12-19', calendar)).toBe('2027-01-05');
    expect(nextSchoolDay('2026-08-01', calendar)).toBe('2026-09-03');
  });

  it('finds no next school day after the last term or in an empty calendar', () => {
    expect(nextSchoolDay('2027-03-27', calendar)).toBeNull();
    expect(nextSchoolDay('2026-11-17', { ...calendar, terms: [] })).toBeNull();
    const lastDayClosed = {
      ...calendar,
      closures: [{ startsOn: '2027-03-26', endsOn: '2027-03-26', reason: 'Training day' }],
    };
    expect(nextSchoolDay('2027-03-26', lastDayClosed)).toBeNull();
  });
});

describe('the timetable cycle', () => {
  it('alternates Week A and Week B from the anchor, the whole week alike', () => {
    expect(cycleWeekOf('2026-09-07', calendar)).toBe(1);
    expect(cycleWeekOf('2026-09-11', calendar)).toBe(1);
    expect(cycleWeekOf('2026-09-13', calendar)).toBe(1);
    expect(cycleWeekOf('2026-09-14', calendar)).toBe(2);
    expect(cycleWeekOf('2026-09-18', calendar)).toBe(2);
    expect(cycleWeekOf('2026-09-21', calendar)).toBe(1);
  });

  it('keeps counting through half-term: the week after is the opposite of the week before the break', () => {
    // 19 Oct is six weeks after the anchor (Week A), half-term week is B, so 2 November is A.
    expect(cycleWeekOf('2026-10-19', calendar)).toBe(1);
    expect(cycleWeekOf('2026-10-28', calendar)).toBe(2);
    expect(cycleWeekOf('2026-11-02', calendar)).toBe(1);
    expect(cycleWeekOf('2026-11-16', calendar)).toBe(1);
    expect(cycleWeekOf('2026-11-23', calendar)).toBe(2);
  });

  it('keeps counting across the New Year, including a week that straddles it', () => {
    expect(cycleWeekOf('2026-12-14', calendar)).toBe(1);
    expect(cycleWeekOf('2026-12-28', calendar)).toBe(1);
    expect(cycleWeekOf('2026-12-31', calendar)).toBe(1);
    expect(cycleWeekOf('2027-01-01', calendar)).toBe(1);
    expect(cycleWeekOf('2027-01-03', calendar)).toBe(1);
    expect(cycleWeekOf('2027-01-04', calendar)).toBe(2);
    expect(cycleWeekOf('2027-01-05', calendar)).toBe(2);
  });

  it('counts backwards before the anchor', () => {
    expect(cycleWeekOf('2026-09-06', calendar)).toBe(2);
    expect(cycleWeekOf('2026-09-04', calendar)).toBe(2);
    expect(cycleWeekOf('2026-08-31', calendar)).toBe(2);
    expect(cycleWeekOf('2026-08-24', calendar)).toBe(1);
    expect(cycleWeekOf('2026-07-20', calendar)).toBe(2);
    expect(cycleWeekOf('2026-07-13', calendar)).toBe(1);
  });

  it('is always week 1 in a one-week cycle', () => {
    const oneWeek = { ...calendar, cycleWeeks: 1 as const };
    for (const date of ['2026-09-07', '2026-09-14', '2026-07-20', '2027-01-04']) {
      expect(cycleWeekOf(date, oneWeek)).toBe(1);
    }
  });

  it('labels the weeks A and B, and leaves a one-week cycle unlabelled', () => {
    expect(weekLabel(1, 2)).toBe('Week A');
    expect(weekLabel(2, 2)).toBe('Week B');
    expect(weekLabel(1, 1)).toBe('');
  });
});

describe('terms and academic years', () => {
  it('finds the term of a date, and none in the holidays', () => {
    expect(termOf('2026-11-17', calendar)?.name).toBe('Autumn term');
    expect(termOf('2026-10-28', calendar)?.name).toBe('Autumn term');
    expect(termOf('2027-01-05', calendar)?.name).toBe('Spring term');
    expect(termOf('2026-08-10', calendar)).toBeNull();
  });

  it('runs the academic year from 1 September to 31 August', () => {
    const year2026 = { startsOn: '2026-09-01', endsOn: '2027-08-31', label: '2026 to 2027' };
    expect(academicYearOf('2026-09-01')).toEqual(year2026);
    expect(academicYearOf('2027-08-31')).toEqual(year2026);
    expect(academicYearOf('2027-01-01')).toEqual(year2026);
    expect(academicYearOf('2026-08-31')).toEqual({
      startsOn: '2025-09-01',
      endsOn: '2026-08-31',
      label: '2025 to 2026',
    });
  });

  it('takes the term of a date, or in the holidays the latest term that has started', () => {
    expect(termOrLatestStarted('2026-11-17', calendar)?.id).toBe('autumn-26');
    // Christmas holidays: the autumn term has just ended (the terms are not in order here).
    expect(termOrLatestStarted('2026-12-28', calendar)?.id).toBe('autumn-26');
    // Summer holidays, before the autumn term starts: the summer term.
    expect(termOrLatestStarted('2026-08-10', calendar)?.id).toBe('summer-26');
    expect(termOrLatestStarted('2027-05-01', calendar)?.id).toBe('spring-27');
    // Before the first term there is none.
    expect(termOrLatestStarted('2026-01-10', calendar)).toBeNull();
  });

  it("lists the academic year's terms in order, and not last year's", () => {
    expect(termsOfAcademicYear('2027-02-01', calendar).map((t) => t.id)).toEqual([
      'autumn-26',
      'spring-27',
    ]);
    expect(termsOfAcademicYear('2026-06-01', calendar).map((t) => t.id)).toEqual(['summer-26']);
  });
});
