import { sql, type Kysely } from 'kysely';

/**
 * API tokens (issue 15): a named, scoped, expiring credential an administrator makes for an
 * internal tool (a nightly script, the MIS sync box). Only the token's SHA-256 is stored, as for
 * sessions; the token itself is shown once. The administrator who made it is accountable for it:
 * a token works only while its owner is an active, unrestricted administrator.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 80),
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      scopes text[] not null check (cardinality(scopes) between 1 and 10),
      owner_user_id uuid not null references users (id) on delete cascade,
      allowed_range cidr,
      created_at timestamptz not null,
      expires_at timestamptz not null check (expires_at > created_at),
      revoked_at timestamptz,
      revoked_by_user_id uuid references users (id) on delete set null,
      last_used_at timestamptz,
      last_used_ip text
    )
  `.execute(db);
  // A name is how the audit log and the list tell tokens apart: unique among those still usable.
  await sql`
    create unique index api_tokens_live_name_idx on api_tokens (lower(name)) where revoked_at is null
  `.execute(db);
  await sql`create index api_tokens_owner_idx on api_tokens (owner_user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table api_tokens`.execute(db);
}
