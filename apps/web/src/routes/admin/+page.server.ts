import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import {
  caller,
  CHANGE_PASSWORD_PATH,
  load as loadFromRouter,
  REQUIRED_ACTION_PATHS,
} from '$lib/server/router';
import { navFor } from '$lib/admin-nav';

export const load: PageServerLoad = async (event) => {
  const me = await loadFromRouter(event, () => caller(event).auth.me());
  if (me.mustChangePassword) redirect(303, CHANGE_PASSWORD_PATH);
  if (me.mustAcceptPolicy) redirect(303, REQUIRED_ACTION_PATHS.accept_policy);
  if (me.kind !== 'staff') error(403, 'The staff section is for school staff and governors only.');
  return { me, nav: navFor(me.roles) };
};
