import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

/** Anyone may read it, signed in or not: the school's own text, or the built-in one. */
export const load: PageServerLoad = async (event) => ({
  page: await loadFromRouter(event, () =>
    caller(event).school.publicPage({ page: 'accessibility' }),
  ),
});
