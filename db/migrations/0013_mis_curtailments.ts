import { sql, type Kysely } from 'kysely';

/**
 * Access the school's management system has curtailed (issue 9): a contact no longer enabled
 * there, a link whose role no longer carries parental responsibility, or a link a full roster no
 * longer lists. While a row is open (not ended, not lifted) the access it names stops, computed at
 * query time like a hold. `ended_at`: a later import found the system no longer says so. Lifting
 * is the office restoring access after checking; an import never reopens a lifted row for the same
 * cause, so the office's decision stands until the system's answer changes and changes back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table mis_curtailments (
      id uuid primary key default gen_random_uuid(),
      contact_id uuid not null references contacts (id),
      link_id uuid references student_contacts (id),
      cause text not null check (cause in ('contact_disabled', 'link_not_parental', 'link_missing')),
      created_at timestamptz not null,
      ended_at timestamptz,
      lifted_at timestamptz,
      lifted_by_user_id uuid references users (id),
      lift_note text,
      check ((cause = 'contact_disabled') = (link_id is null)),
      check ((lifted_at is null) = (lifted_by_user_id is null))
    )`.execute(db);
  // One row per target and cause while the system keeps saying so.
  await sql`
    create unique index mis_curtailments_open_idx on mis_curtailments
      (contact_id, coalesce(link_id, '00000000-0000-0000-0000-000000000000'::uuid), cause)
      where ended_at is null`.execute(db);
  await sql`create index mis_curtailments_link_idx on mis_curtailments (link_id) where ended_at is null and lifted_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists mis_curtailments`.execute(db);
}
