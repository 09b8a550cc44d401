import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const me = await loadFromRouter(event, () => caller(event).auth.me());
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
