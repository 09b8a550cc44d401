import type { Selectable, Kysely } from 'kysely';
import type { DB, SchoolSettings } from './schema';

/** Every setting but the logo's bytes, which only the logo route reads. */
export type Settings = Omit<Selectable<SchoolSettings>, 'logo_data'>;

// Every column but the logo's bytes: the type makes a new column a compile error until it is listed.
const SETTINGS_COLUMN_SET: Record<keyof Settings, true> = {
  brand_colour: true,
  absence_chaser_time: true,
  absence_cutoff_time: true,
  absence_line_phone: true,
  attendance_record: true,
  common_password_check: true,
  enquiries_email: true,
  id: true,
  logo_type: true,
  password_composition_rules: true,
  password_daily_reminders_from_day: true,
  password_expiry_days: true,
  password_expiry_enabled: true,
  password_first_reminder_day: true,
  password_history_limit: true,
  password_min_length: true,
  roster_grades_are_us: true,
  roster_school_identifier: true,
  school_name: true,
  session_absolute_minutes: true,
  session_idle_minutes: true,
  shared_session_absolute_minutes: true,
  shared_session_idle_minutes: true,
  signin_failure_window_minutes: true,
  signin_lockout_minutes: true,
  signin_max_failures: true,
  student_accounts_enabled: true,
  time_zone: true,
  timetable_cycle_anchor: true,
  timetable_cycle_weeks: true,
  updated_at: true,
  updated_by_user_id: true,
};
const SETTINGS_COLUMNS = Object.keys(SETTINGS_COLUMN_SET) as (keyof Settings)[];

/** The settings' columns under a table alias, for a statement that reads them beside other rows. */
export function settingsColumnsOf<A extends string>(alias: A): `${A}.${keyof Settings}`[] {
  return SETTINGS_COLUMNS.map((column) => `${alias}.${column}` as const);
}

/** The settings out of a row that holds them beside other columns. */
export function settingsOf(row: Settings): Settings {
  return Object.fromEntries(SETTINGS_COLUMNS.map((column) => [column, row[column]])) as Settings;
}

/** The school's settings row; the first migration creates it, so it always exists. */
export async function loadSettings(db: Kysely<DB>): Promise<Settings> {
  return db
    .selectFrom('school_settings')
    .select(SETTINGS_COLUMNS)
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
}
