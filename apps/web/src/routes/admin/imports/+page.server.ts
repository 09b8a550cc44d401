import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const kinds = await loadFromRouter(event, () => caller(event).admin.imports.kinds());
  // Other pages link to one kind as /admin/imports?kind=reports.
  const wanted = event.url.searchParams.get('kind');
  if (wanted && kinds.some((k) => k.kind === wanted)) redirect(303, `/admin/imports/${wanted}`);
  return { kinds };
};
