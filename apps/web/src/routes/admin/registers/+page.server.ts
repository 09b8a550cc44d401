import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const options = await loadFromRouter(event, () => caller(event).admin.registers.options());
  return { options };
};
