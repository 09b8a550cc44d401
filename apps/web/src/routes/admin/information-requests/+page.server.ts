import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { formatCalendarDate } from '$lib/format-date';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MIN_SEARCH = 2;

const KINDS = [
  {
    value: 'subject_access',
    label: 'Subject access request',
    hint: 'Everything held about a person (UK GDPR). Due one calendar month after it was received.',
  },
  {
    value: 'educational_record',
    label: 'Educational record request',
    hint: 'A parent asking for their child’s educational record. Due 15 school days after it was received.',
  },
] as const;

export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const status = params.get('status') === 'open' ? 'open' : 'all';
  const find = params.get('find')?.trim().slice(0, 100) ?? '';
  const studentId = UUID.test(params.get('student') ?? '') ? params.get('student')! : undefined;
  const contactId =
    !studentId && UUID.test(params.get('contact') ?? '') ? params.get('contact')! : undefined;

  const log = await loadFromRouter(event, () =>
    caller(event).admin.informationRequests.list({ status }),
  );
  const searching = find.length >= MIN_SEARCH && !studentId && !contactId;
  const subjects =
    searching || studentId || contactId
      ? await loadFromRouter(event, () =>
          caller(event).admin.informationRequests.findSubjects(
            studentId ? { studentId } : contactId ? { contactId } : { search: find },
          ),
        )
      : null;
  const chosenStudent = studentId ? subjects?.students[0] : undefined;
  const chosenContact = contactId ? subjects?.contacts[0] : undefined;
  const chosen = chosenStudent
    ? {
        kind: 'student' as const,
        id: chosenStudent.id,
        name: chosenStudent.name,
        detail: `Student, Year ${chosenStudent.yearGroup}, form ${chosenStudent.form}`,
      }
    : chosenContact
      ? {
          kind: 'contact' as const,
          id: chosenContact.id,
          name: chosenContact.name,
          detail: `Parent or carer${chosenContact.email ? `, ${chosenContact.email}` : ''}`,
        }
      : null;
  return {
    log,
    status,
    find,
    findTooShort: find.length > 0 && find.length < MIN_SEARCH,
    found: searching ? subjects : null,
    chosen,
    kinds: KINDS,
    submissionKey: newSubmissionKey(),
  };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions: Actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const fields = {
      action: 'create' as const,
      kind: text(form, 'kind'),
      studentId: text(form, 'studentId'),
      contactId: text(form, 'contactId'),
      subjectName: text(form, 'subjectName'),
      requester: text(form, 'requester'),
      receivedOn: text(form, 'receivedOn'),
      note: text(form, 'note'),
    };
    const result = await act(
      () =>
        caller(event).admin.informationRequests.create({
          kind: fields.kind as 'subject_access',
          studentId: fields.studentId || undefined,
          contactId: fields.contactId || undefined,
          requester: fields.requester,
          receivedOn: fields.receivedOn,
          note: fields.note || undefined,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    const due = formatCalendarDate(result.value.dueOn);
    return {
      action: 'create' as const,
      done: `Request logged for ${fields.subjectName || 'the person'}. It is due by ${due}.`,
      warning: result.value.beyondCalendar
        ? 'The term dates after the date received are not all entered, so weekdays were counted. Check the deadline once the term dates are set.'
        : null,
      createdId: result.value.id,
    };
  },
  complete: async (event) => {
    const form = await event.request.formData();
    const fields = { action: 'complete' as const, id: text(form, 'id') };
    const result = await act(
      () => caller(event).admin.informationRequests.complete({ id: fields.id }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { action: 'complete' as const, done: 'Request marked as completed.', warning: null };
  },
  withdraw: async (event) => {
    const form = await event.request.formData();
    const fields = { action: 'withdraw' as const, id: text(form, 'id') };
    const result = await act(
      () => caller(event).admin.informationRequests.withdraw({ id: fields.id }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { action: 'withdraw' as const, done: 'Request marked as withdrawn.', warning: null };
  },
};
