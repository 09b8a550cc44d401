import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// Anyone with a working session has nothing to be told here.
export const load: PageServerLoad = ({ locals }) => {
  if (locals.ctx.user) redirect(303, '/');
};
