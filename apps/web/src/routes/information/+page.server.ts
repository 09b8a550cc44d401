import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => ({
  pages: await loadFromRouter(event, () => caller(event).information.list()),
});
