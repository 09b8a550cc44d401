import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const record = await loadFromRouter(event, () =>
    caller(event).admin.students.get({ studentId: event.params.id }),
  );
  return { details: record.details };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    // What was typed comes back to the form if anything is wrong.
    const fields = {
      forename: text(form, 'forename'),
      surname: text(form, 'surname'),
      preferredName: text(form, 'preferredName'),
      dateOfBirth: text(form, 'dateOfBirth'),
      upn: text(form, 'upn'),
      yearGroup: text(form, 'yearGroup'),
      form: text(form, 'form'),
      admissionDate: text(form, 'admissionDate'),
      leavingDate: text(form, 'leavingDate'),
    };
    const result = await act(
      () =>
        caller(event).admin.students.update({
          studentId: event.params.id,
          ...fields,
          // Blank fields are cleared; the router checks every value in plain English.
          yearGroup: (fields.yearGroup === '' ? undefined : Number(fields.yearGroup)) as number,
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    const saved =
      result.value.changed.length === 0 ? 'unchanged' : result.value.leftRoll ? 'left' : 'saved';
    redirect(303, `/admin/students/${event.params.id}?saved=${saved}`);
  },
};
