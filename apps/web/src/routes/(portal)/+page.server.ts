import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter, signInRedirect } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const user = event.locals.ctx.user;
  if (!user) signInRedirect(event.url);
  if (user.kind === 'staff') redirect(303, '/admin');
  const home = await loadFromRouter(event, () => caller(event).portal.home());
  return { home, kind: user.kind };
};
