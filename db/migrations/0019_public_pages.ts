import { sql, type Kysely } from 'kysely';

/**
 * The school's own accessibility statement and privacy notice (issue 12), as safe Markdown, shown
 * to anyone from the footer of every page. No row: the portal's built-in text, filled in with the
 * school's name and enquiries address. Emptying the text in settings deletes the row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table public_pages (
      page text primary key check (page in ('accessibility', 'privacy')),
      markdown text not null check (char_length(markdown) between 1 and 20000),
      updated_at timestamptz not null default now(),
      updated_by_user_id uuid references users (id) on delete set null
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table public_pages`.execute(db);
}
