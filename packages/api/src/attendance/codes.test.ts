import { describe, expect, it } from 'vitest';
import {
  ATTENDANCE_CODES,
  categoryOf,
  explainCode,
  summariseAttendance,
  type AttendanceCategory,
} from './codes';

const codesIn = (category: AttendanceCategory) =>
  ATTENDANCE_CODES.filter((c) => c.category === category).map((c) => c.code);

const one = (...codes: string[]) => codes.map((c) => ({ code: c, count: 1 }));

describe('attendance codes (DfE 2024)', () => {
  it('lists every code once, in its category', () => {
    expect(codesIn('present')).toEqual(['/', '\\', 'L']);
    expect(codesIn('approved_activity')).toEqual(['K', 'V', 'P', 'W', 'B', 'D']);
    expect(codesIn('authorised')).toEqual(['C1', 'M', 'J1', 'S', 'C2', 'C', 'T', 'R', 'I', 'E']);
    expect(codesIn('unauthorised')).toEqual(['G', 'N', 'O', 'U']);
    expect(codesIn('not_possible')).toEqual([
      'X',
      'Q',
      'Y1',
      'Y2',
      'Y3',
      'Y4',
      'Y5',
      'Y6',
      'Y7',
      'Z',
      '#',
    ]);
    expect(new Set(ATTENDANCE_CODES.map((c) => c.code)).size).toBe(ATTENDANCE_CODES.length);
  });

  it('explains codes in plain English for parents', () => {
    expect(explainCode('N')).toBe('Absent: reason not yet provided');
    expect(explainCode('G')).toBe('Holiday not agreed by the school');
    expect(explainCode('I')).toBe('Illness');
    expect(explainCode('B')).toBe('Educated off site');
    expect(explainCode('#')).toBe('Planned school closure');
    for (const info of ATTENDANCE_CODES) expect(explainCode(info.code)).not.toMatch(/Unknown/);
    expect(explainCode('Y9')).toMatch(/Unknown code/);
  });

  it('knows each code’s category, and none for an unknown code', () => {
    expect(categoryOf('L')).toBe('present');
    expect(categoryOf('V')).toBe('approved_activity');
    expect(categoryOf('M')).toBe('authorised');
    expect(categoryOf('U')).toBe('unauthorised');
    expect(categoryOf('Y4')).toBe('not_possible');
    expect(categoryOf('y4')).toBeNull();
  });
});

describe('summariseAttendance', () => {
  it('counts present and late-before-close as present', () => {
    const s = summariseAttendance(one('/', '\\', 'L', 'L'));
    expect(s).toMatchObject({ present: 4, attended: 4, possible: 4, percentage: 100 });
  });

  it('counts approved educational activity as attended', () => {
    const s = summariseAttendance([
      ...one('K', 'V', 'P', 'W', 'B', 'D'),
      { code: 'I', count: 2 },
      { code: '/', count: 2 },
    ]);
    expect(s).toMatchObject({
      present: 2,
      approvedActivity: 6,
      attended: 8,
      authorised: 2,
      possible: 10,
      percentage: 80,
    });
  });

  it('counts authorised and unauthorised absences as possible sessions missed', () => {
    const s = summariseAttendance([
      { code: '/', count: 6 },
      ...one('C1', 'M', 'J1', 'S', 'C2', 'C', 'T', 'R', 'I', 'E'),
      ...one('G', 'N', 'O', 'U'),
    ]);
    expect(s).toMatchObject({
      present: 6,
      authorised: 10,
      unauthorised: 4,
      possible: 20,
      attended: 6,
      percentage: 30,
      unexplained: 1,
    });
  });

  it('leaves not-possible sessions out of the possible sessions', () => {
    const s = summariseAttendance([
      { code: '/', count: 3 },
      { code: 'N', count: 1 },
      ...one('X', 'Q', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7', 'Z', '#'),
    ]);
    expect(s).toMatchObject({ notPossible: 11, possible: 4, attended: 3, percentage: 75 });
  });

  it('rounds the percentage to one decimal place', () => {
    expect(summariseAttendance([...one('/', '\\'), ...one('N')]).percentage).toBe(66.7);
    expect(summariseAttendance([{ code: '/', count: 1 }, ...one('I', 'I')]).percentage).toBe(33.3);
    expect(
      summariseAttendance([
        { code: '/', count: 1 },
        { code: 'I', count: 15 },
      ]).percentage,
    ).toBe(6.3);
    expect(
      summariseAttendance([
        { code: '/', count: 24 },
        { code: 'G', count: 14 },
      ]).percentage,
    ).toBe(63.2);
  });

  it('gives no percentage when there were no possible sessions', () => {
    expect(summariseAttendance([]).percentage).toBeNull();
    const closed = summariseAttendance([{ code: '#', count: 10 }]);
    expect(closed).toMatchObject({ possible: 0, notPossible: 10, percentage: null });
  });

  it('counts unexplained absences (code N) however they are split', () => {
    const s = summariseAttendance([
      { code: 'N', count: 2 },
      { code: 'N', count: 3 },
      { code: 'O', count: 1 },
    ]);
    expect(s.unexplained).toBe(5);
    expect(s.unauthorised).toBe(6);
  });
});
