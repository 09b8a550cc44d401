import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { EVIDENCE_OPTIONS } from '$lib/evidence';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

export const load: PageServerLoad = async (event) => {
  const requests = await loadFromRouter(event, () => caller(event).admin.access.requests.pending());
  return { requests, evidenceOptions: EVIDENCE_OPTIONS, submissionKey: newSubmissionKey() };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions: Actions = {
  verify: async (event) => {
    const form = await event.request.formData();
    const fields = { requestId: text(form, 'requestId'), studentId: text(form, 'studentId') };
    const result = await act(
      () =>
        caller(event).admin.access.contacts.verifyLink({
          contactId: text(form, 'contactId'),
          studentId: fields.studentId,
          relationship: text(form, 'relationship'),
          evidence: text(form, 'evidence') as 'other',
          note: text(form, 'note'),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { done: 'Parental responsibility confirmed.', ...fields };
  },
  approve: async (event) => {
    const form = await event.request.formData();
    const fields = { requestId: text(form, 'requestId') };
    const result = await act(
      () =>
        caller(event).admin.access.requests.approve({
          requestId: fields.requestId,
          contactId: text(form, 'contactId'),
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { done: 'Request marked as dealt with.', ...fields };
  },
  /** The end of a settled request: the account (its activation link to the registered email),
   * then the request marked as dealt with. Each step is its own transaction; if the second fails,
   * the request stays in the queue with the account shown as made, and "Mark done" finishes it. */
  finish: async (event) => {
    const form = await event.request.formData();
    const fields = { requestId: text(form, 'requestId') };
    const contactId = text(form, 'contactId');
    const made = await act(
      () =>
        caller(event).admin.access.accounts.create({
          contactId,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!made.ok) return made.failure;
    const approved = await act(
      () =>
        caller(event).admin.access.requests.approve({
          requestId: fields.requestId,
          contactId,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!approved.ok) return approved.failure;
    return {
      done: `Account made (username ${made.value.username}); the activation link is on its way to their registered email. The request is marked as dealt with.`,
      ...fields,
    };
  },
  deny: async (event) => {
    const form = await event.request.formData();
    const fields = { requestId: text(form, 'requestId') };
    const result = await act(
      () =>
        caller(event).admin.access.requests.deny({
          requestId: fields.requestId,
          reason: text(form, 'reason'),
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { done: 'Request refused. The requester has been sent a neutral email.', ...fields };
  },
};
