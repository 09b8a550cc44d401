import { z } from 'zod';
import { plannedChangesCsv } from './changes-csv';
import { listCurtailments, restoreCurtailedAccess } from './curtailment-review';
import { IMPORTERS } from './registry';
import { runImport } from './run-import';
import { IMPORT_KINDS } from './types';
import { decodeFiles, importFiles } from './upload';
import { router, staffProcedure } from '../core';
import { confirmLeaver, dismissLeaver, listLeaverProposals } from '../students';

const importInput = z.object({
  kind: z.enum(IMPORT_KINDS, 'Choose what kind of data to import.'),
  files: importFiles,
  /** A full roster lists every student on roll (the default for OneRoster). */
  full: z.boolean().optional(),
});

const proposalId = z.uuid('That is not a valid proposal reference.');

export const adminImportsRouter = router({
  /** The kinds of import available, in the order staff see them. */
  kinds: staffProcedure('office').query(() =>
    IMPORT_KINDS.flatMap((kind) => {
      const importer = IMPORTERS[kind];
      return importer ? [{ kind, label: importer.label, description: importer.description }] : [];
    }),
  ),

  /** A dry run: what the import would add, change and leave, and every bad row. Writes nothing. */
  preview: staffProcedure('office')
    .input(importInput)
    .mutation(({ ctx, input }) =>
      runImport(ctx.db, {
        kind: input.kind,
        files: decodeFiles(input.files),
        apply: false,
        full: input.full,
        now: ctx.now(),
        userId: ctx.user.id,
      }),
    ),

  /**
   * The dry run's full list of changes as a CSV file (formula-safe), for the "download the full
   * list" link: the page shows only the first of each kind. Runs the dry run again on the same
   * files, so it writes nothing and holds nothing between requests.
   */
  changesCsv: staffProcedure('office')
    .input(importInput)
    .mutation(async ({ ctx, input }) => {
      const result = await runImport(ctx.db, {
        kind: input.kind,
        files: decodeFiles(input.files),
        apply: false,
        full: input.full,
        now: ctx.now(),
        userId: ctx.user.id,
      });
      return {
        fileName: `${input.kind}-dry-run-changes.csv`,
        csv: plannedChangesCsv(result.changes),
        rows: result.changes.length,
      };
    }),

  /**
   * Applies an import, all or nothing ("apply" is a name tRPC keeps for itself). With any bad row nothing is written and the result says
   * so (`applied: false`) with every problem.
   */
  run: staffProcedure('office')
    .input(importInput)
    .mutation(({ ctx, input }) =>
      runImport(ctx.db, {
        kind: input.kind,
        files: decodeFiles(input.files),
        apply: true,
        full: input.full,
        now: ctx.now(),
        userId: ctx.user.id,
        ip: ctx.meta.ip,
        userAgent: ctx.meta.userAgent,
      }),
    ),

  leavers: router({
    /** Students missing from a full roster import, and the decisions of the last month. */
    list: staffProcedure('office').query(({ ctx }) => listLeaverProposals(ctx)),
    /** They have left: sets their leaving date. */
    confirm: staffProcedure('office')
      .input(
        z.object({
          proposalId,
          leavingDate: z.iso.date('Enter the leaving date as a real date, for example 2026-07-22.'),
        }),
      )
      .mutation(({ ctx, input }) => confirmLeaver(ctx, input)),
    /** They are staying: closes the proposal and changes nothing else. */
    dismiss: staffProcedure('office')
      .input(z.object({ proposalId }))
      .mutation(({ ctx, input }) => dismissLeaver(ctx, input)),
  }),

  /** Access the school's system curtailed at an import: for the office to confirm or restore. */
  curtailments: router({
    list: staffProcedure('office').query(({ ctx }) => listCurtailments(ctx)),
    /** Restores the access after checking, with a note saying why. */
    restore: staffProcedure('office')
      .input(
        z.object({
          id: z.uuid('Choose a stop on access from the list.'),
          note: z
            .string()
            .trim()
            .min(1, 'Say why access is restored, for example who you spoke to.')
            .max(1000, 'Keep the note under 1,000 characters.'),
        }),
      )
      .mutation(({ ctx, input }) => restoreCurtailedAccess(ctx, input)),
  }),
});
