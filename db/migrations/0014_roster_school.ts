import { sql, type Kysely } from 'kysely';

/**
 * The school a roster is for (issue 9): the `identifier` of the org of type `school` in the first
 * OneRoster import applied (its URN or DfE number, as the school's system writes it). A later
 * roster for another school is refused, so one school's pupils can never be linked to another
 * school's parents by a wrong file. Null until the first roster is applied.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table school_settings add column roster_school_identifier text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table school_settings drop column roster_school_identifier`.execute(db);
}
