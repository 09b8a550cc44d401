import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  createSchoolgateClient,
  schoolgateErrorOf,
  type SchoolgateClient,
} from '@schoolgate/client';
import { EXIT } from './exit-codes';

type Output = (line: string) => void;

export interface RemoteOptions {
  /** The portal's address: `--portal https://portal.example-school.org.uk`. */
  portal: string;
  /** A file holding an API token (`--token-file`), relative to `cwd`. */
  tokenFile: string | undefined;
  notAcceptedPolicy: boolean;
  json: boolean;
  cwd: string;
  /** A fetch of the caller's (tests); the platform's by default. */
  fetch?: typeof globalThis.fetch;
}

/** The commands that work against a running portal with an API token (issue 15). */
export const REMOTE_COMMANDS = ['whoami', 'accounts list --not-accepted-policy'] as const;

/**
 * Runs a command on a portal over its API with an API token, instead of on a database: for a
 * school's scripts and cron jobs. Prints JSON with --json (and nothing else on stdout).
 */
export async function runRemote(
  words: string[],
  options: RemoteOptions,
  out: Output,
  err: Output,
): Promise<number> {
  const line = [...words, ...(options.notAcceptedPolicy ? ['--not-accepted-policy'] : [])].join(
    ' ',
  );
  if (!(REMOTE_COMMANDS as readonly string[]).includes(line)) {
    err(
      `"${line}" cannot run against a portal. With --portal these commands work: ${REMOTE_COMMANDS.join('; ')}. Other commands run on the server, with --database-url.`,
    );
    return EXIT.usage;
  }
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
    if (line === 'whoami') {
      const me = await client.tools.whoAmI.query();
      if (options.json) out(JSON.stringify(me));
      else out(`Token "${me.name}": ${me.scopes.join(', ')}; runs out ${me.expiresAt}.`);
    } else {
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
    }
    return EXIT.ok;
  } catch (error) {
    const refused = schoolgateErrorOf(error);
    err(
      refused
        ? `The portal refused: ${refused.message}`
        : `Could not reach the portal at ${options.portal}: ${(error as Error).message}`,
    );
    return EXIT.failed;
  }
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
