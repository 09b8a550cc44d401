import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => ({
  groups: await loadFromRouter(event, () => caller(event).teaching.myGroups()),
});
