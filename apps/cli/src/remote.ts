import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  createSchoolgateClient,
  schoolgateErrorOf,
  type SchoolgateClient,
} from '@schoolgate/client';
import { attendanceExportCsv } from '@schoolgate/api';
import { EXIT } from './exit-codes';
import { printImportResult, readFiles } from './commands/import';

type Output = (line: string) => void;

export interface RemoteOptions {
  /** The portal's address: `--portal https://portal.example-school.org.uk`. */
  portal: string;
  /** A file holding an API token (`--token-file`), relative to `cwd`. */
  tokenFile: string | undefined;
  notAcceptedPolicy: boolean;
  json: boolean;
  /** import: --apply, and --full / --partial (undefined: the importer's default, full). */
  apply: boolean;
  full: boolean | undefined;
  /** export attendance: the days, the format, and only unexplained absences. */
  from: string | undefined;
  to: string | undefined;
  format: string | undefined;
  unexplained: boolean;
  /** audit list: one action, or every action under a prefix (view.). */
  action: string | undefined;
  cwd: string;
  /** A fetch of the caller's (tests); the platform's by default. */
  fetch?: typeof globalThis.fetch;
}

/** The commands that work against a running portal with an API token (issue 15). */
export const REMOTE_COMMANDS = [
  'whoami',
  'accounts list --not-accepted-policy',
  'import oneroster <file|folder|zip>... [--apply] [--full | --partial]',
  'export attendance --from YYYY-MM-DD --to YYYY-MM-DD [--unexplained] [--format csv|json]',
  'audit list --from YYYY-MM-DD --to YYYY-MM-DD [--action ACTION]',
] as const;

const AUDIT_USAGE =
  'Usage: schoolgate --portal URL --token-file FILE audit list --from YYYY-MM-DD --to YYYY-MM-DD [--action ACTION] [--json]';

const EXPORT_USAGE =
  'Usage: schoolgate --portal URL --token-file FILE export attendance --from YYYY-MM-DD --to YYYY-MM-DD [--unexplained] [--format csv|json]';

type Run = (client: SchoolgateClient) => Promise<number>;

/**
 * Runs a command on a portal over its API with an API token, instead of on a database: for a
 * school's scripts and cron jobs. Prints JSON with --json (and nothing else on stdout). Exit codes
 * as the local commands': 0 done, 1 refused or failed (or an import found problems), 2 the
 * command line was wrong.
 */
export async function runRemote(
  words: string[],
  options: RemoteOptions,
  out: Output,
  err: Output,
): Promise<number> {
  const run = commandOf(words, options, out, err);
  if (typeof run === 'number') return run;
  const token = readToken(options, err);
  if (!token) return EXIT.usage;
  let client: SchoolgateClient;
  try {
    client = createSchoolgateClient({
      url: options.portal,
      token,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  } catch (error) {
    err((error as Error).message);
    return EXIT.usage;
  }
  try {
    return await run(client);
  } catch (error) {
    err(explainFailure(error, options.portal));
    return EXIT.failed;
  }
}

/** The command to run, or the exit code of a command line that is wrong (said on stderr). */
function commandOf(
  words: string[],
  options: RemoteOptions,
  out: Output,
  err: Output,
): Run | number {
  const [command, ...extra] = words;
  const line = words.join(' ');
  const misplaced = (flags: Record<string, boolean>) => {
    const given = Object.entries(flags)
      .filter(([, on]) => on)
      .map(([flag]) => flag);
    if (given.length === 0) return false;
    err(
      `${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} not for "${line}". See schoolgate --help.`,
    );
    return true;
  };
  const importFlags = {
    '--apply': options.apply,
    '--full/--partial': options.full !== undefined,
  };
  const exportFlags = {
    '--from': options.from !== undefined,
    '--to': options.to !== undefined,
    '--format': options.format !== undefined,
    '--unexplained': options.unexplained,
  };
  const auditFlags = { '--action': options.action !== undefined };
  if (line === 'audit list') {
    if (
      misplaced({
        ...importFlags,
        '--format': options.format !== undefined,
        '--unexplained': options.unexplained,
        '--not-accepted-policy': options.notAcceptedPolicy,
      })
    )
      return EXIT.usage;
    return auditRun(options, out, err);
  }
  if (misplaced(auditFlags)) return EXIT.usage;
  if (command === 'import') {
    if (misplaced({ ...exportFlags, '--not-accepted-policy': options.notAcceptedPolicy }))
      return EXIT.usage;
    return importRun(extra, options, out, err);
  }
  if (line === 'export attendance') {
    if (misplaced({ ...importFlags, '--not-accepted-policy': options.notAcceptedPolicy }))
      return EXIT.usage;
    return exportRun(options, out, err);
  }
  if (misplaced({ ...importFlags, ...exportFlags })) return EXIT.usage;
  if (line === 'whoami' && !options.notAcceptedPolicy) {
    return async (client) => {
      const me = await client.tools.whoAmI.query();
      if (options.json) out(JSON.stringify(me));
      else out(`Token "${me.name}": ${me.scopes.join(', ')}; runs out ${me.expiresAt}.`);
      return EXIT.ok;
    };
  }
  if (line === 'accounts list' && options.notAcceptedPolicy) {
    return async (client) => {
      const accounts = await client.tools.accounts.notAcceptedPolicy.query();
      if (options.json) out(JSON.stringify(accounts));
      else {
        out(
          accounts.length === 1
            ? '1 account has not accepted the policy in force:'
            : `${accounts.length} accounts have not accepted the policy in force${accounts.length ? ':' : '.'}`,
        );
        for (const a of accounts) {
          out(`  ${a.username} (${a.kind}), last signed in ${a.lastSignedInAt ?? 'never'}`);
        }
      }
      return EXIT.ok;
    };
  }
  if (line === 'jobs run') {
    err(
      'A running portal runs its own jobs (password reminders every hour, notice emails every five minutes, and email delivery when SMTP_URL is set), so "jobs run" has nothing to do there. On the server itself, without --portal, it runs them at once.',
    );
    return EXIT.usage;
  }
  const shown = [line, ...(options.notAcceptedPolicy ? ['--not-accepted-policy'] : [])].join(' ');
  err(
    `"${shown}" cannot run against a portal. With --portal these commands work: ${REMOTE_COMMANDS.join('; ')}. Other commands run on the server, with --database-url.`,
  );
  return EXIT.usage;
}

/** `import oneroster <files>... [--apply]`: the office's import, on the portal. */
function importRun(
  extra: string[],
  options: RemoteOptions,
  out: Output,
  err: Output,
): Run | number {
  const [kind, ...paths] = extra;
  if (kind !== 'oneroster') {
    err(
      `${kind ? `"${kind}" cannot be imported with --portal` : 'Say what to import'}: an API token imports the roster only (import oneroster <file>). Other kinds run on the server, with --database-url, or at /admin/imports.`,
    );
    return EXIT.usage;
  }
  if (paths.length === 0) {
    err(
      'Name the files to import: schoolgate --portal URL --token-file FILE import oneroster roster.zip',
    );
    return EXIT.usage;
  }
  const files = readFiles(paths, options.cwd);
  if ('usage' in files) {
    err(files.usage);
    return EXIT.usage;
  }
  if ('failure' in files) {
    err(files.failure);
    return EXIT.failed;
  }
  return async (client) => {
    const input = {
      files: files.map((f) => ({ name: f.name, base64: Buffer.from(f.data).toString('base64') })),
      ...(options.full !== undefined ? { full: options.full } : {}),
    };
    const result = options.apply
      ? await client.tools.roster.run.mutate(input)
      : await client.tools.roster.preview.mutate(input);
    return printImportResult(result, files, { apply: options.apply, json: options.json }, out);
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `export attendance --from … --to …`: the marks for an SMS provider, as CSV or JSON. */
function exportRun(options: RemoteOptions, out: Output, err: Output): Run | number {
  const format = options.format ?? (options.json ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json') {
    err(`--format is csv or json, not "${format}".\n${EXPORT_USAGE}`);
    return EXIT.usage;
  }
  if (options.json && format !== 'json') {
    err(`--json prints JSON: leave out --format csv, or --json.\n${EXPORT_USAGE}`);
    return EXIT.usage;
  }
  for (const [flag, value] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (value === undefined || !DATE.test(value)) {
      err(
        `${value === undefined ? `Say ${flag}` : `${flag} ${value} is not a date`}: give it as YYYY-MM-DD, like 2026-12-07.\n${EXPORT_USAGE}`,
      );
      return EXIT.usage;
    }
  }
  return async (client) => {
    const rows = await client.tools.attendance.marks.query({
      from: options.from!,
      to: options.to!,
      ...(options.unexplained ? { unexplainedOnly: true } : {}),
    });
    if (format === 'json') out(JSON.stringify(rows));
    else out(attendanceExportCsv(rows).replace(/\r\n$/, ''));
    return EXIT.ok;
  };
}

/** Pages fetched at most by one `audit list`: 50 pages of 200 entries, well under the rate limit. */
const AUDIT_MAX_PAGES = 50;

/**
 * `audit list --from … --to … [--action …]`: the audit log for those days, newest first, every page
 * of it (following the cursor), one line an entry or, with --json, one JSON array.
 */
function auditRun(options: RemoteOptions, out: Output, err: Output): Run | number {
  for (const [flag, value] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (value === undefined || !DATE.test(value)) {
      err(
        `${value === undefined ? `Say ${flag}` : `${flag} ${value} is not a date`}: give it as YYYY-MM-DD, like 2026-12-07.\n${AUDIT_USAGE}`,
      );
      return EXIT.usage;
    }
  }
  return async (client) => {
    type Entry = Awaited<ReturnType<typeof client.tools.audit.search.query>>['entries'][number];
    const entries: Entry[] = [];
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      if (page === AUDIT_MAX_PAGES) {
        err(
          `More than ${entries.length.toLocaleString('en-GB')} entries: only the newest are listed. Narrow the days or the --action to see the rest.`,
        );
        break;
      }
      const answer = await client.tools.audit.search.query({
        from: options.from!,
        to: options.to!,
        limit: 200,
        ...(options.action !== undefined ? { action: options.action } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      entries.push(...answer.entries);
      if (answer.nextCursor === null) break;
      cursor = answer.nextCursor;
    }
    if (options.json) out(JSON.stringify(entries));
    else {
      out(
        entries.length === 1
          ? '1 entry, newest first:'
          : `${entries.length} entries${entries.length ? ', newest first:' : '.'}`,
      );
      for (const e of entries) {
        const about = e.student?.name ? `; student ${e.student.name}` : '';
        const details = e.detailsText ? `; ${e.detailsText}` : '';
        out(`  ${e.at}  ${e.who}: ${e.actionLabel} (${e.action})${about}${details}`);
      }
    }
    return EXIT.ok;
  };
}

/**
 * Why a call failed, in plain English: the portal's own refusal (with what to do about a bad
 * token, a missing scope or the rate limit), or why it could not be reached at all.
 */
export function explainFailure(error: unknown, portal: string): string {
  const refused = schoolgateErrorOf(error);
  if (refused) {
    const fields = Object.entries(refused.fieldErrors).map(
      ([field, messages]) => `  ${field}: ${messages.join(' ')}`,
    );
    const lead =
      refused.code === 'UNAUTHORIZED'
        ? 'The portal did not accept the token (401)'
        : refused.code === 'FORBIDDEN'
          ? 'The token may not do this (403)'
          : refused.code === 'TOO_MANY_REQUESTS'
            ? 'Too many requests with this token (429)'
            : 'The portal refused';
    return [`${lead}: ${refused.message}`, ...fields].join('\n');
  }
  const status = (error as { meta?: { response?: { status?: number } } } | null)?.meta?.response
    ?.status;
  if (status === 413) {
    return `The portal at ${portal} refused the request as too large (413): an import takes at most 20 MB, and only with a token that has the roster:import scope.`;
  }
  if (status !== undefined) {
    return `The portal at ${portal} answered with an error (HTTP ${status}): is that the portal's address?`;
  }
  // fetch's own failure ("fetch failed") carries the system's reason (ECONNREFUSED, ENOTFOUND)
  // a few causes down.
  let detail = (error as Error).message;
  for (let at: unknown = error, depth = 0; at && depth < 5; depth++) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$|^UND_/.test(code)) {
      detail = code;
      break;
    }
    const message = (at as { message?: unknown }).message;
    if (typeof message === 'string' && message) detail = message;
    at = (at as { cause?: unknown }).cause;
  }
  return `Could not reach the portal at ${portal} (${detail}): check the address, and that the portal is running.`;
}

/** The token from its file; refused from a file others may read, or with no file named. */
function readToken(options: RemoteOptions, err: Output): string | null {
  if (!options.tokenFile) {
    err(
      'Name the file holding the API token: --token-file <file>. Tokens are never taken on the command line, where other users and logs can see them.',
    );
    return null;
  }
  const file = path.resolve(options.cwd, options.tokenFile);
  try {
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
      err(`${file} can be read by other users: run chmod 600 on it first.`);
      return null;
    }
    const token = readFileSync(file, 'utf8').trim();
    if (!token) {
      err(`${file} is empty: put the API token in it.`);
      return null;
    }
    return token;
  } catch (error) {
    err(`Cannot read the token file ${file}: ${(error as Error).message}`);
    return null;
  }
}
