import { parseArgs } from 'node:util';
import {
  databaseUrlProblem,
  embeddedDirOf,
  otherHolderOf,
  redact,
  type Database,
} from '@schoolgate/db';
import { backup } from './commands/backup';
import { endAllSessions } from './commands/end-sessions';
import { importCommand } from './commands/import';
import { runJobs, type JobsOptions } from './commands/jobs-run';
import { migrate } from './commands/migrate';
import { seedDemo } from './commands/seed-demo';
import { EXIT } from './exit-codes';
import { restore } from './commands/restore';
import { openDatabase } from './open-database';
import { HELP } from './help';
import { runInPortal } from './relay/client';
import { runRemote } from './remote';

type Output = (line: string) => void;
type Terminal = { write(text: string): unknown };

export interface MainOptions {
  /** The database, already open in this process: a command the running portal runs for the
   * command line. It is left open. */
  database?: Database;
  /** The folder file names are relative to (the caller's, when run for it). */
  cwd?: string;
  /** Where a progress bar is drawn; null prints stages as lines. Default: stderr on a terminal. */
  terminal?: Terminal | null;
  /** The fetch `--portal` commands use (tests); the platform's by default. */
  fetch?: typeof globalThis.fetch;
}

/** Runs one command line and returns the process exit code. */
export async function main(
  argv: string[],
  out: Output = (line) => console.log(line),
  err: Output = (line) => console.error(line),
  options: MainOptions = {},
): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const terminal =
    options.terminal !== undefined
      ? options.terminal
      : process.stderr.isTTY
        ? process.stderr
        : null;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        demo: { type: 'boolean', default: false },
        'database-url': { type: 'string' },
        'portal-url': { type: 'string' },
        portal: { type: 'string' },
        'token-file': { type: 'string' },
        'not-accepted-policy': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        apply: { type: 'boolean', default: false },
        full: { type: 'boolean' },
        partial: { type: 'boolean' },
        json: { type: 'boolean', default: false },
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        unexplained: { type: 'boolean', default: false },
        action: { type: 'string' },
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
  if (values.portal !== undefined) {
    if (values['database-url'] !== undefined) {
      err('Say --portal or --database-url, not both.');
      return EXIT.usage;
    }
    if (values.full && values.partial) {
      err('Say --full or --partial, not both.');
      return EXIT.usage;
    }
    return runRemote(
      positionals,
      {
        portal: values.portal,
        tokenFile: values['token-file'],
        notAcceptedPolicy: values['not-accepted-policy'],
        json: values.json,
        apply: values.apply,
        full: values.full ? true : values.partial ? false : undefined,
        from: values.from,
        to: values.to,
        format: values.format,
        unexplained: values.unexplained,
        action: values.action,
        cwd,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      },
      out,
      err,
    );
  }
  if (
    values['token-file'] !== undefined ||
    values['not-accepted-policy'] ||
    values.from !== undefined ||
    values.to !== undefined ||
    values.format !== undefined ||
    values.unexplained ||
    values.action !== undefined
  ) {
    err(
      `--token-file, --not-accepted-policy, --from, --to, --format, --unexplained and --action are for commands run with --portal.\n\n${HELP}`,
    );
    return EXIT.usage;
  }

  const urlProblem = databaseUrlProblem(values['database-url'] ?? process.env.DATABASE_URL);
  if (urlProblem) {
    err(urlProblem);
    return EXIT.usage;
  }
  const url = values['database-url'] ?? process.env.DATABASE_URL;

  // The embedded database belongs to one process: while the portal holds it, it runs the command.
  const dir = options.database ? null : embeddedDirOf(url);
  const holder = dir ? otherHolderOf(dir) : null;
  if (dir && holder) {
    if (command === 'restore') {
      err(
        `The portal at pid ${holder.pid} is using the embedded database at ${dir}: stop it before restoring a backup.`,
      );
      return EXIT.failed;
    }
    return runInPortal(dir, holder, argv, out, err, terminal);
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
        databaseUrl: url,
        database: options.database,
        cwd,
        terminal,
        json: values.json,
      },
      out,
      err,
    );
  }
  if (values.apply || values.full || values.partial || values.json) {
    err(`--apply, --full, --partial and --json are for the import command only.\n\n${HELP}`);
    return EXIT.usage;
  }

  if (command === 'backup' || command === 'restore') {
    if (extra.length !== 1) {
      err(`Name one file: schoolgate ${command} <file>.\n\n${HELP}`);
      return EXIT.usage;
    }
  }
  if (command === 'restore') {
    return restoreCommand(extra[0]!, url, cwd, options, out, err);
  }

  const commandLine = command === 'backup' ? command : [command, ...extra].join(' ');
  const run = commands[commandLine];
  if (!run) {
    err(`Unknown command "${commandLine}".\n\n${HELP}`);
    return EXIT.usage;
  }
  if (command === 'seed' && !values.demo) {
    err('Only the demo school can be seeded: use `schoolgate seed --demo`.');
    return EXIT.usage;
  }

  const db = options.database ?? openDatabase(url, err);
  if (!db) return EXIT.failed;
  try {
    await run(db, out, {
      portalUrl: values['portal-url'] ?? process.env.ORIGIN,
      smtpUrl: process.env.SMTP_URL || undefined,
      smtpFrom: process.env.SMTP_FROM || undefined,
      args: extra,
      cwd,
    });
    return EXIT.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    err(`schoolgate ${command} failed: ${url ? message.replaceAll(url, redact(url)) : message}`);
    return EXIT.failed;
  } finally {
    if (!options.database) await db.destroy();
  }
}

async function restoreCommand(
  file: string,
  url: string | undefined,
  cwd: string,
  options: MainOptions,
  out: Output,
  err: Output,
): Promise<number> {
  if (options.database) {
    err('A restore replaces the database the portal is using: stop the portal, then restore.');
    return EXIT.failed;
  }
  const dir = embeddedDirOf(url);
  if (!dir) {
    err(
      'restore is for the embedded database. For a PostgreSQL server use pg_restore, then `schoolgate sessions end-all` (docs/operations.md).',
    );
    return EXIT.usage;
  }
  try {
    await restore(dir, file, cwd, out);
    return EXIT.ok;
  } catch (error) {
    err(`schoolgate restore failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
}

interface CommandOptions extends JobsOptions {
  /** The words after the command's own. */
  args: string[];
  cwd: string;
}

type Command = (db: Database, out: Output, options: CommandOptions) => Promise<void>;

const commands: Record<string, Command> = {
  backup: (db, out, { args, cwd }) => backup(db, args[0]!, cwd, out),
  migrate: (db, out) => migrate(db, out),
  seed: (db, out) => seedDemo(db, out),
  'jobs run': runJobs,
  'sessions end-all': (db, out) => endAllSessions(db, out),
};
