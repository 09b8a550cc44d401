import { describe, expect, it } from 'vitest';
import {
  LOGO_MAX_BYTES,
  logoProblem,
  logoTypeOf,
  rangesOverlap,
  rangeWithin,
  settingsChanges,
  settingsProblems,
  type SettingsValues,
} from './rules';

const defaults: SettingsValues = {
  schoolName: 'Northfield Academy',
  enquiriesEmail: 'office@northfield.example',
  timeZone: 'Europe/London',
  timetableCycleWeeks: 1,
  timetableCycleAnchor: '2024-09-02',
  passwordMinLength: 8,
  passwordExpiryEnabled: true,
  passwordExpiryDays: 90,
  passwordFirstReminderDay: 80,
  passwordDailyRemindersFromDay: 85,
  passwordHistoryLimit: null,
  passwordCompositionRules: true,
  commonPasswordCheck: true,
  sessionIdleMinutes: 60,
  sessionAbsoluteMinutes: 720,
  sharedSessionIdleMinutes: 15,
  sharedSessionAbsoluteMinutes: 60,
  signinMaxFailures: 10,
  signinFailureWindowMinutes: 15,
  signinLockoutMinutes: 15,
  studentAccountsEnabled: true,
  rosterGradesAreUs: false,
  rosterSchoolIdentifier: null,
  absenceChaserTime: '10:00',
  absenceCutoffTime: '08:30',
  absenceLinePhone: null,
  attendanceRecord: 'portal',
};

const problemsWith = (change: Partial<SettingsValues>) =>
  Object.keys(settingsProblems({ ...defaults, ...change }, defaults));

describe('rules between settings', () => {
  it('accepts the P11 defaults', () => {
    expect(problemsWith({})).toEqual([]);
  });

  it('sends the morning absence email only after the cut-off for reporting (issue 13)', () => {
    expect(problemsWith({ absenceChaserTime: '08:30' })).toEqual(['absenceChaserTime']);
    expect(problemsWith({ absenceCutoffTime: '10:15' })).toEqual(['absenceChaserTime']);
    expect(problemsWith({ absenceChaserTime: '08:31' })).toEqual([]);
  });

  it('needs first reminder < daily reminders < expiry', () => {
    expect(problemsWith({ passwordFirstReminderDay: 85 })).toEqual(['passwordFirstReminderDay']);
    expect(problemsWith({ passwordDailyRemindersFromDay: 90 })).toEqual([
      'passwordDailyRemindersFromDay',
    ]);
    expect(
      problemsWith({
        passwordExpiryDays: 30,
        passwordFirstReminderDay: 20,
        passwordDailyRemindersFromDay: 25,
      }),
    ).toEqual([]);
  });

  it('keeps idle ≤ absolute, and a shared computer’s session no longer than a normal one', () => {
    expect(problemsWith({ sessionIdleMinutes: 721 })).toEqual(['sessionIdleMinutes']);
    expect(problemsWith({ sessionIdleMinutes: 720 })).toEqual([]);
    expect(problemsWith({ sharedSessionAbsoluteMinutes: 721 })).toEqual([
      'sharedSessionAbsoluteMinutes',
    ]);
    expect(
      problemsWith({ sharedSessionIdleMinutes: 61, sharedSessionAbsoluteMinutes: 120 }),
    ).toEqual(['sharedSessionIdleMinutes']);
  });

  it('knows time zones from Intl, and keeps one already stored', () => {
    expect(problemsWith({ timeZone: 'America/New_York' })).toEqual([]);
    expect(problemsWith({ timeZone: 'Europe/Narnia' })).toEqual(['timeZone']);
    const stored = { ...defaults, timeZone: 'Old/Zone' };
    expect(settingsProblems(stored, stored)).toEqual({});
  });

  it('lists each changed field with its old and new value', () => {
    expect(
      settingsChanges(defaults, { ...defaults, passwordExpiryEnabled: false, schoolName: 'X' }),
    ).toEqual({
      schoolName: { from: 'Northfield Academy', to: 'X' },
      passwordExpiryEnabled: { from: true, to: false },
    });
  });
});

describe('date ranges', () => {
  const autumn = { startsOn: '2026-09-03', endsOn: '2026-12-18' };
  it('overlap when they share a day', () => {
    expect(rangesOverlap(autumn, { startsOn: '2026-12-18', endsOn: '2027-01-05' })).toBe(true);
    expect(rangesOverlap(autumn, { startsOn: '2026-12-19', endsOn: '2027-01-05' })).toBe(false);
  });
  it('lie within another including its first and last days', () => {
    expect(rangeWithin({ startsOn: '2026-09-03', endsOn: '2026-09-03' }, autumn)).toBe(true);
    expect(rangeWithin({ startsOn: '2026-12-18', endsOn: '2026-12-21' }, autumn)).toBe(false);
  });
});

describe('the logo', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]);
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>');

  it('is known by its first bytes', () => {
    expect(logoTypeOf(png)).toBe('image/png');
    expect(logoTypeOf(jpeg)).toBe('image/jpeg');
    expect(logoTypeOf(svg)).toBeNull();
    expect(logoTypeOf(png.slice(0, 4))).toBeNull();
  });

  it('is refused when empty, too big, or not a PNG or JPEG', () => {
    expect(logoProblem(png)).toBeNull();
    expect(logoProblem(new Uint8Array())).toBe('Choose a PNG or JPEG file for the logo.');
    const big = new Uint8Array(LOGO_MAX_BYTES + 1);
    big.set(png);
    expect(logoProblem(big)).toBe('The logo must be 200 KB or smaller; this file is 201 KB.');
    expect(logoProblem(svg)).toMatch(/^The logo must be a PNG or JPEG image/);
  });
});
