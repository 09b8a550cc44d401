import { sql, type Kysely } from 'kysely';

/**
 * Messages between parents (or, when the school allows it, students) and the school (issue 13).
 * A thread is about ONE child and addressed to the office or to one teacher who teaches that
 * child. Who may read a thread is never stored: it is worked out at query time from the access
 * rules (links, restrictions, holds, leavers, who teaches whom), so lifting a restriction
 * restores exactly what it took away. Text is plain; nothing here is ever rendered as HTML.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The school's choices for messages: one row, like school_settings.
  await sql`
    create table message_settings (
      id integer primary key default 1 check (id = 1),
      contacts_without_pr_may_write boolean not null default false,
      students_may_message_teachers boolean not null default false,
      reply_notice text
        check (reply_notice is null or char_length(reply_notice) between 1 and 300),
      updated_at timestamptz,
      updated_by_user_id uuid references users (id)
    )
  `.execute(db);
  await sql`insert into message_settings (id) values (1)`.execute(db);

  await sql`
    create table message_threads (
      id uuid primary key default gen_random_uuid(),
      student_id uuid not null references students (id) on delete cascade,
      started_by_user_id uuid not null references users (id),
      started_as text not null check (started_as in ('contact', 'student')),
      addressed_to text not null check (addressed_to in ('office', 'teacher')),
      teacher_staff_id uuid references staff (id),
      assigned_staff_id uuid references staff (id),
      subject text not null check (char_length(subject) between 1 and 120),
      status text not null default 'open' check (status in ('open', 'closed')),
      closed_at timestamptz,
      closed_by_user_id uuid references users (id),
      created_at timestamptz not null,
      last_message_at timestamptz not null,
      check ((addressed_to = 'teacher') = (teacher_staff_id is not null)),
      check (started_as = 'contact' or addressed_to = 'teacher'),
      check ((status = 'closed') = (closed_at is not null and closed_by_user_id is not null))
    )
  `.execute(db);
  await sql`
    create index message_threads_student_idx on message_threads (student_id)
  `.execute(db);
  await sql`
    create index message_threads_starter_idx on message_threads (started_by_user_id, last_message_at)
  `.execute(db);
  await sql`
    create index message_threads_teacher_idx on message_threads (teacher_staff_id)
    where teacher_staff_id is not null
  `.execute(db);

  await sql`
    create table messages (
      id uuid primary key default gen_random_uuid(),
      -- The order messages were written in, whatever the clocks said: reads are marked by it.
      seq bigint generated always as identity unique,
      thread_id uuid not null references message_threads (id) on delete cascade,
      author_user_id uuid not null references users (id),
      from_school boolean not null,
      body text not null check (char_length(body) between 1 and 5000),
      created_at timestamptz not null
    )
  `.execute(db);
  await sql`create index messages_thread_idx on messages (thread_id, seq)`.execute(db);

  // How far each reader has read each thread: later messages by someone else are unread.
  await sql`
    create table message_reads (
      thread_id uuid not null references message_threads (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      read_seq bigint not null,
      read_at timestamptz not null,
      primary key (thread_id, user_id)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table message_reads`.execute(db);
  await sql`drop table messages`.execute(db);
  await sql`drop table message_threads`.execute(db);
  await sql`drop table message_settings`.execute(db);
}
