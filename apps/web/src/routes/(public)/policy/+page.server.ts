import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

/** The version the school has published, if any; the page falls back to its built-in text. */
export const load: PageServerLoad = async (event) => ({
  policy: await loadFromRouter(event, () => caller(event).policy.current()),
});
