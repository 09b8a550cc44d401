import type { Actions, PageServerLoad } from './$types';
import { redirect } from '@sveltejs/kit';
import { act, caller, load as loadFromRouter, nextStepPath } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const me = await loadFromRouter(event, () => caller(event).auth.me());
  // The second factor comes before anything else, changing a password included.
  if (me.twoFactor === 'verify' || me.twoFactor === 'enrol') redirect(303, nextStepPath(me)!);
  return {
    mustChangePassword: me.mustChangePassword,
    homePath: me.kind === 'staff' ? '/admin' : '/',
  };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const text = (name: string) => String(form.get(name) ?? '');
    const result = await act(
      () =>
        caller(event).account.changePassword({
          currentPassword: text('currentPassword'),
          newPassword: text('newPassword'),
          confirmPassword: text('confirmPassword'),
        }),
      {},
    );
    if (!result.ok) return result.failure;
    return { changed: true, otherSessionsEnded: result.value.otherSessionsEnded };
  },
};
