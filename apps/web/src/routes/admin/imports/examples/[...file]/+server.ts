import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

// The documented example files live once, under docs/imports/examples; the build carries them in.
const PREFIX = '../../../../../../../../docs/imports/examples/';
const EXAMPLES = Object.fromEntries(
  Object.entries(
    import.meta.glob('../../../../../../../../docs/imports/examples/**/*.csv', {
      query: '?raw',
      import: 'default',
      eager: true,
    }) as Record<string, string>,
  ).map(([path, text]) => [path.slice(PREFIX.length), text]),
);

/** An example import file, for the staff who may import. */
export const GET: RequestHandler = async (event) => {
  // The role check: only those who may import see the examples. A refusal is the sign-in page or a
  // 403 page, as for any other staff page, never an unexpected error.
  await loadFromRouter(event, () => caller(event).admin.imports.kinds());
  const text = EXAMPLES[event.params.file];
  if (text === undefined) error(404, 'There is no example file with that name.');
  const name = event.params.file.split('/').at(-1) ?? 'example.csv';
  return new Response(text, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'X-Content-Type-Options': 'nosniff',
    },
  });
};
