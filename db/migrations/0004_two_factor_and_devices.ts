import { sql, type Kysely } from 'kysely';

/**
 * Second factor for sign-in (TOTP, required for staff) and the devices a person has signed in
 * from, so a sign-in from a new one can be reported to them (P5, P17).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table user_totp (
      user_id uuid primary key references users (id) on delete cascade,
      -- The shared secret must be readable to check codes; it never leaves the server.
      secret bytea not null,
      enrolled_at timestamptz,
      created_at timestamptz not null
    )`.execute(db);
  await sql`
    create table totp_recovery_codes (
      id bigint generated always as identity primary key,
      user_id uuid not null references users (id) on delete cascade,
      code_hash text not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index totp_recovery_codes_user_idx on totp_recovery_codes (user_id)`.execute(db);
  // A session starts before the second factor is checked; until then it may do nothing else.
  await sql`alter table sessions add column two_factor_verified boolean not null default false`.execute(
    db,
  );

  await sql`
    create table user_devices (
      user_id uuid not null references users (id) on delete cascade,
      device_hash text not null,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      user_agent text,
      primary key (user_id, device_hash)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists user_devices`.execute(db);
  await sql`alter table sessions drop column if exists two_factor_verified`.execute(db);
  await sql`drop table if exists totp_recovery_codes`.execute(db);
  await sql`drop table if exists user_totp`.execute(db);
}
