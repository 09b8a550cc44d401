import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { todayInUk } from '$lib/format-date';

export const load: PageServerLoad = async (event) => {
  const list = await loadFromRouter(event, () => caller(event).admin.policy.list());
  // Only a hint for which controls to show: the router decides who may publish.
  const canPublish = event.locals.ctx.user?.roles.includes('admin') ?? false;
  return { ...list, canPublish, today: todayInUk() };
};

export const actions: Actions = {
  publish: async (event) => {
    const form = await event.request.formData();
    const fields = {
      title: String(form.get('title') ?? ''),
      effectiveDate: String(form.get('effectiveDate') ?? '').trim(),
      bodyMarkdown: String(form.get('bodyMarkdown') ?? ''),
    };
    const result = await act(() => caller(event).admin.policy.publish(fields), fields);
    if (!result.ok) return result.failure;
    return { published: { id: result.value.id, title: result.value.title } };
  },
};
