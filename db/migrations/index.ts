import type { Migration } from 'kysely';
import * as m0001 from './0001_identity';

/** Every migration, in order. Imported statically so bundled servers carry them. */
export const migrations: Record<string, Migration> = {
  '0001_identity': m0001,
};
