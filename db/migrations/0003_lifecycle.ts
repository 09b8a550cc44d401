import { sql, type Kysely } from 'kysely';

/**
 * The account lifecycle the policy demands: access requests (P3), one-time activation and reset
 * tokens (P4, P17), policy versions and acceptances (P2), revocations (P13) and child-protection
 * holds (P14).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A session ended by a suspension (P13, P14) is kept, marked, until its next request, so that
  // request can be answered with the neutral "contact the school" page instead of a sign-in form.
  await sql`alter table sessions add column ended_at timestamptz`.execute(db);
  await sql`alter table sessions add column ended_reason text check (ended_reason in ('suspended'))`.execute(
    db,
  );

  // A parent's request from the public form; staff match it to contacts and students.
  await sql`
    create table access_requests (
      id uuid primary key default gen_random_uuid(),
      created_at timestamptz not null,
      forename text not null,
      surname text not null,
      email text not null,
      phone text,
      relationship text not null,
      status text not null default 'pending' check (status in ('pending', 'approved', 'denied')),
      contact_id uuid references contacts (id),
      decided_by_user_id uuid references users (id),
      decided_at timestamptz,
      -- Recorded for staff; the requester only ever gets a neutral email.
      decision_reason text,
      ip text,
      check (status = 'pending' or (decided_by_user_id is not null and decided_at is not null)),
      check (status <> 'denied' or decision_reason is not null)
    )`.execute(db);
  await sql`create index access_requests_status_idx on access_requests (status, created_at)`.execute(
    db,
  );
  await sql`
    create table access_request_children (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references access_requests (id) on delete cascade,
      forename text not null,
      surname text not null,
      date_of_birth date not null,
      student_id uuid references students (id)
    )`.execute(db);
  await sql`create index access_request_children_request_idx on access_request_children (request_id)`.execute(
    db,
  );

  // Single-use links: only the SHA-256 of the token is stored, like sessions.
  await sql`
    create table account_tokens (
      id text primary key,
      user_id uuid not null references users (id) on delete cascade,
      purpose text not null check (purpose in ('activation', 'password_reset')),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_by_user_id uuid references users (id),
      check (expires_at > created_at)
    )`.execute(db);
  await sql`create index account_tokens_user_idx on account_tokens (user_id, purpose)`.execute(db);

  await sql`
    create table policy_versions (
      id uuid primary key default gen_random_uuid(),
      title text not null,
      body_markdown text not null,
      effective_date date not null,
      published_at timestamptz not null,
      published_by_user_id uuid references users (id)
    )`.execute(db);
  await sql`create index policy_versions_published_idx on policy_versions (published_at desc)`.execute(
    db,
  );
  await sql`
    create table policy_acceptances (
      user_id uuid not null references users (id) on delete cascade,
      policy_version_id uuid not null references policy_versions (id),
      accepted_at timestamptz not null,
      ip text,
      user_agent text,
      primary key (user_id, policy_version_id)
    )`.execute(db);

  // P13: a whole person (their contact record), one parent-student link, or a student's or
  // staff member's own account. Lifting is recorded, never a delete.
  await sql`
    create table access_restrictions (
      id uuid primary key default gen_random_uuid(),
      contact_id uuid references contacts (id),
      link_id uuid references student_contacts (id),
      user_id uuid references users (id),
      reason text not null check (reason in
        ('parental_responsibility_questioned', 'court_order', 'policy_breach', 'other')),
      court_order_type text check (court_order_type in
        ('child_arrangements', 'prohibited_steps', 'specific_issue', 'other')),
      court_order_date date,
      court_order_scope text,
      court_order_reference text,
      note text not null,
      created_by_user_id uuid not null references users (id),
      created_at timestamptz not null,
      lifted_at timestamptz,
      lifted_by_user_id uuid references users (id),
      lift_note text,
      check (num_nonnulls(contact_id, link_id, user_id) = 1),
      check (reason <> 'court_order' or (court_order_type is not null and court_order_date is not null
        and court_order_reference is not null)),
      check ((lifted_at is null) = (lifted_by_user_id is null))
    )`.execute(db);
  await sql`create index access_restrictions_contact_idx on access_restrictions (contact_id) where lifted_at is null`.execute(
    db,
  );
  await sql`create index access_restrictions_link_idx on access_restrictions (link_id) where lifted_at is null`.execute(
    db,
  );
  await sql`create index access_restrictions_user_idx on access_restrictions (user_id) where lifted_at is null`.execute(
    db,
  );

  // P14: while a hold is active, everyone concerned with the student is suspended; the reason is
  // for DSLs and admins only.
  await sql`
    create table safeguarding_holds (
      id uuid primary key default gen_random_uuid(),
      student_id uuid not null references students (id),
      reason text not null,
      scope text not null default 'all_access' check (scope in ('all_access', 'this_student_only')),
      scope_reason text,
      placed_by_user_id uuid not null references users (id),
      placed_at timestamptz not null,
      lifted_at timestamptz,
      lifted_by_user_id uuid references users (id),
      lift_note text,
      check (scope = 'all_access' or scope_reason is not null),
      check ((lifted_at is null) = (lifted_by_user_id is null))
    )`.execute(db);
  await sql`create index safeguarding_holds_active_idx on safeguarding_holds (student_id) where lifted_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'safeguarding_holds',
    'access_restrictions',
    'policy_acceptances',
    'policy_versions',
    'account_tokens',
    'access_request_children',
    'access_requests',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`alter table sessions drop column if exists ended_reason`.execute(db);
  await sql`alter table sessions drop column if exists ended_at`.execute(db);
}
