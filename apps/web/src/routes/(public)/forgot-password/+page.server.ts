import type { Actions, PageServerLoad } from './$types';
import { act, caller } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

export const load: PageServerLoad = () => ({ submissionKey: newSubmissionKey() });

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const identifier = String(form.get('identifier') ?? '');
    const result = await act(
      () =>
        caller(event).auth.requestPasswordReset({
          identifier,
          submissionKey: submissionKeyOf(form),
        }),
      { identifier },
    );
    if (!result.ok) return result.failure;
    return { requested: true };
  },
};
