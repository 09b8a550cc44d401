import { sql, type Kysely } from 'kysely';

/**
 * A form sent twice creates one thing (issue 11): each page that creates or sends something
 * renders a random key in the form, and a submission claims the digest of that key with who sent
 * it, for what and what they sent, in the transaction that does the work. The primary key makes
 * a second claim wait for the first and then find it, so a double-click or a resent request
 * answers with the first result instead of doing the work again. Old claims are pruned as new
 * ones are made (`created_at`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table form_submissions (
      key text primary key,
      purpose text not null,
      user_id uuid references users (id) on delete cascade,
      -- What the first submission answered; written by the same transaction once it is done.
      result jsonb,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index form_submissions_created_at on form_submissions (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table form_submissions`.execute(db);
}
