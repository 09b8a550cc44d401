import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter, nextStepPath } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const me = await loadFromRouter(event, () => caller(event).auth.me());
  if (me.twoFactor !== 'verify') redirect(303, nextStepPath(me) ?? '/');
  return {};
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const result = await act(
      () => caller(event).twoFactor.verify({ code: String(form.get('code') ?? '') }),
      {},
    );
    if (!result.ok) return result.failure;
    // The next page load sees the verified session and sends the person on.
    redirect(303, '/');
  },
};
