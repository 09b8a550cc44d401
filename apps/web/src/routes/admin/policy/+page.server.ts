import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { todayInUk } from '$lib/format-date';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

export const load: PageServerLoad = async (event) => {
  const list = await loadFromRouter(event, () => caller(event).admin.policy.list());
  // Only a hint for which controls to show: the router decides who may publish.
  const canPublish = event.locals.ctx.user?.roles.includes('admin') ?? false;
  return { ...list, canPublish, today: todayInUk(), submissionKey: newSubmissionKey() };
};

export const actions: Actions = {
  publish: async (event) => {
    const form = await event.request.formData();
    const fields = {
      title: String(form.get('title') ?? ''),
      effectiveDate: String(form.get('effectiveDate') ?? '').trim(),
      bodyMarkdown: String(form.get('bodyMarkdown') ?? ''),
    };
    const result = await act(
      () => caller(event).admin.policy.publish({ ...fields, submissionKey: submissionKeyOf(form) }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { published: { id: result.value.id, title: result.value.title } };
  },
};
