import { sql, type Kysely } from 'kysely';

/**
 * What the portal shows (P7, P8, P9): the school calendar, the timetable, attendance, behaviour,
 * notices, progress reports, information pages, and parents' change requests. Every record has
 * `updated_at` because every screen says when its data was last updated (P7).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A one- or two-week timetable (Week A/B). Weeks are counted from a Monday that was Week A.
  await sql`
    alter table school_settings
      add column timetable_cycle_weeks smallint not null default 1
        check (timetable_cycle_weeks in (1, 2)),
      add column timetable_cycle_anchor date not null default date '2024-09-02'
        check (extract(isodow from timetable_cycle_anchor) = 1)`.execute(db);

  await sql`
    create table terms (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      starts_on date not null,
      ends_on date not null,
      updated_at timestamptz not null default now(),
      check (ends_on >= starts_on),
      unique (starts_on)
    )`.execute(db);
  // Days inside a term when there is no school: half-term, bank holidays, training days.
  await sql`
    create table school_closures (
      id uuid primary key default gen_random_uuid(),
      starts_on date not null,
      ends_on date not null,
      reason text not null,
      updated_at timestamptz not null default now(),
      check (ends_on >= starts_on)
    )`.execute(db);

  await sql`
    create table periods (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      starts_at time not null,
      ends_at time not null,
      sort_order smallint not null unique,
      updated_at timestamptz not null default now(),
      check (ends_at > starts_at)
    )`.execute(db);

  await sql`
    create table teaching_groups (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      subject text not null,
      year_group smallint check (year_group between 7 and 13),
      teacher_staff_id uuid references staff (id),
      room text,
      source_id text unique,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index teaching_groups_teacher_idx on teaching_groups (teacher_staff_id)`.execute(
    db,
  );
  await sql`
    create table teaching_group_members (
      group_id uuid not null references teaching_groups (id) on delete cascade,
      student_id uuid not null references students (id) on delete cascade,
      updated_at timestamptz not null default now(),
      primary key (group_id, student_id)
    )`.execute(db);
  await sql`create index teaching_group_members_student_idx on teaching_group_members (student_id)`.execute(
    db,
  );
  // A group's lesson in the cycle; a room or teacher here overrides the group's own.
  await sql`
    create table lessons (
      id uuid primary key default gen_random_uuid(),
      group_id uuid not null references teaching_groups (id) on delete cascade,
      cycle_week smallint not null check (cycle_week in (1, 2)),
      weekday smallint not null check (weekday between 1 and 5),
      period_id uuid not null references periods (id),
      room text,
      teacher_staff_id uuid references staff (id),
      updated_at timestamptz not null default now(),
      unique (group_id, cycle_week, weekday, period_id)
    )`.execute(db);
  // One day's change to a lesson: a cover teacher, another room, or the lesson not happening.
  await sql`
    create table lesson_changes (
      id uuid primary key default gen_random_uuid(),
      lesson_id uuid not null references lessons (id) on delete cascade,
      on_date date not null,
      cover_staff_id uuid references staff (id),
      room text,
      cancelled boolean not null default false,
      note text,
      updated_at timestamptz not null default now(),
      unique (lesson_id, on_date)
    )`.execute(db);

  // Statutory session marks (School Attendance (Pupil Registration) (England) Regulations 2024).
  await sql`
    create table attendance_marks (
      id uuid primary key default gen_random_uuid(),
      student_id uuid not null references students (id) on delete cascade,
      on_date date not null,
      session text not null check (session in ('AM', 'PM')),
      code text not null check (code in (
        '/', '\\', 'L',
        'K', 'V', 'P', 'W', 'B', 'D',
        'C1', 'M', 'J1', 'S', 'C2', 'C', 'T', 'R', 'I', 'E',
        'G', 'N', 'O', 'U',
        'X', 'Q', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7', 'Z', '#')),
      minutes_late smallint check (minutes_late is null or minutes_late > 0),
      note text,
      recorded_by_staff_id uuid references staff (id),
      recorded_at timestamptz not null,
      updated_at timestamptz not null default now(),
      unique (student_id, on_date, session)
    )`.execute(db);

  await sql`
    create table behaviour_events (
      id uuid primary key default gen_random_uuid(),
      student_id uuid not null references students (id) on delete cascade,
      kind text not null check (kind in ('positive', 'negative')),
      category text not null,
      points integer not null,
      description text not null,
      occurred_on date not null,
      lesson_id uuid references lessons (id) on delete set null,
      place text,
      recorded_by_staff_id uuid references staff (id),
      action_taken text,
      action_date date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      -- Points carry the event's sign, so totals are plain sums.
      check ((kind = 'positive' and points >= 0) or (kind = 'negative' and points <= 0))
    )`.execute(db);
  await sql`create index behaviour_events_student_idx on behaviour_events (student_id, occurred_on)`.execute(
    db,
  );

  // Who a notice is for: the roles it reaches, narrowed for parents and students by its scopes
  // (year groups, forms, teaching groups). No scope rows means the whole school.
  await sql`
    create table notices (
      id uuid primary key default gen_random_uuid(),
      title text not null check (length(title) between 1 and 200),
      body_markdown text not null,
      author_user_id uuid references users (id),
      for_parents boolean not null default false,
      for_students boolean not null default false,
      for_staff boolean not null default false,
      for_governors boolean not null default false,
      publish_at timestamptz,
      expires_at timestamptz,
      email_parents boolean not null default false,
      attachment_name text,
      attachment_type text,
      attachment_data bytea,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (expires_at is null or publish_at is null or expires_at > publish_at),
      check ((attachment_name is null) = (attachment_data is null))
    )`.execute(db);
  await sql`create index notices_publish_idx on notices (publish_at)`.execute(db);
  await sql`
    create table notice_scopes (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id) on delete cascade,
      year_group smallint check (year_group between 7 and 13),
      form text,
      group_id uuid references teaching_groups (id) on delete cascade,
      check (num_nonnulls(year_group, form, group_id) = 1)
    )`.execute(db);
  await sql`create index notice_scopes_notice_idx on notice_scopes (notice_id)`.execute(db);
  await sql`
    create table notice_reads (
      notice_id uuid not null references notices (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      read_at timestamptz not null,
      primary key (notice_id, user_id)
    )`.execute(db);

  // A report cycle ("Year 9 Spring") is a draft until it has a publish time, and is seen from then.
  await sql`
    create table report_cycles (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      year_group smallint check (year_group between 7 and 13),
      publish_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table reports (
      id uuid primary key default gen_random_uuid(),
      cycle_id uuid not null references report_cycles (id) on delete cascade,
      student_id uuid not null references students (id) on delete cascade,
      tutor_staff_id uuid references staff (id),
      tutor_comment text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (cycle_id, student_id)
    )`.execute(db);
  await sql`create index reports_student_idx on reports (student_id)`.execute(db);
  await sql`
    create table report_subjects (
      id uuid primary key default gen_random_uuid(),
      report_id uuid not null references reports (id) on delete cascade,
      subject text not null,
      teacher_staff_id uuid references staff (id),
      attainment text,
      target text,
      effort text,
      comment text,
      sort_order smallint not null default 0,
      updated_at timestamptz not null default now(),
      unique (report_id, subject)
    )`.execute(db);

  // The school's own pages (term dates, uniform, policies) and their documents, by audience.
  await sql`
    create table info_pages (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title text not null,
      summary text,
      body_markdown text not null,
      for_parents boolean not null default true,
      for_students boolean not null default true,
      for_staff boolean not null default true,
      for_governors boolean not null default true,
      sort_order smallint not null default 0,
      updated_by_user_id uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table info_documents (
      id uuid primary key default gen_random_uuid(),
      page_id uuid not null references info_pages (id) on delete cascade,
      title text not null,
      file_name text not null,
      content_type text not null,
      data bytea not null,
      updated_at timestamptz not null default now()
    )`.execute(db);

  // A parent's report of a wrong record, or of a change in their circumstances (P7).
  await sql`
    create table change_requests (
      id uuid primary key default gen_random_uuid(),
      requester_user_id uuid not null references users (id),
      contact_id uuid references contacts (id),
      student_id uuid references students (id),
      kind text not null check (kind in ('record_error', 'change_of_details')),
      record_type text check (record_type in
        ('attendance_mark', 'behaviour_event', 'lesson', 'report')),
      record_id uuid,
      record_summary text,
      detail_type text check (detail_type in ('address', 'phone', 'email', 'medical', 'other')),
      proposed jsonb,
      message text not null check (length(message) between 1 and 2000),
      status text not null default 'submitted'
        check (status in ('submitted', 'in_progress', 'accepted', 'rejected')),
      staff_reply text,
      handled_by_user_id uuid references users (id),
      handled_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (kind <> 'record_error' or (record_type is not null and record_id is not null)),
      check (kind <> 'change_of_details' or detail_type is not null),
      check (status not in ('accepted', 'rejected') or handled_by_user_id is not null)
    )`.execute(db);
  await sql`create index change_requests_status_idx on change_requests (status, created_at)`.execute(
    db,
  );
  await sql`create index change_requests_requester_idx on change_requests (requester_user_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'change_requests',
    'info_documents',
    'info_pages',
    'report_subjects',
    'reports',
    'report_cycles',
    'notice_reads',
    'notice_scopes',
    'notices',
    'behaviour_events',
    'attendance_marks',
    'lesson_changes',
    'lessons',
    'teaching_group_members',
    'teaching_groups',
    'periods',
    'school_closures',
    'terms',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`
    alter table school_settings
      drop column timetable_cycle_weeks,
      drop column timetable_cycle_anchor`.execute(db);
}
