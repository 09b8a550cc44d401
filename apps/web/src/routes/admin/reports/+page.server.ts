import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

export const load: PageServerLoad = async (event) => {
  const view = await loadFromRouter(event, () => caller(event).admin.reports.cycles());
  return { ...view, submissionKey: newSubmissionKey() };
};

export const actions: Actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const fields = {
      name: String(form.get('name') ?? '').trim(),
      yearGroup: String(form.get('yearGroup') ?? ''),
    };
    const result = await act(
      () =>
        caller(event).admin.reports.createCycle({
          name: fields.name,
          // Nothing chosen reaches the router as NaN and gets its plain message.
          yearGroup: fields.yearGroup === '' ? Number.NaN : Number(fields.yearGroup),
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    redirect(303, `/admin/reports/${result.value.id}?created=${result.value.reports}`);
  },
};
