import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { formatDateTime } from '$lib/format';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';
import {
  draftInput,
  emailedMessage,
  readNoticeForm,
  saveInput,
  SAVED_MESSAGES,
} from '../notice-form';

type SavedStatus = keyof typeof SAVED_MESSAGES;

export const load: PageServerLoad = async (event) => {
  const view = await loadFromRouter(event, () =>
    caller(event).admin.notices.get({ noticeId: event.params.id }),
  );
  const saved = event.url.searchParams.get('saved') ?? '';
  return {
    ...view,
    submissionKey: newSubmissionKey(),
    savedMessage: saved in SAVED_MESSAGES ? SAVED_MESSAGES[saved as SavedStatus] : null,
  };
};

const confirmed = (form: FormData) => form.get('confirm') !== null;

export const actions: Actions = {
  /** Renders the edited body and works out whom it would reach; saves nothing. */
  preview: async (event) => {
    const form = await event.request.formData();
    const values = readNoticeForm(form);
    const result = await act(
      () => caller(event).admin.notices.preview(draftInput(values, event.params.id)),
      { values },
    );
    if (!result.ok) return result.failure;
    return { values, preview: result.value };
  },
  save: async (event) => {
    const form = await event.request.formData();
    const values = readNoticeForm(form);
    const input = {
      ...(await saveInput(values, form, event.params.id)),
      submissionKey: submissionKeyOf(form),
    };
    const result = await act(() => caller(event).admin.notices.save(input), { values });
    if (!result.ok) return result.failure;
    return {
      done: `${SAVED_MESSAGES[result.value.status]}${emailedMessage(result.value.emailsQueued)}`,
    };
  },
  publish: async (event) => {
    const form = await event.request.formData();
    const publishAt = String(form.get('publishAt') ?? '').trim();
    const scheduling = form.get('schedule') !== null;
    if (!scheduling && !confirmed(form)) {
      return fail(400, {
        action: 'publish',
        message: 'Tick the box to confirm you have checked the notice and who it will reach.',
        fieldErrors: { confirm: ['Tick this box to publish the notice.'] },
      });
    }
    const result = await act(
      () =>
        caller(event).admin.notices.publish({
          noticeId: event.params.id,
          ...(scheduling ? { publishAt } : {}),
          submissionKey: submissionKeyOf(form),
        }),
      { action: scheduling ? 'schedule' : 'publish', publishAt },
    );
    if (!result.ok) return result.failure;
    const { status, publishAt: at, emailsQueued } = result.value;
    return {
      done:
        status === 'scheduled'
          ? `The notice is scheduled for ${formatDateTime(at)}.`
          : `The notice is published.${emailedMessage(emailsQueued)}`,
    };
  },
  unpublish: async (event) => {
    const form = await event.request.formData();
    const live = form.get('live') !== null;
    if (live && !confirmed(form)) {
      return fail(400, {
        action: 'withdraw',
        message: 'Tick the box to confirm you want to withdraw the notice.',
        fieldErrors: { confirm: ['Tick this box to withdraw the notice.'] },
      });
    }
    const result = await act(
      () =>
        caller(event).admin.notices.unpublish({
          noticeId: event.params.id,
          submissionKey: submissionKeyOf(form),
        }),
      { action: live ? 'withdraw' : 'unpublish' },
    );
    if (!result.ok) return result.failure;
    return {
      done:
        result.value.status === 'draft'
          ? 'The notice is a draft again. Nobody sees it until you publish it.'
          : 'The notice has been withdrawn. Nobody sees it now.',
    };
  },
  delete: async (event) => {
    const form = await event.request.formData();
    const result = await act(
      () =>
        caller(event).admin.notices.delete({
          noticeId: event.params.id,
          submissionKey: submissionKeyOf(form),
        }),
      { action: 'delete' },
    );
    if (!result.ok) return result.failure;
    redirect(303, '/admin/notices?deleted=1');
  },
};
