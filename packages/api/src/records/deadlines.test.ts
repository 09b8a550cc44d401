import { describe, expect, it } from 'vitest';
import type { SchoolCalendar } from '../core';
import {
  addSchoolDays,
  dueLabel,
  educationalRecordDueOn,
  informationRequestDueOn,
  subjectAccessDueOn,
} from './deadlines';

// 2026-27, with the autumn half-term (26-30 October) and a training day on Friday 20 November.
const calendar: SchoolCalendar = {
  terms: [
    { id: 'autumn-26', name: 'Autumn term', startsOn: '2026-09-03', endsOn: '2026-12-18' },
    { id: 'spring-27', name: 'Spring term', startsOn: '2027-01-05', endsOn: '2027-03-26' },
  ],
  closures: [
    { startsOn: '2026-10-26', endsOn: '2026-10-30', reason: 'Half term' },
    { startsOn: '2026-11-20', endsOn: '2026-11-20', reason: 'Training day' },
  ],
  cycleWeeks: 1,
  cycleAnchor: '2026-09-07',
};

describe('subject access: one calendar month', () => {
  it('is due on the corresponding date of the next month', () => {
    expect(subjectAccessDueOn('2026-11-17')).toBe('2026-12-17');
    expect(subjectAccessDueOn('2026-03-03')).toBe('2026-04-03');
    expect(subjectAccessDueOn('2026-01-01')).toBe('2026-02-01');
  });

  it('runs into the next year from December', () => {
    expect(subjectAccessDueOn('2026-12-31')).toBe('2027-01-31');
    expect(subjectAccessDueOn('2026-12-01')).toBe('2027-01-01');
  });

  it('falls on the last day of a shorter month when it has no corresponding date', () => {
    expect(subjectAccessDueOn('2027-01-31')).toBe('2027-02-28');
    expect(subjectAccessDueOn('2027-01-29')).toBe('2027-02-28');
    expect(subjectAccessDueOn('2026-03-31')).toBe('2026-04-30');
    expect(subjectAccessDueOn('2026-08-31')).toBe('2026-09-30');
    // A 30-day month followed by a 31-day one keeps the date.
    expect(subjectAccessDueOn('2026-04-30')).toBe('2026-05-30');
  });

  it('allows 29 February in a leap year', () => {
    expect(subjectAccessDueOn('2028-01-31')).toBe('2028-02-29');
    expect(subjectAccessDueOn('2028-01-29')).toBe('2028-02-29');
    expect(subjectAccessDueOn('2028-02-29')).toBe('2028-03-29');
    // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
    expect(subjectAccessDueOn('2100-01-30')).toBe('2100-02-28');
    expect(subjectAccessDueOn('2000-01-30')).toBe('2000-02-29');
  });
});

describe('educational record: 15 school days', () => {
  it('counts school days after the day of receipt, skipping weekends', () => {
    // Received Monday 7 September: 15 school days is Monday 28 September.
    expect(educationalRecordDueOn('2026-09-07', calendar)).toEqual({
      dueOn: '2026-09-28',
      beyondCalendar: false,
    });
  });

  it('skips a half-term in the middle', () => {
    // Received Thursday 15 October: 16, 19-23 (6), then half term, then 2-6 Nov (11), 9-12 Nov (15).
    expect(educationalRecordDueOn('2026-10-15', calendar).dueOn).toBe('2026-11-12');
  });

  it('skips a single closure day such as a training day', () => {
    // Received Friday 13 November: 16-19 (4), not 20, 23-27 (9), 30 Nov-4 Dec (14), 7 Dec (15).
    expect(educationalRecordDueOn('2026-11-13', calendar).dueOn).toBe('2026-12-07');
  });

  it('starts counting at the next term when received in the holidays', () => {
    // Received Saturday 19 December: the count starts on Tuesday 5 January.
    expect(educationalRecordDueOn('2026-12-19', calendar).dueOn).toBe('2027-01-25');
    // Received on the last day of term: that day is not counted either.
    expect(educationalRecordDueOn('2026-12-18', calendar).dueOn).toBe('2027-01-25');
  });

  it('counts weekdays past the last term entered, and says so', () => {
    // Spring term ends Friday 26 March 2027; nothing is entered after it.
    expect(addSchoolDays('2027-03-24', 5, calendar)).toEqual({
      dueOn: '2027-03-31',
      beyondCalendar: true,
    });
    expect(addSchoolDays('2027-03-01', 5, calendar).beyondCalendar).toBe(false);
  });

  it('counts weekdays when no term dates are entered at all', () => {
    const empty: SchoolCalendar = { ...calendar, terms: [], closures: [] };
    expect(educationalRecordDueOn('2026-11-17', empty)).toEqual({
      dueOn: '2026-12-08',
      beyondCalendar: true,
    });
  });

  it('picks the rule by the kind of request', () => {
    expect(informationRequestDueOn('subject_access', '2026-10-15', calendar).dueOn).toBe(
      '2026-11-15',
    );
    expect(informationRequestDueOn('educational_record', '2026-10-15', calendar).dueOn).toBe(
      '2026-11-12',
    );
  });
});

describe('how long is left', () => {
  it('says how many days are left or how late it is', () => {
    expect(dueLabel('2026-11-17', '2026-11-17')).toBe('Due today');
    expect(dueLabel('2026-11-18', '2026-11-17')).toBe('Due tomorrow');
    expect(dueLabel('2026-12-17', '2026-11-17')).toBe('Due in 30 days');
    expect(dueLabel('2026-11-16', '2026-11-17')).toBe('Overdue by 1 day');
    expect(dueLabel('2026-11-10', '2026-11-17')).toBe('Overdue by 7 days');
  });
});
