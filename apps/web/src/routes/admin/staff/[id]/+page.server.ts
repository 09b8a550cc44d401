import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import type { StaffRole } from '@schoolgate/api';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

export const load: PageServerLoad = async (event) => {
  const person = await loadFromRouter(event, () =>
    caller(event).admin.staff.get({ staffId: event.params.id }),
  );
  return {
    person,
    justMade: event.url.searchParams.get('made') === '1',
    submissionKey: newSubmissionKey(),
  };
};

/** A destructive action goes ahead only when its box was ticked (this works without JavaScript). */
function unconfirmed(form: FormData, action: string, message: string) {
  if (form.get('confirm') === 'yes') return null;
  return fail(400, { action, message, fieldErrors: { confirm: [message] } });
}

export const actions: Actions = {
  roles: async (event) => {
    const form = await event.request.formData();
    const roles = form.getAll('roles').map(String) as StaffRole[];
    const result = await act(
      () => caller(event).admin.staff.updateRoles({ staffId: event.params.id, roles }),
      { action: 'roles', roles },
    );
    if (!result.ok) return result.failure;
    return {
      action: 'roles',
      done: result.value.changed
        ? 'Roles saved. They apply from their next click.'
        : 'No change to the roles.',
    };
  },
  createAccount: async (event) => {
    const form = await event.request.formData();
    const result = await act(
      () =>
        caller(event).admin.staff.createAccount({
          staffId: event.params.id,
          submissionKey: submissionKeyOf(form),
        }),
      { action: 'account' },
    );
    if (!result.ok) return result.failure;
    return {
      action: 'account',
      done: `Account ${result.value.username} made. The activation link has been emailed to ${result.value.sentTo}.`,
    };
  },
  resend: async (event) => {
    const form = await event.request.formData();
    const result = await act(
      () =>
        caller(event).admin.staff.resendActivation({
          staffId: event.params.id,
          submissionKey: submissionKeyOf(form),
        }),
      { action: 'account' },
    );
    if (!result.ok) return result.failure;
    return {
      action: 'account',
      done: `A new activation link has been emailed to ${result.value.sentTo}. The old one no longer works.`,
    };
  },
  deactivate: async (event) => {
    const form = await event.request.formData();
    const refused = unconfirmed(form, 'deactivate', 'Tick the box to confirm the deactivation.');
    if (refused) return refused;
    const result = await act(
      () => caller(event).admin.staff.deactivate({ staffId: event.params.id }),
      { action: 'deactivate' },
    );
    if (!result.ok) return result.failure;
    const n = result.value.sessionsEnded;
    return {
      action: 'deactivate',
      done:
        n > 0
          ? `Account deactivated. ${n} signed-in session${n === 1 ? ' was' : 's were'} ended.`
          : 'Account deactivated. They were not signed in anywhere.',
    };
  },
  reactivate: async (event) => {
    const result = await act(
      () => caller(event).admin.staff.reactivate({ staffId: event.params.id }),
      { action: 'account' },
    );
    if (!result.ok) return result.failure;
    return {
      action: 'account',
      done: result.value.sentTo
        ? `Account reactivated. They had not set a password, so a new activation link has been emailed to ${result.value.sentTo}.`
        : 'Account reactivated. They can sign in again with their password and authenticator app.',
    };
  },
  resetTwoFactor: async (event) => {
    const form = await event.request.formData();
    const refused = unconfirmed(
      form,
      'resetTwoFactor',
      'Tick the box to confirm the reset of their second factor.',
    );
    if (refused) return refused;
    const result = await act(
      () => caller(event).twoFactor.reset({ userId: String(form.get('userId') ?? '') }),
      { action: 'resetTwoFactor' },
    );
    if (!result.ok) return result.failure;
    return {
      action: 'resetTwoFactor',
      done: 'Second factor reset. They have been signed out and will set up their authenticator app again at their next sign-in.',
    };
  },
};
