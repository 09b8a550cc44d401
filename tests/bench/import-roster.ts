/**
 * How long a large roster takes to import: 1,500 students with 3,000 parents and carers and
 * 30,000 class enrollments (20 teachers are parents too), into an empty database and then again
 * unchanged. Prints the seconds and statements of each; it never fails on time. Run it with
 * `npm run bench:import -w @schoolgate/tests`.
 *
 * DATABASE_URL picks the database (a PostgreSQL server, or "memory:" for embedded PGlite, the
 * default); the database is migrated first and should be empty.
 */
import type { KyselyPlugin } from 'kysely';
import { runImport } from '@schoolgate/api';
import { createDb, migrateToLatest } from '@schoolgate/db';
import { addRole, rosterFiles, rosterTables } from '../integration/support/oneroster-files';

const students = Number(process.env.BENCH_STUDENTS ?? 1500);
const plain = createDb(process.env.DATABASE_URL ?? 'memory:');
await migrateToLatest(plain);
// Statements sent, counted as their results come back (once each, whatever subqueries they hold).
let statements = 0;
const counter: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult(args) {
    statements += 1;
    return Promise.resolve(args.result);
  },
};
const db = plain.withPlugin(counter);

const tables = rosterTables({
  students,
  guardiansPerStudent: 2,
  classesPerStudent: 19,
  teachers: 80,
  prefix: 'bench',
});
// Staff who are parents too, as real exports have: a teacher's secondary parent role, and their
// child's row naming them.
const users = new Map(tables['users.csv']!.map((u) => [u.sourcedId, u]));
for (let i = 1; i <= 20; i++) {
  const teacher = `bench-tch-${i}`;
  const child = users.get(`bench-stu-${i * 50}`);
  if (!users.has(teacher) || !child) continue;
  addRole(tables, teacher, 'parent');
  child.agentSourcedIds = `${child.agentSourcedIds},${teacher}`;
}
const files = rosterFiles(tables);
const enrollments = tables['enrollments.csv']!.filter((e) => e.role === 'student').length;
const megabytes = files.reduce((sum, f) => sum + f.data.length, 0) / 1024 / 1024;
console.log(
  `Roster: ${students} students, ${tables['users.csv']!.length - students} other users, ` +
    `${enrollments} student enrollments, ${tables['classes.csv']!.length} classes (${megabytes.toFixed(1)} MB of CSV).`,
);

async function timed(label: string, apply: boolean) {
  statements = 0;
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
  const sent = statements;
  const counts = Object.entries(result.summary.counts)
    .map(([name, c]) => `${name}: +${c.add} ~${c.change} =${c.unchanged}`)
    .join('; ');
  console.log(
    `${label}: ${seconds.toFixed(2)} s, ${sent} statements (${result.problems.length} problems, ${result.changes.length} records listed). ${counts}`,
  );
  if (result.problems.length > 0) console.log(result.problems.slice(0, 5));
}

await timed('Dry run into an empty database', false);
await timed('First import', true);
await timed('Same files again (nothing changes)', true);
await plain.destroy();
