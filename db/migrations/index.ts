import type { Migration } from 'kysely';
import * as m0001 from './0001_identity';
import * as m0002 from './0002_email_and_passwords';
import * as m0003 from './0003_lifecycle';
import * as m0004 from './0004_two_factor_and_devices';
import * as m0005 from './0005_school_information';
import * as m0006 from './0006_staff_section';
import * as m0007 from './0007_roster_year_groups';
import * as m0008 from './0008_totp_last_step';
import * as m0009 from './0009_email_delivery';
import * as m0010 from './0010_form_submissions';
import * as m0011 from './0011_password_reminder_index';
import * as m0012 from './0012_refusal_tallies';
import * as m0013 from './0013_mis_curtailments';
import * as m0014 from './0014_roster_school';
import * as m0017 from './0017_change_request_message_optional';
import * as m0018 from './0018_class_titles';
import * as m0019 from './0019_public_pages';
import * as m0020 from './0020_absence_reports';
import * as m0021 from './0021_api_tokens';
import * as m0022 from './0022_absence_times_and_record';
import * as m0023 from './0023_messages';
import * as m0024 from './0024_school_colour';
import * as m0026 from './0026_calendar_feeds';

/** Every migration, in order. Imported statically so bundled servers carry them. */
export const migrations: Record<string, Migration> = {
  '0001_identity': m0001,
  '0002_email_and_passwords': m0002,
  '0003_lifecycle': m0003,
  '0004_two_factor_and_devices': m0004,
  '0005_school_information': m0005,
  '0006_staff_section': m0006,
  '0007_roster_year_groups': m0007,
  '0008_totp_last_step': m0008,
  '0009_email_delivery': m0009,
  '0010_form_submissions': m0010,
  '0011_password_reminder_index': m0011,
  '0012_refusal_tallies': m0012,
  '0013_mis_curtailments': m0013,
  '0014_roster_school': m0014,
  '0017_change_request_message_optional': m0017,
  '0018_class_titles': m0018,
  '0019_public_pages': m0019,
  '0020_absence_reports': m0020,
  '0021_api_tokens': m0021,
  '0022_absence_times_and_record': m0022,
  '0023_messages': m0023,
  '0024_school_colour': m0024,
  '0026_calendar_feeds': m0026,
};
