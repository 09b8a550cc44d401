import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

/** The parent's absence reports, newest first, and where each stands. */
export const load: PageServerLoad = async (event) => {
  const reports = await loadFromRouter(event, () => caller(event).absence.mine());
  const sent = event.url.searchParams.get('sent');
  // A report for today made after the school's cut-off: the warning, with the absence line.
  const cutoffWarning =
    sent === 'after-cutoff'
      ? (await loadFromRouter(event, () => caller(event).absence.form())).cutoff.warning
      : null;
  return {
    reports,
    sent: sent === '1' || sent === 'after-cutoff',
    cutoffWarning,
    submissionKey: newSubmissionKey(),
  };
};

export const actions: Actions = {
  /** The parent's answer to the school's question: the report goes back to the office. */
  answer: async (event) => {
    const form = await event.request.formData();
    const reportId = String(form.get('reportId') ?? '');
    const reply = String(form.get('reply') ?? '').trim();
    const result = await act(
      () =>
        caller(event).absence.addInformation({
          reportId,
          reply,
          submissionKey: submissionKeyOf(form),
        }),
      { reportId, reply },
    );
    if (!result.ok) return result.failure;
    return { answered: reportId, done: result.value.message };
  },
};
