import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

/** One conversation for staff; opening it marks it read for me. */
export const load: PageServerLoad = async (event) => {
  const threadId = event.params.id;
  const thread = await loadFromRouter(event, () =>
    caller(event).admin.messages.thread({ threadId }),
  );
  if (thread.thread.unread > 0) {
    await loadFromRouter(event, () => caller(event).admin.messages.markRead({ threadId }));
  }
  return { ...thread, submissionKey: newSubmissionKey() };
};

export const actions: Actions = {
  reply: async (event) => {
    const form = await event.request.formData();
    const body = String(form.get('body') ?? '');
    const result = await act(
      () =>
        caller(event).admin.messages.reply({
          threadId: event.params.id,
          body,
          submissionKey: submissionKeyOf(form),
        }),
      { body },
    );
    if (!result.ok) return result.failure;
    return { done: result.value.message };
  },
  close: async (event) => {
    const form = await event.request.formData();
    const result = await act(
      () =>
        caller(event).admin.messages.close({
          threadId: event.params.id,
          submissionKey: submissionKeyOf(form),
        }),
      { action: 'close' },
    );
    if (!result.ok) return result.failure;
    return { done: result.value.message };
  },
  assign: async (event) => {
    const form = await event.request.formData();
    const staffId = String(form.get('staffId') ?? '');
    const result = await act(
      () => caller(event).admin.messages.assign({ threadId: event.params.id, staffId }),
      { staffId, action: 'assign' },
    );
    if (!result.ok) return result.failure;
    return { done: result.value.message };
  },
};
