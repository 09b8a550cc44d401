import { sql, type Kysely } from 'kysely';

/**
 * The identity core: the school's settings, staff, contacts, students, the parental-responsibility
 * links between them, user accounts, sessions, sign-in throttling and the append-only audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table school_settings (
      id smallint primary key default 1 check (id = 1),
      school_name text not null,
      enquiries_email text not null,
      time_zone text not null default 'Europe/London',
      password_min_length integer not null default 8 check (password_min_length >= 8),
      password_expiry_days integer not null default 90 check (password_expiry_days > 0),
      password_first_reminder_day integer not null default 80,
      password_daily_reminders_from_day integer not null default 85,
      password_history_limit integer check (password_history_limit is null or password_history_limit > 0),
      common_password_check boolean not null default true,
      session_idle_minutes integer not null default 60 check (session_idle_minutes > 0),
      session_absolute_minutes integer not null default 720 check (session_absolute_minutes > 0),
      shared_session_idle_minutes integer not null default 15 check (shared_session_idle_minutes > 0),
      shared_session_absolute_minutes integer not null default 60 check (shared_session_absolute_minutes > 0),
      signin_max_failures integer not null default 10 check (signin_max_failures > 0),
      signin_failure_window_minutes integer not null default 15 check (signin_failure_window_minutes > 0),
      signin_lockout_minutes integer not null default 15 check (signin_lockout_minutes > 0),
      student_accounts_enabled boolean not null default true,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    insert into school_settings (school_name, enquiries_email)
    values ('Your School', 'enquiries@school.invalid')`.execute(db);

  await sql`
    create table staff (
      id uuid primary key default gen_random_uuid(),
      title text,
      forename text not null,
      surname text not null,
      email text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index staff_email_key on staff (lower(email))`.execute(db);
  await sql`
    create table staff_roles (
      staff_id uuid not null references staff (id) on delete cascade,
      role text not null check (role in ('admin', 'office', 'teacher', 'dsl', 'governor')),
      primary key (staff_id, role)
    )`.execute(db);

  await sql`
    create table contacts (
      id uuid primary key default gen_random_uuid(),
      title text,
      forename text not null,
      surname text not null,
      email text,
      phone_mobile text,
      phone_home text,
      phone_work text,
      address_line1 text,
      address_line2 text,
      town text,
      postcode text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index contacts_email_idx on contacts (lower(email))`.execute(db);

  await sql`
    create table students (
      id uuid primary key default gen_random_uuid(),
      upn text unique,
      forename text not null,
      surname text not null,
      preferred_name text,
      date_of_birth date not null,
      year_group smallint not null check (year_group between 7 and 13),
      form text not null,
      admission_date date not null,
      leaving_date date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (leaving_date is null or leaving_date >= admission_date)
    )`.execute(db);
  await sql`create index students_name_idx on students (lower(surname), lower(forename))`.execute(
    db,
  );

  // A link grants access only when staff have verified parental responsibility (P3); the check
  // constraint makes an unverified or PR-less "verified" link impossible to write.
  await sql`
    create table student_contacts (
      id uuid primary key default gen_random_uuid(),
      student_id uuid not null references students (id) on delete cascade,
      contact_id uuid not null references contacts (id) on delete cascade,
      relationship text not null,
      parental_responsibility boolean not null default false,
      status text not null default 'unverified'
        check (status in ('unverified', 'verified', 'revoked')),
      verified_by_staff_id uuid references staff (id),
      verified_at timestamptz,
      verification_evidence text check (verification_evidence in
        ('birth_certificate', 'adoption_or_court_order', 'mis_record_photo_id', 'other')),
      verification_note text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (student_id, contact_id),
      check (status <> 'verified' or (parental_responsibility
        and verified_by_staff_id is not null and verified_at is not null
        and verification_evidence is not null))
    )`.execute(db);
  await sql`create index student_contacts_contact_idx on student_contacts (contact_id)`.execute(db);

  // One account per person (P5): exactly one of contact, student or staff, each at most once.
  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      email text not null,
      password_hash text,
      status text not null default 'pending' check (status in ('pending', 'active', 'disabled')),
      contact_id uuid unique references contacts (id),
      student_id uuid unique references students (id),
      staff_id uuid unique references staff (id),
      password_set_at timestamptz,
      last_signed_in_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (num_nonnulls(contact_id, student_id, staff_id) = 1),
      -- A username never looks like an email address, so "username or email" finds one account.
      check (username ~ '^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$'),
      check (position('@' in email) > 1),
      check (status <> 'active' or (password_hash is not null and password_set_at is not null))
    )`.execute(db);
  await sql`create unique index users_username_key on users (lower(username))`.execute(db);
  await sql`create unique index users_email_key on users (lower(email))`.execute(db);

  // Only the SHA-256 of a session token is stored (P17): the id is that hash in hex.
  await sql`
    create table sessions (
      id text primary key,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      idle_timeout_seconds integer not null check (idle_timeout_seconds > 0),
      expires_at timestamptz not null,
      shared_device boolean not null default false,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`create index sessions_user_idx on sessions (user_id)`.execute(db);

  // Failure counters shared by every app server: one row per account or source address.
  await sql`
    create table signin_throttle (
      key text primary key,
      failures integer not null,
      window_started_at timestamptz not null,
      locked_until timestamptz
    )`.execute(db);

  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      actor_user_id uuid,
      action text not null,
      student_id uuid,
      target_user_id uuid,
      ip text,
      user_agent text,
      details jsonb not null default '{}'::jsonb
    )`.execute(db);
  await sql`create index audit_log_at_idx on audit_log (at)`.execute(db);
  await sql`create index audit_log_student_idx on audit_log (student_id, at)`.execute(db);
  await sql`create index audit_log_actor_idx on audit_log (actor_user_id, at)`.execute(db);
  await sql`
    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_is_append_only()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_log',
    'signin_throttle',
    'sessions',
    'users',
    'student_contacts',
    'students',
    'contacts',
    'staff_roles',
    'staff',
    'school_settings',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists audit_log_is_append_only()`.execute(db);
}
