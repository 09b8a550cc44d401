import { sql, type Kysely } from 'kysely';

/**
 * The password-reminder sweep (P11) runs at start-up and hourly and looks for active accounts
 * whose password is due a reminder by when it was set: with this index a sweep with nothing due
 * reads a few index pages instead of every account.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index users_active_password_set_at_idx on users (password_set_at) where status = 'active'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists users_active_password_set_at_idx`.execute(db);
}
