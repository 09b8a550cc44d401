import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { COURT_ORDER_TYPES, RESTRICTION_REASONS } from '@schoolgate/api';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

export const load: PageServerLoad = async (event) => {
  // The empty search page calls nothing else, so say here who it is for (the router says the same).
  const me = await loadFromRouter(event, () => caller(event).auth.me());
  if (!me.roles.some((role) => role === 'office' || role === 'admin')) {
    error(403, 'You do not have access to this.');
  }
  const params = event.url.searchParams;
  const search = params.get('q')?.trim().slice(0, 100) ?? '';
  const studentId = params.get('student') ?? '';
  const found = search
    ? await loadFromRouter(event, () =>
        caller(event).admin.students.list({ search, page: 1, pageSize: 20 }),
      )
    : null;
  const chosen = studentId
    ? await loadFromRouter(event, async () => {
        const router = caller(event).admin.restrictions;
        const [view, restrictions] = await Promise.all([
          router.forStudent({ studentId }),
          router.list({ studentId }),
        ]);
        return { ...view, restrictions };
      })
    : null;
  return {
    search,
    found,
    chosen,
    reasons: RESTRICTION_REASONS,
    orderTypes: COURT_ORDER_TYPES,
    submissionKey: newSubmissionKey(),
  };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** "contact:<id>", "link:<id>" or "user:<id>", from the radio buttons naming whose access. */
function targetOf(value: string) {
  const [kind, id = ''] = value.split(':', 2);
  return { kind: kind as 'contact' | 'link' | 'user', id };
}

export const actions: Actions = {
  revoke: async (event) => {
    const form = await event.request.formData();
    // What was typed comes back to the form if anything is wrong.
    const fields = {
      action: 'revoke' as const,
      target: text(form, 'target'),
      reason: text(form, 'reason'),
      courtOrderType: text(form, 'courtOrderType'),
      courtOrderDate: text(form, 'courtOrderDate'),
      courtOrderScope: text(form, 'courtOrderScope'),
      courtOrderReference: text(form, 'courtOrderReference'),
      note: text(form, 'note'),
    };
    const result = await act(
      () =>
        caller(event).admin.restrictions.create({
          target: targetOf(fields.target),
          // The router checks the reason and the court order's details, in plain English.
          reason: fields.reason as 'court_order',
          courtOrderType: fields.courtOrderType as 'other',
          courtOrderDate: fields.courtOrderDate,
          courtOrderScope: fields.courtOrderScope,
          courtOrderReference: fields.courtOrderReference,
          note: fields.note,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    const ended = result.value.sessionsEnded;
    return {
      action: 'revoke' as const,
      done:
        ended > 0
          ? `Access revoked. ${ended === 1 ? 'One signed-in session was' : `${ended} signed-in sessions were`} ended at once.`
          : 'Access revoked. It takes effect from their next page.',
    };
  },
  reinstate: async (event) => {
    const form = await event.request.formData();
    const fields = { action: 'reinstate' as const, restrictionId: text(form, 'restrictionId') };
    const result = await act(
      () =>
        caller(event).admin.restrictions.lift({
          id: fields.restrictionId,
          note: text(form, 'note'),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return {
      action: 'reinstate' as const,
      done: 'Restriction lifted. Any other restriction listed here still applies.',
    };
  },
};
