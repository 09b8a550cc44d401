import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { caller } from '$lib/server/router';

// Signing out is a POST only: a link or an image must not be able to sign someone out.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    if (event.locals.ctx.user) await caller(event).auth.signOut();
    redirect(303, '/signin?signedOut=1');
  },
};
