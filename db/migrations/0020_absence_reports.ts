import { sql, type Kysely } from 'kysely';

/**
 * A parent's report of an absence or a late arrival (issue 13). A report is a request: only the
 * school authorises. The office accepts it (the register's marks for those sessions take the code
 * chosen, in the same transaction), asks for more information, or refuses it (the marks stay
 * unauthorised). Reasons map to the codes the office may then record: illness I, a medical or
 * dental appointment M, religious observance R; a family event or anything else is the office's
 * call.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table absence_reports (
      id uuid primary key default gen_random_uuid(),
      student_id uuid not null references students (id) on delete cascade,
      reported_by_user_id uuid not null references users (id),
      kind text not null check (kind in ('absence', 'late')),
      first_date date not null,
      last_date date not null,
      sessions text not null check (sessions in ('all', 'AM', 'PM')),
      expected_arrival time,
      reason text not null
        check (reason in ('illness', 'medical', 'religious', 'family', 'other')),
      note text check (note is null or char_length(note) between 1 and 1000),
      state text not null default 'waiting'
        check (state in ('waiting', 'accepted', 'more_information', 'refused')),
      recorded_code text check (recorded_code is null or recorded_code in
        ('I', 'M', 'R', 'C', 'J1', 'C1', 'S', 'T')),
      decided_by_user_id uuid references users (id),
      decided_at timestamptz,
      office_message text
        check (office_message is null or char_length(office_message) between 1 and 2000),
      parent_reply text
        check (parent_reply is null or char_length(parent_reply) between 1 and 1000),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (first_date <= last_date),
      check (last_date - first_date <= 30),
      check (sessions = 'all' or first_date = last_date),
      check ((kind = 'late') = (expected_arrival is not null)),
      check (kind <> 'late' or (first_date = last_date and sessions = 'all')),
      check ((state = 'waiting') = (decided_by_user_id is null and decided_at is null)),
      check ((state = 'accepted' and kind = 'absence') = (recorded_code is not null)),
      check (state not in ('more_information', 'refused') or office_message is not null)
    )
  `.execute(db);
  // The office's queue, oldest first; a child's reports by date; a parent's own reports.
  await sql`
    create index absence_reports_queue_idx on absence_reports (created_at)
    where state in ('waiting', 'more_information')
  `.execute(db);
  await sql`
    create index absence_reports_student_idx on absence_reports (student_id, first_date, last_date)
  `.execute(db);
  await sql`
    create index absence_reports_reporter_idx on absence_reports (reported_by_user_id, created_at)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table absence_reports`.execute(db);
}
