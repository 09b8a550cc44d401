import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter, nextStepPath } from '$lib/server/router';
import type { StaffRole } from '@schoolgate/api';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

export const load: PageServerLoad = async (event) => {
  // Only administrators see the form; the router makes the same check when it is sent.
  const me = await loadFromRouter(event, () => caller(event).auth.me());
  const outstanding = nextStepPath(me);
  if (outstanding) redirect(303, outstanding);
  if (!me.roles.includes('admin')) error(403, 'You do not have access to this.');
  return { submissionKey: newSubmissionKey() };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const fields = {
      title: text(form, 'title'),
      forename: text(form, 'forename'),
      surname: text(form, 'surname'),
      email: text(form, 'email'),
      roles: form.getAll('roles').map(String) as StaffRole[],
    };
    const result = await act(
      () =>
        caller(event).admin.staff.create({
          ...fields,
          title: fields.title || undefined,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    redirect(303, `/admin/staff/${result.value.staffId}?made=1`);
  },
};
