import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { EVIDENCE_OPTIONS } from '$lib/evidence';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

/** What the edit page said when it brought the office back here. */
const SAVED_MESSAGES: Record<string, string> = {
  saved: 'The student’s details are saved.',
  left: 'The student’s details are saved. The leaving date has passed, so their parents and carers, and the student, can no longer see their records in the portal.',
  unchanged: 'Nothing had changed, so nothing was saved.',
};

export const load: PageServerLoad = async (event) => {
  const record = await loadFromRouter(event, () =>
    caller(event).admin.students.get({ studentId: event.params.id }),
  );
  const saved = SAVED_MESSAGES[event.url.searchParams.get('saved') ?? ''] ?? null;
  return { record, evidenceOptions: EVIDENCE_OPTIONS, saved, submissionKey: newSubmissionKey() };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

// Each action calls the procedure an earlier issue provides; this page only gathers the form.
export const actions: Actions = {
  verify: async (event) => {
    const form = await event.request.formData();
    const fields = {
      formName: 'verify' as const,
      contactId: text(form, 'contactId'),
      evidence: text(form, 'evidence'),
      note: text(form, 'note'),
    };
    const result = await act(
      () =>
        caller(event).admin.access.contacts.verifyLink({
          contactId: fields.contactId,
          studentId: event.params.id,
          relationship: text(form, 'relationship'),
          // The router checks the evidence against its list, in plain English.
          evidence: fields.evidence as 'other',
          note: fields.note,
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { done: 'Parental responsibility confirmed.' };
  },
  invite: async (event) => {
    const form = await event.request.formData();
    const fields = { formName: 'invite' as const, contactId: text(form, 'contactId') };
    const result = await act(
      () =>
        caller(event).admin.access.accounts.create({
          contactId: fields.contactId,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return {
      done: `Account ${result.value.username} made. The activation link has been emailed to ${result.value.sentTo}.`,
    };
  },
  resend: async (event) => {
    const form = await event.request.formData();
    const fields = { formName: 'resend' as const, userId: text(form, 'userId') };
    const result = await act(
      () =>
        caller(event).admin.access.accounts.resendActivation({
          userId: fields.userId,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return {
      done: `A new activation link has been emailed to ${result.value.sentTo}. The old one no longer works.`,
    };
  },
  reinstate: async (event) => {
    const form = await event.request.formData();
    const fields = {
      formName: 'reinstate' as const,
      restrictionId: text(form, 'restrictionId'),
      note: text(form, 'note'),
    };
    const result = await act(
      () => caller(event).admin.restrictions.lift({ id: fields.restrictionId, note: fields.note }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { done: 'Restriction lifted. Any other restriction listed here still applies.' };
  },
};
