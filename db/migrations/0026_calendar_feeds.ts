import { sql, type Kysely } from 'kysely';

/**
 * A person's private calendar subscription (issue 14): one secret address each, stored only as the
 * SHA-256 of its token (as sessions are). Resetting replaces the row's hash, so the old address
 * stops at once; stopping deletes the row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table calendar_feeds (
      user_id uuid primary key references users (id) on delete cascade,
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      last_fetched_at timestamptz
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table calendar_feeds`.execute(db);
}
