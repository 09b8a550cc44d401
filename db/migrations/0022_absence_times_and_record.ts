import { sql, type Kysely } from 'kysely';

/**
 * The rest of absence reporting (issue 13), as the school sets it:
 * - the time each school morning after registers close when parents of a child marked N (no reason
 *   yet) who have not reported are emailed once ("Tell us why"), in the school's time zone;
 * - the cut-off for reporting an absence today: a report after it is still taken, marked "after the
 *   cut-off" for the office, and the parent is told the office may not see it before registration;
 * - the absence line's phone number, shown to a parent who reports after the cut-off;
 * - which register is the record: the portal's own, or the school's management system (MIS), whose
 *   imported marks then win and which takes the office's export of accepted reports.
 * A report records whether it came after the cut-off when it was made: a later change of the
 * setting does not rewrite the queue's history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table school_settings
      add column absence_chaser_time time not null default '10:00',
      add column absence_cutoff_time time not null default '08:30',
      add column absence_line_phone text
        check (absence_line_phone is null or char_length(absence_line_phone) between 1 and 40),
      add column attendance_record text not null default 'portal'
        check (attendance_record in ('portal', 'mis'))
  `.execute(db);
  await sql`
    alter table absence_reports add column after_cutoff boolean not null default false
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table absence_reports drop column after_cutoff`.execute(db);
  await sql`
    alter table school_settings
      drop column absence_chaser_time,
      drop column absence_cutoff_time,
      drop column absence_line_phone,
      drop column attendance_record
  `.execute(db);
}
