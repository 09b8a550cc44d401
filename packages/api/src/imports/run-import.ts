import { recordAudit, schoolDate, loadSettings, type Database } from '@schoolgate/db';
import { sql } from 'kysely';
import { AppError } from '../core';
import { IMPORTERS } from './registry';
import type { ImportFile, ImportKind, ImportProblem, ImportSummary, PlannedChange } from './types';

export interface ImportResult {
  kind: ImportKind;
  applied: boolean;
  summary: ImportSummary;
  problems: ImportProblem[];
  /** Each record the import adds, changes, removes or curtails (or would), for staff to read. */
  changes: PlannedChange[];
  importRunId: string | null;
}

export interface RunImportOptions {
  kind: ImportKind;
  files: readonly ImportFile[];
  /** false: a dry run, which writes nothing. */
  apply: boolean;
  now: Date;
  userId: string | null;
  ip?: string | null;
  userAgent?: string | null;
  progress?: (done: number, total: number, stage: string) => void;
  /** See `ImportOptions.full`. */
  full?: boolean | undefined;
  /** The API token that asked for the import (issue 15): named in its audit entry. */
  apiToken?: { id: string; name: string } | undefined;
}

/**
 * The one way an import runs, for the admin page and the CLI alike. The plan is made inside a
 * transaction; a dry run (or any bad row) rolls it back having written nothing, and applying
 * writes every row, the import's record and its audit entry in that one transaction.
 */
export async function runImport(db: Database, options: RunImportOptions): Promise<ImportResult> {
  const importer = IMPORTERS[options.kind];
  if (!importer) throw new AppError('bad_input', 'That kind of import is not available.');
  if (options.files.length === 0)
    throw new AppError('bad_input', 'Choose at least one file to import.');
  const settings = await loadSettings(db);
  const today = schoolDate(options.now, settings.time_zone);
  const rollback = new Error('dry run');
  let result: ImportResult | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      // One import at a time: two at once could each plan against rows the other is changing.
      await sql`select pg_advisory_xact_lock(hashtext('schoolgate.import'))`.execute(trx);
      const plan = await importer.plan(
        trx,
        options.files,
        { now: options.now, userId: options.userId, today, full: options.full },
        options.progress,
      );
      const base = {
        kind: options.kind,
        summary: plan.summary,
        problems: plan.problems,
        changes: plan.changes ?? [],
      };
      if (!options.apply || plan.problems.length > 0) {
        result = { ...base, applied: false, importRunId: null };
        throw rollback;
      }
      const run = await trx
        .insertInto('import_runs')
        .values({
          kind: options.kind,
          file_names: options.files.map((f) => f.name),
          applied_by_user_id: options.userId,
          applied_at: options.now,
          summary: JSON.stringify(plan.summary),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const applied = await plan.apply(trx, { importRunId: run.id });
      await recordAudit(trx, {
        at: options.now,
        action: `import.${options.kind}`,
        actorUserId: options.userId,
        ip: options.ip ?? null,
        userAgent: options.userAgent ?? null,
        details: {
          import_run_id: run.id,
          files: options.files.map((f) => f.name),
          summary: plan.summary,
          // So that searching the audit log by student finds the import (P10).
          student_ids: [...new Set(plan.studentIds)],
          ...(applied ? applied.auditDetails : {}),
          // Only the command line imports without a signed-in user; a token imports as its owner.
          ...(options.apiToken
            ? { via: 'api_token', token_id: options.apiToken.id, token_name: options.apiToken.name }
            : { via: options.userId === null ? 'cli' : 'web' }),
        },
      });
      result = { ...base, applied: true, importRunId: run.id };
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  if (!result) throw new Error('runImport: no result');
  return result;
}
