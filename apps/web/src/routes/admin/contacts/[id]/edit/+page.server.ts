import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const record = await loadFromRouter(event, () =>
    caller(event).admin.contacts.get({ contactId: event.params.id }),
  );
  return { record };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    // What was typed comes back to the form if anything is wrong.
    const fields = {
      title: text(form, 'title'),
      forename: text(form, 'forename'),
      surname: text(form, 'surname'),
      email: text(form, 'email'),
      phoneMobile: text(form, 'phoneMobile'),
      phoneHome: text(form, 'phoneHome'),
      phoneWork: text(form, 'phoneWork'),
      addressLine1: text(form, 'addressLine1'),
      addressLine2: text(form, 'addressLine2'),
      town: text(form, 'town'),
      postcode: text(form, 'postcode'),
    };
    // Blank fields are cleared; the router checks every value in plain English.
    const result = await act(
      () => caller(event).admin.contacts.update({ contactId: event.params.id, ...fields }),
      fields,
    );
    if (!result.ok) return result.failure;
    const saved =
      result.value.changed.length === 0
        ? 'unchanged'
        : result.value.accountEmail
          ? 'email'
          : 'saved';
    redirect(303, `/admin/contacts/${event.params.id}?saved=${saved}`);
  },
};
