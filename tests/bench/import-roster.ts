/**
 * How long a large roster takes to import: 1,500 students with 3,000 parents and carers and
 * 30,000 class enrollments, into an empty database and then again unchanged. Prints the figures;
 * it never fails on time. Run it with `npm run bench:import -w @schoolgate/tests`.
 *
 * DATABASE_URL picks the database (a PostgreSQL server, or "memory:" for embedded PGlite, the
 * default); the database is migrated first and should be empty.
 */
import { runImport } from '@schoolgate/api';
import { createDb, migrateToLatest } from '@schoolgate/db';
import { rosterFiles, rosterTables } from '../integration/support/oneroster-files';

const students = Number(process.env.BENCH_STUDENTS ?? 1500);
const db = createDb(process.env.DATABASE_URL ?? 'memory:');
await migrateToLatest(db);

const tables = rosterTables({
  students,
  guardiansPerStudent: 2,
  classesPerStudent: 19,
  teachers: 80,
  prefix: 'bench',
});
const files = rosterFiles(tables);
const enrollments = tables['enrollments.csv']!.filter((e) => e.role === 'student').length;
const megabytes = files.reduce((sum, f) => sum + f.data.length, 0) / 1024 / 1024;
console.log(
  `Roster: ${students} students, ${tables['users.csv']!.length - students} other users, ` +
    `${enrollments} student enrollments, ${tables['classes.csv']!.length} classes (${megabytes.toFixed(1)} MB of CSV).`,
);

async function timed(label: string, apply: boolean) {
  const started = performance.now();
  const result = await runImport(db, {
    kind: 'oneroster',
    files,
    apply,
    full: true,
    now: new Date(),
    userId: null,
  });
  const seconds = (performance.now() - started) / 1000;
  const counts = Object.entries(result.summary.counts)
    .map(([name, c]) => `${name}: +${c.add} ~${c.change} =${c.unchanged}`)
    .join('; ');
  console.log(`${label}: ${seconds.toFixed(2)} s (${result.problems.length} problems). ${counts}`);
  if (result.problems.length > 0) console.log(result.problems.slice(0, 5));
}

await timed('Dry run into an empty database', false);
await timed('First import', true);
await timed('Same files again (nothing changes)', true);
await db.destroy();
