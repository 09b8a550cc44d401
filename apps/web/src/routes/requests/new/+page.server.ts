import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

type RecordType = 'attendance_mark' | 'behaviour_event' | 'lesson' | 'report';
type DetailType = 'address' | 'phone' | 'email' | 'medical' | 'other';

/**
 * Two forms in one page: with ?student&type&record (from "Report a problem with this") the
 * record is described by the router; without them, "Tell us about a change" shows the details
 * the school holds now.
 */
export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const studentId = params.get('student');
  const recordType = params.get('type');
  const recordId = params.get('record');
  if (studentId || recordType || recordId) {
    const view = await loadFromRouter(event, () =>
      caller(event).changeRequests.describeRecord({
        studentId: studentId ?? '',
        recordType: (recordType ?? '') as RecordType,
        recordId: recordId ?? '',
      }),
    );
    return {
      mode: 'record' as const,
      student: view.student,
      record: view.record,
      submissionKey: newSubmissionKey(),
    };
  }
  const details = await loadFromRouter(event, () => caller(event).changeRequests.myDetails());
  return { mode: 'change' as const, details, submissionKey: newSubmissionKey() };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

const CHANGE_FIELDS = [
  'message',
  'line1',
  'line2',
  'town',
  'postcode',
  'mobile',
  'home',
  'work',
  'email',
  'studentId',
] as const;

export const actions: Actions = {
  reportError: async (event) => {
    const form = await event.request.formData();
    // Echoed as `typedMessage`: a refusal's own `message` is the school's explanation.
    const typedMessage = text(form, 'message');
    const result = await act(
      () =>
        caller(event).changeRequests.reportError({
          studentId: text(form, 'student'),
          recordType: text(form, 'type') as RecordType,
          recordId: text(form, 'record'),
          message: typedMessage,
          submissionKey: submissionKeyOf(form),
        }),
      { typedMessage },
    );
    if (!result.ok) return result.failure;
    redirect(303, `/requests/${result.value.requestId}?sent=1`);
  },
  reportChange: async (event) => {
    const form = await event.request.formData();
    // What the parent typed comes back to the form if anything needs fixing.
    const fields = {
      detailType: text(form, 'detailType'),
      ...Object.fromEntries(CHANGE_FIELDS.map((name) => [name, text(form, name)])),
    } as { detailType: string } & Record<(typeof CHANGE_FIELDS)[number], string>;
    const { message: typedMessage, ...otherFields } = fields;
    const result = await act(
      () =>
        caller(event).changeRequests.reportChange({
          ...fields,
          detailType: fields.detailType as DetailType,
          submissionKey: submissionKeyOf(form),
        }),
      { ...otherFields, typedMessage },
    );
    if (!result.ok) return result.failure;
    redirect(303, `/requests/${result.value.requestId}?sent=1`);
  },
};
