import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const requests = await loadFromRouter(event, () => caller(event).changeRequests.mine());
  return { requests };
};
