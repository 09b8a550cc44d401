import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

const STATUSES = ['draft', 'scheduled', 'live', 'expired'] as const;
type Status = (typeof STATUSES)[number];

export const load: PageServerLoad = async (event) => {
  const wanted = event.url.searchParams.get('status') ?? '';
  const status = (STATUSES as readonly string[]).includes(wanted) ? (wanted as Status) : undefined;
  const page = Math.max(1, Math.min(10_000, Number(event.url.searchParams.get('page')) || 1));
  const list = await loadFromRouter(event, () =>
    caller(event).admin.notices.list({ ...(status ? { status } : {}), page }),
  );
  return { ...list, deleted: event.url.searchParams.get('deleted') === '1' };
};
