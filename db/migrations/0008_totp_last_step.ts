import { sql, type Kysely } from 'kysely';

/**
 * A TOTP code works once (issue 10): the last 30-second step accepted for each user is kept, and a
 * code from that step or an earlier one is refused, so an overheard code cannot open a second
 * session within its minute and a half of validity.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table user_totp add column last_used_step bigint`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table user_totp drop column last_used_step`.execute(db);
}
