import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { resendOutcome } from './resend-outcome';

const STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
type Status = (typeof STATUSES)[number];

export const load: PageServerLoad = async (event) => {
  const wanted = event.url.searchParams.get('status') ?? '';
  const status = (STATUSES as readonly string[]).includes(wanted) ? (wanted as Status) : undefined;
  const [messages, summary] = await loadFromRouter(event, () =>
    Promise.all([
      caller(event).admin.outbox.list({ status, limit: 100 }),
      caller(event).admin.outbox.summary(),
    ]),
  );
  return { messages, summary, status: status ?? '', statuses: STATUSES };
};

export const actions: Actions = {
  /** One failed email (`id`), or every failed one (no `id`), queued again. */
  resend: async (event) => {
    const form = await event.request.formData();
    const id = String(form.get('id') ?? '').trim();
    const fields = id ? { id } : {};
    const result = await act(() => caller(event).admin.outbox.resend(fields), {});
    if (!result.ok) return result.failure;
    return { done: resendOutcome(result.value) };
  },
};
