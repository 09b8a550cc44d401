import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const search = event.url.searchParams.get('q')?.trim().slice(0, 100) ?? '';
  const staff = await loadFromRouter(event, () =>
    caller(event).admin.staff.list(search ? { search } : {}),
  );
  return { search, staff };
};
