import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, nextStepPath } from '$lib/server/router';
import { safeNext } from '$lib/safe-next';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.ctx.user) redirect(303, safeNext(url.searchParams.get('next')));
  return { signedOut: url.searchParams.has('signedOut') };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const identifier = String(form.get('identifier') ?? '');
    const result = await act(
      () =>
        caller(event).auth.signIn({
          identifier,
          password: String(form.get('password') ?? ''),
          sharedDevice: form.get('sharedDevice') === 'on',
        }),
      { identifier },
    );
    if (!result.ok) return result.failure;
    redirect(303, nextStepPath(result.value) ?? safeNext(event.url.searchParams.get('next')));
  },
};
