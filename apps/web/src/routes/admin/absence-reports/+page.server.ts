import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

const FILTERS = [
  { value: 'open', label: 'To decide: waiting, or asked for more information' },
  { value: 'waiting', label: 'Waiting for the office' },
  { value: 'more_information', label: 'Asked for more information' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'refused', label: 'Not accepted' },
  { value: 'all', label: 'All reports' },
] as const;
type Filter = (typeof FILTERS)[number]['value'];

export const load: PageServerLoad = async (event) => {
  const wanted = event.url.searchParams.get('show') ?? 'open';
  const filter = FILTERS.some((f) => f.value === wanted) ? (wanted as Filter) : 'open';
  const page = Math.max(1, Math.min(10_000, Number(event.url.searchParams.get('page')) || 1));
  const queue = await loadFromRouter(event, () =>
    caller(event).admin.absenceReports.list({ filter, page }),
  );
  return { queue, filters: FILTERS, submissionKey: newSubmissionKey() };
};

/** One decision on one report: which report, the office's words and the rendered form's key. */
async function decision(event: Parameters<Actions[string]>[0]) {
  const form = await event.request.formData();
  return {
    form,
    reportId: String(form.get('reportId') ?? ''),
    message: String(form.get('message') ?? '').trim(),
    code: String(form.get('code') ?? ''),
    submissionKey: submissionKeyOf(form),
  };
}

export const actions: Actions = {
  accept: async (event) => {
    const { reportId, message, code, submissionKey } = await decision(event);
    const result = await act(
      () =>
        caller(event).admin.absenceReports.accept({
          reportId,
          message,
          code: (code || undefined) as 'I' | undefined,
          submissionKey,
        }),
      { reportId, typedMessage: message, action: 'accept' },
    );
    if (!result.ok) return result.failure;
    return { done: result.value.message, reportId };
  },
  ask: async (event) => {
    const { reportId, message, submissionKey } = await decision(event);
    const result = await act(
      () =>
        caller(event).admin.absenceReports.askForInformation({ reportId, message, submissionKey }),
      { reportId, typedMessage: message, action: 'ask' },
    );
    if (!result.ok) return result.failure;
    return { done: result.value.message, reportId };
  },
  refuse: async (event) => {
    const { reportId, message, submissionKey } = await decision(event);
    const result = await act(
      () => caller(event).admin.absenceReports.refuse({ reportId, message, submissionKey }),
      { reportId, typedMessage: message, action: 'refuse' },
    );
    if (!result.ok) return result.failure;
    return { done: result.value.message, reportId };
  },
};
