import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

const STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
type Status = (typeof STATUSES)[number];

export const load: PageServerLoad = async (event) => {
  const wanted = event.url.searchParams.get('status') ?? '';
  const status = (STATUSES as readonly string[]).includes(wanted) ? (wanted as Status) : undefined;
  const messages = await loadFromRouter(event, () =>
    caller(event).admin.outbox.list({ status, limit: 100 }),
  );
  return { messages, status: status ?? '', statuses: STATUSES };
};
