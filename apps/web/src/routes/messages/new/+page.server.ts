import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

/**
 * "Write a message" about one child. With several children the page first asks which one
 * (?student=<id>), because whom to write to depends on the child: the office, and the staff who
 * teach that child.
 */
export const load: PageServerLoad = async (event) => {
  const form = await loadFromRouter(event, () => caller(event).messages.form());
  const wanted = event.url.searchParams.get('student');
  const child =
    form.children.find((c) => c.id === wanted) ??
    (form.children.length === 1 ? form.children[0] : undefined) ??
    null;
  return { ...form, child, submissionKey: newSubmissionKey() };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const text = (name: string) => String(form.get(name) ?? '');
    const typed = {
      studentId: text('studentId'),
      to: text('to'),
      subject: text('subject'),
      body: text('body'),
    };
    const result = await act(
      () =>
        caller(event).messages.start({
          ...typed,
          submissionKey: submissionKeyOf(form),
        }),
      { typed },
    );
    if (!result.ok) return result.failure;
    redirect(303, `/messages/${result.value.threadId}?sent=1`);
  },
};
