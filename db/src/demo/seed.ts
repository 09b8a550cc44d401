import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../schema';
import { schoolDate } from '../school-date';
import { DEMO_ACCOUNTS, type DemoAccount } from './accounts';
import { DEMO_POLICY_MARKDOWN, DEMO_POLICY_TITLE } from './policy-text';
import { buildDemoSchool, ENQUIRIES_EMAIL, SCHOOL_NAME, type DemoSchool } from './school';

export interface SeedDemoOptions {
  now: Date;
  /** The portal's password hash (Argon2id); passed in because this package cannot use auth's. */
  hashPassword: (password: string) => Promise<string>;
}

export interface SeedDemoResult {
  seeded: boolean;
  /** How many students and contacts this call added: 0 when it did nothing. */
  students: number;
  contacts: number;
  /** The demo sign-ins that exist after this call (all nine when it seeded). */
  accounts: readonly DemoAccount[];
}

/**
 * Seeds the demo school into an empty migrated database, in one transaction. If any student
 * already exists it does nothing and returns seeded:false.
 */
export async function seedDemoSchool(
  db: Kysely<DB>,
  options: SeedDemoOptions,
): Promise<SeedDemoResult> {
  if (await hasStudents(db)) return notSeeded(db);
  // Argon2 is slow on purpose: hash before the transaction so it is not held open meanwhile.
  const accounts = await Promise.all(
    DEMO_ACCOUNTS.map(async (account) => ({
      account,
      hash: await options.hashPassword(account.password),
    })),
  );
  const school = buildDemoSchool(options.now);
  const { now } = options;

  const seeded = await inTransaction(db, async (trx) => {
    // Two servers starting together in demo mode must not both seed: the second waits here.
    await sql`select pg_advisory_xact_lock(hashtext('schoolgate.demo-seed'))`.execute(trx);
    if (await hasStudents(trx)) return false;
    await trx
      .updateTable('school_settings')
      .set({
        school_name: SCHOOL_NAME,
        enquiries_email: ENQUIRIES_EMAIL,
        timetable_cycle_weeks: school.cycle.weeks,
        timetable_cycle_anchor: school.cycle.anchor,
        updated_at: now,
      })
      .where('id', '=', 1)
      .execute();
    await trx.insertInto('staff').values(school.staff).execute();
    await trx.insertInto('staff_roles').values(school.staffRoles).execute();
    await trx.insertInto('students').values(school.students).execute();
    await trx.insertInto('contacts').values(school.contacts).execute();
    await trx.insertInto('student_contacts').values(school.links).execute();
    const users = await trx
      .insertInto('users')
      .values(
        accounts.map(({ account, hash }) => ({
          id: school.userIds[account.key],
          username: account.username,
          email: account.email,
          password_hash: hash,
          status: 'active',
          password_set_at: now,
          created_at: now,
          updated_at: now,
          ...school.owners[account.key],
        })),
      )
      .returning(['id', 'username'])
      .execute();
    // In force from today and accepted by nobody: each demo user meets it at first sign-in (P2).
    const { time_zone } = await trx
      .selectFrom('school_settings')
      .select('time_zone')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const admin = DEMO_ACCOUNTS.find((a) => a.key === 'admin');
    await trx
      .insertInto('policy_versions')
      .values({
        title: DEMO_POLICY_TITLE,
        body_markdown: DEMO_POLICY_MARKDOWN,
        effective_date: schoolDate(now, time_zone),
        published_at: now,
        published_by_user_id: users.find((u) => u.username === admin?.username)?.id ?? null,
      })
      .execute();
    await insertSchoolRecords(trx, school);
    return true;
  });
  if (!seeded) return notSeeded(db);
  return {
    seeded: true,
    students: school.students.length,
    contacts: school.contacts.length,
    accounts: DEMO_ACCOUNTS,
  };
}

/** The calendar, timetable, attendance, behaviour, notices, reports and information pages. */
async function insertSchoolRecords(trx: Transaction<DB>, school: DemoSchool): Promise<void> {
  const { timetable, notices, reports, information } = school;
  await insertAll(trx, 'terms', school.terms);
  await insertAll(trx, 'school_closures', school.closures);
  await insertAll(trx, 'periods', timetable.periods);
  await insertAll(trx, 'teaching_groups', timetable.groups);
  await insertAll(trx, 'teaching_group_members', timetable.members);
  await insertAll(trx, 'lessons', timetable.lessons);
  await insertAll(trx, 'lesson_changes', timetable.changes);
  await insertAll(trx, 'attendance_marks', school.attendance);
  await insertAll(trx, 'behaviour_events', school.behaviour);
  await insertAll(trx, 'notices', notices.notices);
  await insertAll(trx, 'notice_scopes', notices.scopes);
  await insertAll(trx, 'notice_reads', notices.reads);
  await insertAll(trx, 'report_cycles', reports.cycles);
  await insertAll(trx, 'reports', reports.reports);
  await insertAll(trx, 'report_subjects', reports.subjects);
  await insertAll(trx, 'info_pages', information.pages);
  await insertAll(trx, 'info_documents', information.documents);
}

/** Rows in statements of at most 1,000, well inside Postgres's 65,535 parameters. */
async function insertAll<T extends keyof DB & string>(
  trx: Transaction<DB>,
  table: T,
  rows: readonly Insertable<DB[T]>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

/** A new transaction, or the caller's if it passed one (Kysely cannot nest them). */
function inTransaction<T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<DB>) : db.transaction().execute(work);
}

async function hasStudents(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom('students').select('id').limit(1).executeTakeFirst()) !== undefined;
}

async function notSeeded(db: Kysely<DB>): Promise<SeedDemoResult> {
  const existing = await db
    .selectFrom('users')
    .select('username')
    .where(
      'username',
      'in',
      DEMO_ACCOUNTS.map((a) => a.username),
    )
    .execute();
  const usernames = new Set(existing.map((row) => row.username));
  return {
    seeded: false,
    students: 0,
    contacts: 0,
    accounts: DEMO_ACCOUNTS.filter((a) => usernames.has(a.username)),
  };
}
