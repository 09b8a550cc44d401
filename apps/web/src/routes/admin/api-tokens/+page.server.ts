import type { Actions, PageServerLoad } from './$types';
import { API_SCOPES, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '@schoolgate/api';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

/** API tokens for internal tools (issue 15): administrators only (the router). */
export const load: PageServerLoad = async (event) => ({
  tokens: await loadFromRouter(event, () => caller(event).admin.apiTokens.list()),
  scopes: Object.entries(API_SCOPES).map(([name, description]) => ({ name, description })),
  defaultDays: DEFAULT_TOKEN_DAYS,
  maxDays: MAX_TOKEN_DAYS,
  submissionKey: newSubmissionKey(),
});

export const actions: Actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const fields = {
      name: String(form.get('name') ?? ''),
      scopes: form.getAll('scopes').map(String),
      days: String(form.get('days') ?? ''),
      allowedRange: String(form.get('allowedRange') ?? ''),
    };
    const typed = fields.days.trim();
    // Empty: the router's default (90 days); anything but digits: the router's plain message.
    const days = typed === '' ? undefined : /^\d{1,4}$/.test(typed) ? Number(typed) : Number.NaN;
    const result = await act(
      () =>
        caller(event).admin.apiTokens.create({
          name: fields.name,
          // The router names any scope it does not know; the page sends what was ticked.
          scopes: fields.scopes as never,
          days,
          allowedRange: fields.allowedRange,
          submissionKey: submissionKeyOf(form),
        }),
      fields,
    );
    if (!result.ok) return result.failure;
    return { created: result.value };
  },
  revoke: async (event) => {
    const form = await event.request.formData();
    const id = String(form.get('id') ?? '');
    const result = await act(() => caller(event).admin.apiTokens.revoke({ id }), { id });
    if (!result.ok) return result.failure;
    return {
      revoked: result.value.revoked
        ? 'The token is revoked: its next call is refused.'
        : 'That token was already revoked.',
    };
  },
};
