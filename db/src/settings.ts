import type { Selectable, Kysely } from 'kysely';
import type { DB, SchoolSettings } from './schema';

export type Settings = Selectable<SchoolSettings>;

/** The school's settings row; the first migration creates it, so it always exists. */
export async function loadSettings(db: Kysely<DB>): Promise<Settings> {
  return db.selectFrom('school_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}
