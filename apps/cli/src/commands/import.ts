import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  IMPORT_KINDS,
  MAX_IMPORT_BYTES,
  IMPORTERS,
  runImport,
  type ImportFile,
  type ImportKind,
  type ImportResult,
} from '@schoolgate/api';
import { redact, type Database } from '@schoolgate/db';
import { EXIT } from '../exit-codes';
import { changeLines } from './import-changes';
import { openDatabase } from '../open-database';

type Output = (line: string) => void;

export interface ImportCommandOptions {
  apply: boolean;
  /** --full or --partial; undefined leaves the importer's default (OneRoster: full). */
  full: boolean | undefined;
  databaseUrl: string | undefined;
  /** The database when it is already open here (the portal running the command): kept open. */
  database?: Database;
  /** The folder relative file names start from. */
  cwd?: string;
  /** Where the progress bar is drawn; null prints each stage as a plain line instead. */
  terminal?: { write(text: string): unknown } | null;
  /** --json: the result as one JSON document on stdout for tools, and nothing else there. */
  json?: boolean;
}

export const IMPORT_USAGE =
  'Usage: schoolgate import <kind> <file, folder or zip>... [--apply] [--full | --partial] [--json]';

/** The files named on the command line: a folder gives its .csv and .zip files. */
export function readFiles(
  paths: string[],
  cwd: string,
): ImportFile[] | { usage: string } | { failure: string } {
  const named: string[] = [];
  for (const given of paths) {
    const where = path.resolve(cwd, given);
    let stat;
    try {
      stat = statSync(where);
    } catch {
      return { usage: `There is no file or folder "${given}".` };
    }
    const names = stat.isDirectory()
      ? readdirSync(where)
          .filter((name) => /\.(csv|zip)$/i.test(name))
          .sort()
          .map((name) => path.join(where, name))
      : [where];
    if (stat.isDirectory() && names.length === 0)
      return { usage: `The folder "${given}" has no .csv or .zip files.` };
    named.push(...names);
  }
  // The same limit as the web page, checked before anything is read into memory.
  const total = named.reduce((sum, name) => sum + statSync(name).size, 0);
  if (total > MAX_IMPORT_BYTES) {
    const mb = (total / 1024 / 1024).toFixed(1);
    return {
      failure: `The files come to ${mb} MB; one import takes at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Zip them, or import them in parts.`,
    };
  }
  return named.map((name) => ({
    name: path.basename(name),
    data: new Uint8Array(readFileSync(name)),
  }));
}

/** A one-line bar redrawn in place: [#########...........] 45% Writing students */
function progressBar(terminal: ImportCommandOptions['terminal'], err: Output) {
  let lastStage = '';
  let lastDrawn = '';
  return {
    update(done: number, total: number, stage: string) {
      if (!terminal) {
        if (stage !== lastStage) err(`${stage}…`);
        lastStage = stage;
        return;
      }
      const share = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(share * 20);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${stage}`;
      if (line !== lastDrawn) terminal.write(`\r${line}\x1b[K`);
      lastDrawn = line;
    },
    finish() {
      if (terminal && lastDrawn) terminal.write('\r\x1b[K');
    },
  };
}

/**
 * `schoolgate import <kind> <paths>...`: the same import as the admin page, as a dry run unless
 * --apply is given. Prints what would change and every problem as file:line: reason; exits 0 when
 * all is well, 1 with problems or a failure, 2 when the command line is wrong.
 */
export async function importCommand(
  args: string[],
  options: ImportCommandOptions,
  out: Output,
  err: Output,
): Promise<number> {
  const [kindName, ...paths] = args;
  const kinds = IMPORT_KINDS.filter((k) => IMPORTERS[k]);
  if (!kindName || !(kinds as readonly string[]).includes(kindName)) {
    err(
      `${kindName ? `There is no "${kindName}" import.` : 'Say what to import.'} Kinds: ${kinds.join(', ')}.\n${IMPORT_USAGE}`,
    );
    return EXIT.usage;
  }
  const kind = kindName as ImportKind;
  if (paths.length === 0) {
    err(`Name the files to import.\n${IMPORT_USAGE}`);
    return EXIT.usage;
  }
  const files = readFiles(paths, options.cwd ?? process.cwd());
  if ('usage' in files) {
    err(files.usage);
    return EXIT.usage;
  }
  if ('failure' in files) {
    err(files.failure);
    return EXIT.failed;
  }

  const url = options.databaseUrl;
  const db = options.database ?? openDatabase(url, err);
  if (!db) return EXIT.failed;
  const bar = progressBar(options.terminal ?? null, err);
  try {
    const result = await runImport(db, {
      kind,
      files,
      apply: options.apply,
      full: options.full,
      now: new Date(),
      userId: null,
      userAgent: 'schoolgate CLI',
      progress: (done, total, stage) => bar.update(done, total, stage),
    });
    bar.finish();
    return printImportResult(result, files, options, out);
  } catch (error) {
    bar.finish();
    const message = error instanceof Error ? error.message : String(error);
    err(`schoolgate import failed: ${url ? message.replaceAll(url, redact(url)) : message}`);
    return EXIT.failed;
  } finally {
    if (!options.database) await db.destroy();
  }
}

/**
 * What an import did or would do, for a person (counts, changes, every problem as file:line:
 * reason) or as one JSON document (--json); the exit code: 0 when all is well, 1 with problems.
 * The same output whether the import ran here or on a portal (--portal).
 */
export function printImportResult(
  result: Pick<
    ImportResult,
    'kind' | 'applied' | 'summary' | 'problems' | 'changes' | 'importRunId'
  >,
  files: readonly { name: string }[],
  options: { apply: boolean; json?: boolean | undefined },
  out: Output,
): number {
  const kind = result.kind as ImportKind;
  if (options.json) {
    // The same plan the page shows, every record of it; messages and progress go to stderr.
    out(
      JSON.stringify(
        {
          kind: result.kind,
          applied: result.applied,
          files: files.map((f) => f.name),
          summary: result.summary,
          problems: result.problems,
          changes: result.changes,
          importRunId: result.importRunId,
        },
        null,
        2,
      ),
    );
    return result.problems.length > 0 ? EXIT.failed : EXIT.ok;
  }
  const label = IMPORTERS[kind]?.label ?? kind;
  out(
    result.applied
      ? `${label}: imported ${files.length} file(s).`
      : `${label}: ${options.apply ? 'nothing imported' : 'dry run, nothing written'} (${files.length} file(s)).`,
  );
  for (const [name, c] of Object.entries(result.summary.counts)) {
    out(`  ${name}: ${c.add} to add, ${c.change} to change, ${c.unchanged} unchanged`);
  }
  for (const note of result.summary.notes) out(`  Note: ${note}`);
  if (result.changes.length > 0) {
    out(result.applied ? 'What was imported:' : 'What would change:');
    for (const text of changeLines(result.changes)) out(text);
  }
  if (result.problems.length > 0) {
    out(
      `${result.problems.length} problem(s), so nothing can be imported until they are put right:`,
    );
    for (const p of result.problems) {
      const at = p.line > 0 ? `:${p.line}${p.column ? `:${p.column}` : ''}` : '';
      out(`${p.file}${at}: ${p.message}`);
    }
    return EXIT.failed;
  }
  out(
    result.applied
      ? `Done: import run ${result.importRunId}.`
      : 'No problems found. Run the same command with --apply to import.',
  );
  return EXIT.ok;
}
