import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(event.params.slug)) {
    error(404, 'We could not find that page.');
  }
  const page = await loadFromRouter(event, () =>
    caller(event).information.page({ slug: event.params.slug }),
  );
  return { page };
};
