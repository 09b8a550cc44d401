import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

/** One conversation; opening it marks it read. */
export const load: PageServerLoad = async (event) => {
  const threadId = event.params.id;
  const thread = await loadFromRouter(event, () => caller(event).messages.thread({ threadId }));
  if (thread.thread.unread > 0) {
    await loadFromRouter(event, () => caller(event).messages.markRead({ threadId }));
  }
  return {
    ...thread,
    sent: event.url.searchParams.get('sent') === '1',
    submissionKey: newSubmissionKey(),
  };
};

export const actions: Actions = {
  reply: async (event) => {
    const form = await event.request.formData();
    const body = String(form.get('body') ?? '');
    const result = await act(
      () =>
        caller(event).messages.reply({
          threadId: event.params.id,
          body,
          submissionKey: submissionKeyOf(form),
        }),
      { body },
    );
    if (!result.ok) return result.failure;
    return { done: result.value.message };
  },
};
