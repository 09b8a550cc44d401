import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const stopped = await loadFromRouter(event, () =>
    caller(event).admin.imports.curtailments.list(),
  );
  return { stopped };
};

export const actions: Actions = {
  restore: async (event) => {
    const form = await event.request.formData();
    const fields = {
      id: String(form.get('id') ?? '').trim(),
      note: String(form.get('note') ?? '').trim(),
    };
    const name = String(form.get('name') ?? '').trim();
    const result = await act(
      () => caller(event).admin.imports.curtailments.restore(fields),
      fields,
    );
    if (!result.ok) return result.failure;
    return { done: `Access is restored for ${name || 'them'}.` };
  },
};
