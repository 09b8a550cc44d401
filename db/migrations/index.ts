import type { Migration } from 'kysely';
import * as m0001 from './0001_identity';
import * as m0002 from './0002_email_and_passwords';

/** Every migration, in order. Imported statically so bundled servers carry them. */
export const migrations: Record<string, Migration> = {
  '0001_identity': m0001,
  '0002_email_and_passwords': m0002,
};
