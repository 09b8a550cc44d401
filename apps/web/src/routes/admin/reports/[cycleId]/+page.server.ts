import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const detail = await loadFromRouter(event, () =>
    caller(event).admin.reports.cycle({ cycleId: event.params.cycleId }),
  );
  const created = Number(event.url.searchParams.get('created'));
  return { ...detail, created: Number.isInteger(created) && created > 0 ? created : null };
};

export const actions: Actions = {
  publishNow: async (event) => {
    const result = await act(
      () => caller(event).admin.reports.publish({ cycleId: event.params.cycleId }),
      { publishAt: '' },
    );
    if (!result.ok) return result.failure;
    return { done: 'Published. Parents and students can now see these reports.' };
  },
  schedule: async (event) => {
    const form = await event.request.formData();
    const publishAt = String(form.get('publishAt') ?? '').trim();
    const result = await act(
      () => caller(event).admin.reports.publish({ cycleId: event.params.cycleId, publishAt }),
      { publishAt },
    );
    if (!result.ok) return result.failure;
    return {
      done: 'Scheduled. Parents and students will see these reports from the time you chose.',
    };
  },
  unpublish: async (event) => {
    const result = await act(
      () => caller(event).admin.reports.unpublish({ cycleId: event.params.cycleId }),
      { publishAt: '' },
    );
    if (!result.ok) return result.failure;
    return { done: 'The cycle is a draft again: nobody outside the school can see it.' };
  },
};
