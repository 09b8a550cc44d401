import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

const MIN_SEARCH = 2;

export const load: PageServerLoad = async (event) => {
  const search = event.url.searchParams.get('q')?.trim().slice(0, 100) ?? '';
  const holds = await loadFromRouter(event, () =>
    caller(event).safeguarding.holds.list({ includeLifted: true }),
  );
  const found =
    search.length >= MIN_SEARCH
      ? await loadFromRouter(event, () => caller(event).safeguarding.students.search({ search }))
      : [];
  return {
    search,
    searchTooShort: search.length > 0 && search.length < MIN_SEARCH,
    found,
    active: holds.filter((h) => h.active),
    recentlyLifted: holds.filter((h) => !h.active),
    submissionKey: newSubmissionKey(),
  };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions: Actions = {
  place: async (event) => {
    const form = await event.request.formData();
    const scope = text(form, 'scope') === 'this_student_only' ? 'this_student_only' : 'all_access';
    // What the DSL typed comes back to the form if anything is wrong; it is their own page.
    const fields = {
      action: 'place' as const,
      studentId: text(form, 'studentId'),
      reason: text(form, 'reason'),
      scope,
      scopeReason: text(form, 'scopeReason'),
    };
    const result = await act(
      () =>
        caller(event).safeguarding.holds.place({
          studentId: fields.studentId,
          reason: fields.reason,
          scope,
          scopeReason: fields.scopeReason || undefined,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return {
      action: 'place' as const,
      done:
        result.value.sessionsEnded > 0
          ? `Hold placed. Everyone it concerns is suspended now; ${result.value.sessionsEnded} signed-in session${result.value.sessionsEnded === 1 ? ' was' : 's were'} ended.`
          : 'Hold placed. Everyone it concerns is suspended now.',
    };
  },
  lift: async (event) => {
    const form = await event.request.formData();
    const fields = { action: 'lift' as const, holdId: text(form, 'holdId') };
    const result = await act(
      () => caller(event).safeguarding.holds.lift({ id: fields.holdId, note: text(form, 'note') }),
      fields,
    );
    if (!result.ok) return result.failure;
    return {
      action: 'lift' as const,
      done: 'Hold lifted. Access it suspended is restored, unless revoked for another reason.',
    };
  },
};
