import { sql, type Kysely } from 'kysely';

/**
 * OneRoster `grades` (issue 9): UK management systems write the National Curriculum year (`7` or
 * `07` is Year 7), which the importer now reads by default. A school whose exporter writes US/CEDS
 * grades (`06` for Year 7) says so once, here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table school_settings
      add column roster_grades_are_us boolean not null default false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table school_settings drop column roster_grades_are_us`.execute(db);
}
