import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const sessions = await loadFromRouter(event, () => caller(event).sessions.list());
  return { sessions };
};

export const actions: Actions = {
  signOut: async (event) => {
    const form = await event.request.formData();
    const reference = String(form.get('reference') ?? '');
    const result = await act(() => caller(event).sessions.signOut({ reference }), {});
    if (!result.ok) return result.failure;
    // Only other sessions have a button, but a hand-made form could name this one.
    if (result.value.current) redirect(303, '/signin?signedOut=1');
    return { done: `Signed out of ${result.value.device}.` };
  },
  signOutOthers: async (event) => {
    const result = await act(() => caller(event).sessions.signOutOthers(), {});
    if (!result.ok) return result.failure;
    const { ended } = result.value;
    return {
      done:
        ended === 0
          ? 'You were not signed in anywhere else.'
          : `Signed out of ${ended === 1 ? '1 other session' : `${ended} other sessions`}. Only this device is still signed in.`,
    };
  },
};
