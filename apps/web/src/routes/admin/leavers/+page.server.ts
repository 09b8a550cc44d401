import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { formatCalendarDate } from '$lib/format-date';

export const load: PageServerLoad = async (event) => {
  const leavers = await loadFromRouter(event, () => caller(event).admin.imports.leavers.list());
  return { leavers };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions: Actions = {
  confirm: async (event) => {
    const form = await event.request.formData();
    const fields = { proposalId: text(form, 'proposalId'), leavingDate: text(form, 'leavingDate') };
    const result = await act(() => caller(event).admin.imports.leavers.confirm(fields), fields);
    if (!result.ok) return result.failure;
    return {
      done: `${result.value.name} is recorded as having left on ${formatCalendarDate(result.value.leavingDate)}. Their parents’ access to their records ends after that date.`,
    };
  },
  dismiss: async (event) => {
    const form = await event.request.formData();
    const fields = { proposalId: text(form, 'proposalId') };
    const result = await act(() => caller(event).admin.imports.leavers.dismiss(fields), fields);
    if (!result.ok) return result.failure;
    return { done: `${result.value.name} stays on roll. Nothing about them has changed.` };
  },
};
