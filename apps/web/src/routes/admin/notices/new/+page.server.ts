import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';
import { draftInput, readNoticeForm, saveInput } from '../notice-form';

export const load: PageServerLoad = async (event) => {
  const choices = await loadFromRouter(event, () => caller(event).admin.notices.choices());
  return { ...choices, submissionKey: newSubmissionKey() };
};

export const actions: Actions = {
  /** Renders the body and works out whom it would reach; saves nothing. */
  preview: async (event) => {
    const form = await event.request.formData();
    const values = readNoticeForm(form);
    const result = await act(() => caller(event).admin.notices.preview(draftInput(values)), {
      values,
    });
    if (!result.ok) return result.failure;
    return { values, preview: result.value };
  },
  save: async (event) => {
    const form = await event.request.formData();
    const values = readNoticeForm(form);
    const input = { ...(await saveInput(values, form)), submissionKey: submissionKeyOf(form) };
    const result = await act(() => caller(event).admin.notices.save(input), { values });
    if (!result.ok) return result.failure;
    redirect(303, `/admin/notices/${result.value.id}?saved=${result.value.status}`);
  },
};
