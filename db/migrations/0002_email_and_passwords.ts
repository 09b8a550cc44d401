import { sql, type Kysely } from 'kysely';

/**
 * The transactional email outbox, and the password history P11 needs ("not any previous
 * password").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Written in the same transaction as the change that needs the email; a worker delivers it.
  await sql`
    create table email_outbox (
      id uuid primary key default gen_random_uuid(),
      created_at timestamptz not null,
      kind text not null,
      to_address text not null check (position('@' in to_address) > 1),
      subject text not null,
      text_body text,
      html_body text,
      -- Set for a message that carries a one-time link: its body is wiped once delivered.
      contains_secret boolean not null default false,
      -- Makes a job idempotent: a second message with the same key is never queued.
      dedupe_key text unique,
      status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      locked_until timestamptz,
      last_error text,
      sent_at timestamptz,
      check (status <> 'sent' or sent_at is not null)
    )`.execute(db);
  await sql`create index email_outbox_due_idx on email_outbox (status, next_attempt_at)`.execute(
    db,
  );
  await sql`create index email_outbox_created_idx on email_outbox (created_at desc)`.execute(db);

  await sql`
    create table password_history (
      id bigint generated always as identity primary key,
      user_id uuid not null references users (id) on delete cascade,
      password_hash text not null,
      set_at timestamptz not null,
      replaced_at timestamptz not null
    )`.execute(db);
  await sql`create index password_history_user_idx on password_history (user_id, replaced_at desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists password_history`.execute(db);
  await sql`drop table if exists email_outbox`.execute(db);
}
