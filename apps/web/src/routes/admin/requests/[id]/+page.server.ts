import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

export const load: PageServerLoad = async (event) => {
  const request = await loadFromRouter(event, () =>
    caller(event).admin.changeRequests.get({ requestId: event.params.id }),
  );
  return { request, submissionKey: newSubmissionKey() };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions: Actions = {
  reply: async (event) => {
    const form = await event.request.formData();
    const fields = { formName: 'reply' as const, reply: text(form, 'reply') };
    const result = await act(
      () =>
        caller(event).admin.changeRequests.reply({
          requestId: event.params.id,
          reply: fields.reply,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { done: result.value.message };
  },
  accept: async (event) => {
    const form = await event.request.formData();
    const fields = { formName: 'accept' as const, reply: text(form, 'reply') };
    const result = await act(
      () =>
        caller(event).admin.changeRequests.accept({
          requestId: event.params.id,
          reply: fields.reply || undefined,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { done: result.value.message };
  },
  reject: async (event) => {
    const form = await event.request.formData();
    const fields = { formName: 'reject' as const, reply: text(form, 'reply') };
    const result = await act(
      () =>
        caller(event).admin.changeRequests.reject({
          requestId: event.params.id,
          reply: fields.reply,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { done: result.value.message };
  },
};
