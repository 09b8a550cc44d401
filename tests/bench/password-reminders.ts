/**
 * How long the password-reminder sweep (P11) takes with 100,000 active accounts whose passwords
 * are 80–90 days old, spread evenly over those eleven days (so about 64,000 are due today): the
 * first run, the same run again with nothing new to queue, and a run an hour later (the web
 * server's interval). Prints seconds and statements, and what a request would have waited
 * meanwhile: the slowest of a small statement sent every 10 ms beside the sweep, and the longest
 * the event loop was held. It never fails on time. Run it with
 * `npm run bench:reminders -w @schoolgate/tests`.
 *
 * DATABASE_URL picks the database (a PostgreSQL server, or "memory:" for embedded PGlite, the
 * default); it is migrated first and must have no accounts yet. BENCH_ACCOUNTS changes the count.
 */
import { sql, type KyselyPlugin } from 'kysely';
import { createCaller, createContext } from '@schoolgate/api';
import { createDb, migrateToLatest } from '@schoolgate/db';

const accounts = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const DAY_MS = 24 * 60 * 60 * 1000;
const db = createDb(process.env.DATABASE_URL ?? 'memory:');
await migrateToLatest(db);

const existing = await db
  .selectFrom('users')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
if (Number(existing.n) > 0) {
  console.error('The benchmark needs a database with no accounts: use a new one.');
  process.exit(1);
}

// Whole milliseconds, as the portal writes them; the oldest password is 91 days less 1 ms old.
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const started = performance.now();
// One statement: a contact and an active account per row, with names that need care in HTML.
await sql`
  with g as materialized (
    select gen_random_uuid() as id, i from generate_series(1, ${accounts}::int) as i
  ),
  c as (
    insert into contacts (id, forename, surname)
    select id,
      (array['Zoë', 'Seán', 'Amélie', 'Tom', 'Ngozi'])[1 + i % 5],
      (array['O''Brien', 'Okafor', 'Nowak & Sons', '<Ávila>'])[1 + i % 4]
    from g
    returning id
  )
  insert into users (username, email, password_hash, status, contact_id, password_set_at)
  select 'bench.' || i, 'bench' || i || '@example.org', 'not-a-hash', 'active', id,
    ${now}::timestamptz - interval '80 days'
      - floor((i - 0.5) * ${11 * DAY_MS}::bigint / ${accounts}) * interval '1 millisecond'
  from g
`.execute(db);
await sql`analyze`.execute(db);
console.log(
  `${accounts.toLocaleString('en-GB')} active accounts with passwords 80–90 days old made in ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s.`,
);

// Statements sent, counted as their results come back: Kysely shows a plugin's transformQuery
// every subquery too, so counting there would count one statement several times.
let statements = 0;
const counting: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: (args) => {
    statements += 1;
    return Promise.resolve(args.result);
  },
};
async function sweep(label: string, at: Date) {
  const ctx = await createContext({
    db: db.withPlugin(counting),
    now: () => at,
    system: true,
    portalUrl: 'https://portal.example.org',
  });
  statements = 0;
  const loop = eventLoopWatch();
  const begun = performance.now();
  const job = createCaller(ctx).jobs.passwordReminders();
  const [{ queued }, slowest] = await Promise.all([job, slowestStatementBeside(job)]);
  const seconds = (performance.now() - begun) / 1000;
  const held = loop.stop();
  console.log(
    `${label}: ${seconds.toFixed(2)} s, ${statements.toLocaleString('en-GB')} statements, ` +
      `${queued.toLocaleString('en-GB')} queued; meanwhile 'select 1' took at most ` +
      `${slowest.toFixed(0)} ms and the event loop was held at most ${held.toFixed(0)} ms.`,
  );
}

/** The longest the event loop went without running a 5 ms timer, less those 5 ms. */
function eventLoopWatch() {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const at = performance.now();
    longest = Math.max(longest, at - last - 5);
    last = at;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last - 5);
    },
  };
}

/** The longest a small statement took, sent every 10 ms until `job` ends. */
async function slowestStatementBeside(job: Promise<unknown>): Promise<number> {
  let done = false;
  void job.finally(() => (done = true)).catch(() => {});
  let slowest = 0;
  while (!done) {
    const sent = performance.now();
    await sql`select 1`.execute(db);
    slowest = Math.max(slowest, performance.now() - sent);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return slowest;
}

await sweep('First sweep', now);
await sweep('Again, nothing new', now);
await sweep('An hour later', new Date(now.getTime() + 60 * 60 * 1000));
const outbox = await db
  .selectFrom('email_outbox')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
console.log(`Outbox: ${Number(outbox.n).toLocaleString('en-GB')} messages.`);
await db.destroy();
