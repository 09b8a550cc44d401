import type { Actions, PageServerLoad } from './$types';
import { act, caller } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

const CHILD_ROWS = 4;

export const load: PageServerLoad = () => ({ submissionKey: newSubmissionKey() });

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const children = Array.from({ length: CHILD_ROWS }, (_, i) => ({
      forename: text(`child${i}Forename`),
      surname: text(`child${i}Surname`),
      dateOfBirth: text(`child${i}DateOfBirth`),
    })).filter((child, i) => i === 0 || child.forename || child.surname || child.dateOfBirth);
    const fields = {
      forename: text('forename'),
      surname: text('surname'),
      email: text('email'),
      phone: text('phone'),
      relationship: text('relationship'),
      children,
    };
    const result = await act(
      () =>
        caller(event).accessRequests.submit({
          ...fields,
          phone: fields.phone || undefined,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { received: true };
  },
};
