import type { Actions } from './$types';
import { act, caller } from '$lib/server/router';

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const identifier = String(form.get('identifier') ?? '');
    const result = await act(() => caller(event).auth.requestPasswordReset({ identifier }), {
      identifier,
    });
    if (!result.ok) return result.failure;
    return { requested: true };
  },
};
