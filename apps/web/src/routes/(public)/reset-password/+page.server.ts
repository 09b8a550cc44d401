import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const token = event.url.searchParams.get('token') ?? '';
  if (!token) return { status: { state: 'unknown' as const, message: 'This link is incomplete.' } };
  const status = await loadFromRouter(event, () => caller(event).auth.resetStatus({ token }));
  return { status };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const text = (name: string) => String(form.get(name) ?? '');
    const result = await act(
      () =>
        caller(event).auth.resetPassword({
          token: event.url.searchParams.get('token') ?? '',
          newPassword: text('newPassword'),
          confirmPassword: text('confirmPassword'),
        }),
      {},
    );
    if (!result.ok) return result.failure;
    return { reset: true };
  },
};
