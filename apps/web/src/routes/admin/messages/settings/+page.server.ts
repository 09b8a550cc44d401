import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

/** The school's choices for messages (issue 13): administrators only; all off by default. */
export const load: PageServerLoad = async (event) => {
  const settings = await loadFromRouter(event, () => caller(event).admin.messages.settings());
  return { settings };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const typed = {
      contactsWithoutPrMayWrite: form.get('contactsWithoutPrMayWrite') === 'on',
      studentsMayMessageTeachers: form.get('studentsMayMessageTeachers') === 'on',
      replyNotice: String(form.get('replyNotice') ?? ''),
    };
    const result = await act(() => caller(event).admin.messages.updateSettings(typed), { typed });
    if (!result.ok) return result.failure;
    return { done: result.value.message };
  },
};
