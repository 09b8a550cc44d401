import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

export const load: PageServerLoad = async (event) => {
  const view = await loadFromRouter(event, () =>
    caller(event).behaviour.recordForm({ studentId: event.params.id }),
  );
  return { ...view, submissionKey: newSubmissionKey() };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const fields = {
      kind: text('kind'),
      category: text('category'),
      points: text('points'),
      description: text('description'),
      occurredOn: text('occurredOn'),
      place: text('place'),
      action: text('action'),
      actionDate: text('actionDate'),
    };
    const optional = (value: string) => value || undefined;
    const result = await act(
      () =>
        caller(event).behaviour.record({
          studentId: event.params.id,
          kind: fields.kind as 'positive',
          category: fields.category,
          // An empty or non-numeric entry reaches the router as NaN and gets its plain message.
          points: fields.points === '' ? Number.NaN : Number(fields.points.replace('−', '-')),
          description: fields.description,
          occurredOn: fields.occurredOn,
          place: optional(fields.place),
          action: optional(fields.action) as 'Detention' | undefined,
          actionDate: optional(fields.actionDate),
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    redirect(303, `/students/${event.params.id}/behaviour?recorded=1`);
  },
};
