import { describe, expect, it } from 'vitest';
import { ATTENDANCE_CODES } from './codes';
import { codeProblem, countMarks, registerCodeChoices, sessionAt } from './registers';

describe('the register’s code picker', () => {
  it('puts present for the session and the common codes first, in that order', () => {
    expect(registerCodeChoices('AM').common.map((c) => c.code)).toEqual([
      '/',
      'L',
      'N',
      'I',
      'M',
      'C',
      'O',
    ]);
    expect(registerCodeChoices('PM').common[0]?.code).toBe('\\');
  });

  it('offers every other code once, grouped by category, without the other session’s present', () => {
    const { common, groups } = registerCodeChoices('AM');
    const offered = [...common, ...groups.flatMap((g) => g.codes)].map((c) => c.code);
    expect(new Set(offered).size).toBe(offered.length);
    expect(offered).not.toContain('\\');
    expect([...offered].sort()).toEqual(
      ATTENDANCE_CODES.map((c) => c.code)
        .filter((c) => c !== '\\')
        .sort(),
    );
    expect(groups.map((g) => g.label)).toEqual([
      'Approved educational activity (counts as present)',
      'Authorised absence',
      'Unauthorised absence',
      'No session expected (does not count)',
    ]);
  });
});

describe('checking a code', () => {
  it('accepts real codes and refuses made-up ones and the other session’s present', () => {
    expect(codeProblem('/', 'AM')).toBeNull();
    expect(codeProblem('Y7', 'PM')).toBeNull();
    expect(codeProblem('ZZ', 'AM')).toBe('“ZZ” is not an attendance code.');
    expect(codeProblem('\\', 'AM')).toBe('Use “/” for present in the morning.');
    expect(codeProblem('/', 'PM')).toBe('Use “\\” for present in the afternoon.');
  });
});

describe('counting a register', () => {
  it('counts present, late, absent, approved activities and sessions not expected', () => {
    expect(countMarks(['/', '/', 'L', 'N', 'I', 'U', 'V', '#'])).toEqual({
      present: 2,
      late: 1,
      absent: 3,
      approvedActivity: 1,
      notPossible: 1,
    });
  });
});

describe('the session to suggest', () => {
  it('is the morning until noon and the afternoon from then', () => {
    expect(sessionAt('08:45')).toBe('AM');
    expect(sessionAt('11:59')).toBe('AM');
    expect(sessionAt('12:00')).toBe('PM');
    expect(sessionAt('13:40')).toBe('PM');
  });
});
