import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

/** The family's conversations with the school, newest first (issue 13). */
export const load: PageServerLoad = async (event) => {
  const threads = await loadFromRouter(event, () => caller(event).messages.mine());
  return { threads };
};
