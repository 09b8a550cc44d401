import { error, fail } from '@sveltejs/kit';
import type { RouterOutputs } from '@schoolgate/api';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { fullFrom, stagedFrom, type StagedFile } from '$lib/server/staged-import';

// The page needs no script: its forms post as they are. Without hydration the staged files in
// the apply form are sent to the browser once (in the form), not twice.
export const csr = false;

/** The most one import takes, all files together (the router checks it too). */
const MAX_BYTES = 20 * 1024 * 1024;
/** More problems than this are counted, not listed: fix the first ones and check again. */
const SHOWN_PROBLEMS = 500;

type ImportKind = RouterOutputs['admin']['imports']['kinds'][number]['kind'];
type ImportResult = RouterOutputs['admin']['imports']['preview'];

export const load: PageServerLoad = async (event) => {
  const kinds = await loadFromRouter(event, () => caller(event).admin.imports.kinds());
  const importer = kinds.find((k) => k.kind === event.params.kind);
  if (!importer) error(404, 'There is no such import.');
  return { importer, maxMegabytes: MAX_BYTES / 1024 / 1024 };
};

/** The first records of each kind the page lists; the full list is a CSV download. */
const SHOWN_CHANGES = 50;

/**
 * The records an import adds, changes, removes or curtails, kind by kind in the order the router
 * gives them, with the first few of each: a long list would make the page unusable.
 */
function changesByKind(changes: ImportResult['changes']) {
  const kinds = new Map<string, { kind: string; total: number; records: typeof changes }>();
  for (const change of changes) {
    let group = kinds.get(change.kind);
    if (!group) kinds.set(change.kind, (group = { kind: change.kind, total: 0, records: [] }));
    group.total++;
    if (group.records.length < SHOWN_CHANGES) group.records.push(change);
  }
  return [...kinds.values()];
}

/**
 * What the page shows of a dry run or a refused import: counts, notes, the first records of each
 * kind that change, and the first problems.
 */
function shown(result: ImportResult) {
  return {
    summary: result.summary,
    changes: changesByKind(result.changes),
    problems: result.problems.slice(0, SHOWN_PROBLEMS),
    problemCount: result.problems.length,
  };
}

export const actions: Actions = {
  /** Reads the chosen files and runs the dry run; the files come back in the apply form. */
  preview: async (event) => {
    const kind = event.params.kind as ImportKind;
    const form = await event.request.formData();
    // Only a roster can be full or partial; other kinds leave it to their importer.
    const full = kind === 'oneroster' ? form.get('full') === 'on' : undefined;
    const chosen = form.getAll('files').filter((f): f is File => f instanceof File && f.size > 0);
    if (chosen.length === 0) {
      return fail(400, { step: 'preview' as const, full, message: 'Choose at least one file.' });
    }
    const bytes = chosen.reduce((sum, f) => sum + f.size, 0);
    if (bytes > MAX_BYTES) {
      return fail(400, {
        step: 'preview' as const,
        full,
        message: `The files come to ${(bytes / 1024 / 1024).toFixed(1)} MB; one import takes at most 20 MB. Zip them, or import them in parts.`,
      });
    }
    const files: StagedFile[] = await Promise.all(
      chosen.map(async (f) => ({
        name: f.name,
        base64: Buffer.from(await f.arrayBuffer()).toString('base64'),
      })),
    );
    const result = await act(() => caller(event).admin.imports.preview({ kind, files, full }), {
      step: 'preview' as const,
      full,
    });
    if (!result.ok) return result.failure;
    return {
      step: 'preview' as const,
      full,
      fileNames: files.map((f) => f.name),
      staged: result.value.problems.length === 0 ? JSON.stringify(files) : null,
      ...shown(result.value),
    };
  },

  /** Applies the files the dry run checked, posted back from the page. */
  apply: async (event) => {
    const kind = event.params.kind as ImportKind;
    const form = await event.request.formData();
    const full = fullFrom(form.get('full'));
    const files = stagedFrom(form.get('staged'));
    if (!files) {
      return fail(400, {
        step: 'preview' as const,
        full,
        message: 'The files did not come through. Please choose them again and check them.',
      });
    }
    const result = await act(() => caller(event).admin.imports.run({ kind, files, full }), {
      step: 'preview' as const,
      full,
    });
    if (!result.ok) return result.failure;
    if (!result.value.applied) {
      // Something changed since the dry run: nothing was written; show why.
      return {
        step: 'preview' as const,
        full,
        fileNames: files.map((f) => f.name),
        staged: null,
        refused: true,
        ...shown(result.value),
      };
    }
    return {
      step: 'done' as const,
      full,
      fileNames: files.map((f) => f.name),
      ...shown(result.value),
    };
  },
};
