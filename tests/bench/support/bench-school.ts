import { sql, type Transaction } from 'kysely';
import { hashPassword } from '@schoolgate/auth';
import type { DB, Database } from '@schoolgate/db';
import { seedDemoSchool } from '@schoolgate/db/demo';

/**
 * The benchmark's school: the demo school (Northfield Academy, 152 pupils, its families, a
 * two-week timetable, this year's marks, behaviour, notices and reports, and the demo sign-ins),
 * then each pupil copied with their family, classes, marks, behaviour and reports until there are
 * about `students`, so the tables and indexes have a real school's size. Deterministic: the demo
 * draws from a fixed seed and the copies follow it; only ids and dates (from `now`) vary.
 * Does nothing to a database that already has pupils. Returns how many pupils there are.
 */
export async function benchSchool(db: Database, students: number, now: Date): Promise<number> {
  const seeded = await seedDemoSchool(db, { now, hashPassword });
  if (seeded.seeded) {
    const copies = Math.max(0, Math.ceil(students / seeded.students) - 1);
    await db.transaction().execute((trx) => copyPupils(trx, copies));
    await sql`analyze`.execute(db);
  }
  const count = await db
    .selectFrom('students')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(count.n);
}

/** One table's columns, in order, as written in an insert. */
async function columnsOf(trx: Transaction<DB>, table: string): Promise<string[]> {
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = 'public' and table_name = ${table}
    order by ordinal_position
  `.execute(trx);
  return rows.map((r) => r.column_name);
}

/**
 * Copies every row of `table` once per copy, with new ids where a map says so (`column` →
 * `map`, joined on old_id and the copy number) and `replaced` columns set to an expression.
 */
async function copyRows(
  trx: Transaction<DB>,
  table: string,
  maps: Record<string, string>,
  replaced: Record<string, string> = {},
  copies = 'generate_series(1, (select max(k) from student_copy)) as copy(n)',
) {
  const columns = await columnsOf(trx, table);
  const joins = Object.entries(maps)
    .map(([column, map]) => `join ${map} on ${map}.old_id = t.${column} and ${map}.k = copy.n`)
    .join(' ');
  const values = columns.map((c) => replaced[c] ?? (maps[c] ? `${maps[c]}.new_id` : `t.${c}`));
  await sql
    .raw(
      `insert into ${table} (${columns.join(', ')}) select ${values.join(', ')} ` +
        `from ${table} t cross join ${copies} ${joins}`,
    )
    .execute(trx);
}

async function copyPupils(trx: Transaction<DB>, copies: number): Promise<void> {
  if (copies === 0) return;
  // Maps from each original row to its copies, made before any copy exists.
  for (const [map, table] of [
    ['student_copy', 'students'],
    ['contact_copy', 'contacts'],
    ['report_copy', 'reports'],
  ]) {
    await sql
      .raw(
        `create temp table ${map} on commit drop as select id as old_id, k, gen_random_uuid() as new_id ` +
          `from ${table} cross join generate_series(1, ${copies}) as k`,
      )
      .execute(trx);
  }
  // Identifiers from the management system are unique; the copies have none.
  await copyRows(trx, 'students', { id: 'student_copy' }, { upn: 'null', source_id: 'null' });
  await copyRows(trx, 'contacts', { id: 'contact_copy' }, { source_id: 'null' });
  await copyRows(
    trx,
    'student_contacts',
    { student_id: 'student_copy', contact_id: 'contact_copy' },
    { id: 'gen_random_uuid()' },
  );
  await copyRows(trx, 'teaching_group_members', { student_id: 'student_copy' });
  await copyRows(
    trx,
    'attendance_marks',
    { student_id: 'student_copy' },
    { id: 'gen_random_uuid()' },
  );
  await copyRows(
    trx,
    'behaviour_events',
    { student_id: 'student_copy' },
    { id: 'gen_random_uuid()' },
  );
  await copyRows(trx, 'reports', { id: 'report_copy', student_id: 'student_copy' });
  await copyRows(trx, 'report_subjects', { report_id: 'report_copy' }, { id: 'gen_random_uuid()' });
}
