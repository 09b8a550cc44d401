import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const token = event.url.searchParams.get('token') ?? '';
  if (!token)
    return {
      status: { state: 'unknown' as const, message: 'This link is incomplete.', username: null },
    };
  const status = await loadFromRouter(event, () =>
    caller(event).account.activationStatus({ token }),
  );
  return { status };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const text = (name: string) => String(form.get(name) ?? '');
    const result = await act(
      () =>
        caller(event).account.activate({
          token: event.url.searchParams.get('token') ?? '',
          newPassword: text('newPassword'),
          confirmPassword: text('confirmPassword'),
          sharedDevice: form.get('sharedDevice') === 'on',
        }),
      {},
    );
    if (!result.ok) return result.failure;
    redirect(303, '/');
  },
};
