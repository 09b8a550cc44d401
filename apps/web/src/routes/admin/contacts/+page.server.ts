import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const search = event.url.searchParams.get('q')?.trim() ?? '';
  const contacts =
    search.length >= 2
      ? await loadFromRouter(event, () => caller(event).admin.access.contacts.search({ search }))
      : null;
  return { search, contacts };
};
