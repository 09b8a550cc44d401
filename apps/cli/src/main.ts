import { parseArgs } from 'node:util';
import { databaseUrlProblem, redact, type Database } from '@schoolgate/db';
import { endAllSessions } from './commands/end-sessions';
import { importCommand } from './commands/import';
import { runJobs, type JobsOptions } from './commands/jobs-run';
import { migrate } from './commands/migrate';
import { seedDemo } from './commands/seed-demo';
import { EXIT } from './exit-codes';
import { openDatabase } from './open-database';
import { HELP } from './help';

type Output = (line: string) => void;

/** Runs one command line and returns the process exit code. */
export async function main(
  argv: string[],
  out: Output = (line) => console.log(line),
  err: Output = (line) => console.error(line),
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        demo: { type: 'boolean', default: false },
        'database-url': { type: 'string' },
        'portal-url': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        apply: { type: 'boolean', default: false },
        full: { type: 'boolean' },
        partial: { type: 'boolean' },
      },
    });
  } catch (error) {
    err(`${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { positionals, values } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || command === 'help') {
    out(HELP);
    return EXIT.ok;
  }
  if (command === undefined) {
    err(`Say which command to run.\n\n${HELP}`);
    return EXIT.usage;
  }

  const urlProblem = databaseUrlProblem(values['database-url'] ?? process.env.DATABASE_URL);
  if (urlProblem) {
    err(urlProblem);
    return EXIT.usage;
  }

  if (command === 'import') {
    if (values.full && values.partial) {
      err('Say --full or --partial, not both.');
      return EXIT.usage;
    }
    return importCommand(
      extra,
      {
        apply: values.apply,
        full: values.full ? true : values.partial ? false : undefined,
        databaseUrl: values['database-url'] ?? process.env.DATABASE_URL,
        terminal: process.stderr.isTTY ? process.stderr : null,
      },
      out,
      err,
    );
  }
  if (values.apply || values.full || values.partial) {
    err(`--apply, --full and --partial are for the import command only.\n\n${HELP}`);
    return EXIT.usage;
  }

  const commandLine = extra.length > 0 ? `${command} ${extra.join(' ')}` : command;
  const run = commands[commandLine];
  if (!run) {
    err(`Unknown command "${commandLine}".\n\n${HELP}`);
    return EXIT.usage;
  }
  if (command === 'seed' && !values.demo) {
    err('Only the demo school can be seeded: use `schoolgate seed --demo`.');
    return EXIT.usage;
  }

  const url = values['database-url'] ?? process.env.DATABASE_URL;
  const db = openDatabase(url, err);
  if (!db) return EXIT.failed;
  try {
    await run(db, out, {
      portalUrl: values['portal-url'] ?? process.env.ORIGIN,
      smtpUrl: process.env.SMTP_URL || undefined,
      smtpFrom: process.env.SMTP_FROM || undefined,
    });
    return EXIT.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    err(`schoolgate ${command} failed: ${url ? message.replaceAll(url, redact(url)) : message}`);
    return EXIT.failed;
  } finally {
    await db.destroy();
  }
}

type Command = (db: Database, out: Output, options: JobsOptions) => Promise<void>;

const commands: Record<string, Command> = {
  migrate: (db, out) => migrate(db, out),
  seed: (db, out) => seedDemo(db, out),
  'jobs run': runJobs,
  'sessions end-all': (db, out) => endAllSessions(db, out),
};
