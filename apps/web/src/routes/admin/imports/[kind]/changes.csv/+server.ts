import { error } from '@sveltejs/kit';
import type { RouterOutputs } from '@schoolgate/api';
import type { RequestHandler } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';
import { fullFrom, stagedFrom } from '$lib/server/staged-import';

type ImportKind = RouterOutputs['admin']['imports']['kinds'][number]['kind'];

/**
 * The dry run's full list of changes as a CSV download: the page shows the first records of each
 * kind and posts its staged files here (the "Download the full list" button of the apply form).
 * The router runs the dry run again, so nothing is kept between requests and nothing is written;
 * formula-like cells are already plain text. A byte-order mark so spreadsheets read UTF-8.
 */
export const POST: RequestHandler = async (event) => {
  const form = await event.request.formData();
  const files = stagedFrom(form.get('staged'));
  if (!files)
    error(400, 'The files did not come through. Please choose them again and check them.');
  const kind = event.params.kind as ImportKind;
  const full = fullFrom(form.get('full'));
  const file = await loadFromRouter(event, () =>
    caller(event).admin.imports.changesCsv({ kind, files, full }),
  );
  const body = Buffer.from(`\uFEFF${file.csv}`, 'utf8');
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Length': String(body.length),
      'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
};
