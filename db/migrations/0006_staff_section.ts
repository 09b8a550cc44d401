import { sql, type Kysely } from 'kysely';

/**
 * The staff section (issue 5): ids from the school's management system for re-imports, who last
 * edited a record, import runs and the leavers they propose, subject-access and educational-record
 * requests with their statutory deadlines, and the settings staff can change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A OneRoster sourcedId: re-importing the same person updates them instead of adding a twin.
  for (const table of ['students', 'contacts', 'staff']) {
    await sql`alter table ${sql.table(table)} add column source_id text unique`.execute(db);
  }
  // Edits record who as well as when (P7: "last updated" shows both to staff).
  for (const table of ['students', 'contacts']) {
    await sql`
      alter table ${sql.table(table)}
        add column updated_by_user_id uuid references users (id)`.execute(db);
  }
  await sql`alter table staff add column updated_by_user_id uuid references users (id)`.execute(db);

  // The school's choices beyond the policy's numbers: NCSC and NIST advise against forced expiry
  // and composition rules, so a school may turn them off; the policy's defaults keep them on.
  await sql`
    alter table school_settings
      add column password_expiry_enabled boolean not null default true,
      add column password_composition_rules boolean not null default true,
      add column logo_data bytea,
      add column logo_type text,
      add column updated_by_user_id uuid references users (id),
      add check ((logo_data is null) = (logo_type is null))`.execute(db);

  await sql`
    create table import_runs (
      id uuid primary key default gen_random_uuid(),
      kind text not null
        check (kind in ('oneroster', 'attendance', 'behaviour', 'timetable', 'reports')),
      file_names text[] not null,
      applied_by_user_id uuid references users (id),
      applied_at timestamptz not null,
      summary jsonb not null
    )`.execute(db);

  // A student missing from a full roster import is never deleted: staff confirm or dismiss.
  await sql`
    create table leaver_proposals (
      id uuid primary key default gen_random_uuid(),
      student_id uuid not null references students (id) on delete cascade,
      import_run_id uuid references import_runs (id),
      proposed_at timestamptz not null,
      decision text check (decision in ('confirmed', 'dismissed')),
      leaving_date date,
      decided_by_user_id uuid references users (id),
      decided_at timestamptz,
      check ((decision is null) = (decided_at is null)),
      check (decision is distinct from 'confirmed' or leaving_date is not null)
    )`.execute(db);
  await sql`
    create unique index leaver_proposals_open_key on leaver_proposals (student_id)
    where decision is null`.execute(db);

  // Subject access (one month) and educational-record (15 school days) requests (P10, P15).
  await sql`
    create table information_requests (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('subject_access', 'educational_record')),
      student_id uuid references students (id),
      contact_id uuid references contacts (id),
      requester text not null check (length(requester) between 1 and 200),
      received_on date not null,
      due_on date not null,
      status text not null default 'open' check (status in ('open', 'completed', 'withdrawn')),
      completed_at timestamptz,
      note text,
      created_by_user_id uuid references users (id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (num_nonnulls(student_id, contact_id) >= 1),
      check (due_on >= received_on),
      check ((status = 'completed') = (completed_at is not null))
    )`.execute(db);
  await sql`create index information_requests_due_idx on information_requests (status, due_on)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['information_requests', 'leaver_proposals', 'import_runs']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`
    alter table school_settings
      drop column password_expiry_enabled,
      drop column password_composition_rules,
      drop column logo_data,
      drop column logo_type,
      drop column updated_by_user_id`.execute(db);
  await sql`alter table staff drop column source_id, drop column updated_by_user_id`.execute(db);
  for (const table of ['students', 'contacts']) {
    await sql`
      alter table ${sql.table(table)}
        drop column source_id,
        drop column updated_by_user_id`.execute(db);
  }
}
