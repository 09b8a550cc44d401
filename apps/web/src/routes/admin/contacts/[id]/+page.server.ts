import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { EVIDENCE_OPTIONS } from '$lib/evidence';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

/** What the edit page said when it brought the office back here. */
const SAVED_MESSAGES: Record<string, string> = {
  saved: 'Their details are saved.',
  email:
    'Their details are saved. Their portal account now uses the new email address for sign-in and password emails.',
  unchanged: 'Nothing had changed, so nothing was saved.',
};

export const load: PageServerLoad = async (event) => {
  const record = await loadFromRouter(event, () =>
    caller(event).admin.access.contacts.get({ contactId: event.params.id }),
  );
  const saved = SAVED_MESSAGES[event.url.searchParams.get('saved') ?? ''] ?? null;
  return { record, evidenceOptions: EVIDENCE_OPTIONS, saved, submissionKey: newSubmissionKey() };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions: Actions = {
  verify: async (event) => {
    const form = await event.request.formData();
    const fields = { linkStudentId: text(form, 'studentId') };
    const result = await act(
      () =>
        caller(event).admin.access.contacts.verifyLink({
          contactId: event.params.id,
          studentId: fields.linkStudentId,
          relationship: text(form, 'relationship'),
          evidence: text(form, 'evidence') as 'other',
          note: text(form, 'note'),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { done: 'Parental responsibility confirmed.' };
  },
  createAccount: async (event) => {
    const form = await event.request.formData();
    const result = await act(
      () =>
        caller(event).admin.access.accounts.create({
          contactId: event.params.id,
          submissionKey: submissionKeyOf(form),
        }),
      {},
    );
    if (!result.ok) return result.failure;
    return {
      done: `Account ${result.value.username} made. The activation link has been emailed to ${result.value.sentTo}.`,
    };
  },
  resend: async (event) => {
    const form = await event.request.formData();
    const result = await act(
      () =>
        caller(event).admin.access.accounts.resendActivation({
          userId: text(form, 'userId'),
          submissionKey: submissionKeyOf(form),
        }),
      {},
    );
    if (!result.ok) return result.failure;
    return {
      done: `A new activation link has been emailed to ${result.value.sentTo}. The old one no longer works.`,
    };
  },
};
