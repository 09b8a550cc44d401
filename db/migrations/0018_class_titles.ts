import { sql, type Kysely } from 'kysely';

/**
 * A class's title as the school's system names it ("Year 8 English set 1"), beside its code
 * ("8/Eng1"), so that a rename in the roster shows in the dry run and in the portal (issue 9).
 * Empty for classes made before, until the next roster import.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table teaching_groups add column title text check (length(title) <= 200)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table teaching_groups drop column title`.execute(db);
}
