/**
 * The rules that tie the school's settings together (P11, P17): pure, so each can be tested on its
 * own. Each problem names the field it belongs to and says in plain English what to change.
 */

/** Every setting an administrator can change in one form, as the router names them. */
export interface SettingsValues {
  schoolName: string;
  enquiriesEmail: string;
  timeZone: string;
  timetableCycleWeeks: 1 | 2;
  timetableCycleAnchor: string;
  passwordMinLength: number;
  passwordExpiryEnabled: boolean;
  passwordExpiryDays: number;
  passwordFirstReminderDay: number;
  passwordDailyRemindersFromDay: number;
  /** How many earlier passwords may not be used again; null for every one. */
  passwordHistoryLimit: number | null;
  passwordCompositionRules: boolean;
  commonPasswordCheck: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteMinutes: number;
  sharedSessionIdleMinutes: number;
  sharedSessionAbsoluteMinutes: number;
  signinMaxFailures: number;
  signinFailureWindowMinutes: number;
  signinLockoutMinutes: number;
  studentAccountsEnabled: boolean;
  /** The roster's `grades` are US/CEDS grades (`06` is Year 7), not National Curriculum years. */
  rosterGradesAreUs: boolean;
  /**
   * The `identifier` of the school every roster must be for (its URN or DfE number), recorded by
   * the first roster applied; null until then, or after an administrator clears it so that the
   * next roster applied records it afresh (a school that becomes an academy gets a new URN).
   */
  rosterSchoolIdentifier: string | null;
  /** 'HH:MM', school time: parents of children marked N today who have not reported are emailed. */
  absenceChaserTime: string;
  /** 'HH:MM', school time: a report for today after this may not be seen before registration. */
  absenceCutoffTime: string;
  /** The absence line's phone number, shown to parents who report after the cut-off. */
  absenceLinePhone: string | null;
  /** Which register is the record: the portal's own, or the school's management system's. */
  attendanceRecord: AttendanceRecord;
}

export const ATTENDANCE_RECORDS = ['portal', 'mis'] as const;
export type AttendanceRecord = (typeof ATTENDANCE_RECORDS)[number];

export type SettingsField = keyof SettingsValues;

export type FieldProblems = Partial<Record<SettingsField, string[]>>;

/** The time zones this server knows (IANA names, as `Intl` lists them). */
export function knownTimeZones(): string[] {
  return Intl.supportedValuesOf('timeZone');
}

/**
 * The rules between fields, checked on the settings as they would be after the change. A time
 * zone already stored is kept even if this server's list lacks it, so saving other settings works.
 */
export function settingsProblems(after: SettingsValues, before: SettingsValues): FieldProblems {
  const problems: FieldProblems = {};
  const add = (field: SettingsField, message: string) => {
    (problems[field] ??= []).push(message);
  };

  if (after.timeZone !== before.timeZone && !knownTimeZones().includes(after.timeZone)) {
    add('timeZone', 'Choose a time zone from the list, for example Europe/London.');
  }
  if (after.passwordFirstReminderDay >= after.passwordDailyRemindersFromDay) {
    add(
      'passwordFirstReminderDay',
      'The first reminder must come before the day the daily reminders start.',
    );
  }
  if (after.passwordDailyRemindersFromDay >= after.passwordExpiryDays) {
    add(
      'passwordDailyRemindersFromDay',
      'Daily reminders must start before the day the password expires.',
    );
  }
  if (after.sessionIdleMinutes > after.sessionAbsoluteMinutes) {
    add(
      'sessionIdleMinutes',
      'The time a session may sit unused cannot be longer than the most a session may last.',
    );
  }
  if (after.sharedSessionIdleMinutes > after.sharedSessionAbsoluteMinutes) {
    add(
      'sharedSessionIdleMinutes',
      'The time a session may sit unused cannot be longer than the most a session may last.',
    );
  }
  // P10: "a public or shared computer" gets a short session, never a longer one.
  if (after.sharedSessionAbsoluteMinutes > after.sessionAbsoluteMinutes) {
    add(
      'sharedSessionAbsoluteMinutes',
      'A session on a shared computer cannot last longer than a normal session.',
    );
  }
  if (after.sharedSessionIdleMinutes > after.sessionIdleMinutes) {
    add(
      'sharedSessionIdleMinutes',
      'A session on a shared computer cannot sit unused for longer than a normal session.',
    );
  }
  // The morning email goes after registers close, which is after parents' cut-off for reporting.
  if (after.absenceChaserTime <= after.absenceCutoffTime) {
    add(
      'absenceChaserTime',
      'The morning email about unexplained absences must be sent after the cut-off time for reporting an absence.',
    );
  }
  return problems;
}

/** Each field whose value changes, with the old and the new value. */
export function settingsChanges(
  before: SettingsValues,
  after: SettingsValues,
): Partial<Record<SettingsField, { from: unknown; to: unknown }>> {
  const changes: Partial<Record<SettingsField, { from: unknown; to: unknown }>> = {};
  for (const field of Object.keys(after) as SettingsField[]) {
    if (before[field] !== after[field]) changes[field] = { from: before[field], to: after[field] };
  }
  return changes;
}

/** The date ranges [startsOn, endsOn] (inclusive) share at least one day. */
export function rangesOverlap(
  a: { startsOn: string; endsOn: string },
  b: { startsOn: string; endsOn: string },
): boolean {
  return a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;
}

/** The range lies wholly inside `outer`. */
export function rangeWithin(
  inner: { startsOn: string; endsOn: string },
  outer: { startsOn: string; endsOn: string },
): boolean {
  return outer.startsOn <= inner.startsOn && inner.endsOn <= outer.endsOn;
}

export type LogoType = 'image/png' | 'image/jpeg';

export const LOGO_MAX_BYTES = 200 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/**
 * What the file's first bytes say it is: a PNG or a JPEG, or null for anything else. The name and
 * the type a browser claims are not trusted; SVG is refused because it can carry scripts.
 */
export function logoTypeOf(bytes: Uint8Array): LogoType | null {
  const starts = (signature: number[]) =>
    bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
  if (starts(PNG_SIGNATURE)) return 'image/png';
  if (starts(JPEG_SIGNATURE)) return 'image/jpeg';
  return null;
}

/** Why a file cannot be the school's logo, or null when it can. */
export function logoProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'Choose a PNG or JPEG file for the logo.';
  if (bytes.length > LOGO_MAX_BYTES) {
    return `The logo must be 200 KB or smaller; this file is ${Math.ceil(bytes.length / 1024)} KB.`;
  }
  if (!logoTypeOf(bytes)) {
    return 'The logo must be a PNG or JPEG image. Other files, including SVG (which can carry scripts), are not accepted.';
  }
  return null;
}
