import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

const FILTERS = [
  { value: 'open', label: 'Waiting: submitted or in progress' },
  { value: 'submitted', label: 'Submitted, not yet answered' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'all', label: 'All requests' },
] as const;
type Filter = (typeof FILTERS)[number]['value'];

export const load: PageServerLoad = async (event) => {
  const wanted = event.url.searchParams.get('status') ?? 'open';
  const status = FILTERS.some((f) => f.value === wanted) ? (wanted as Filter) : 'open';
  const page = Math.max(1, Math.min(10_000, Number(event.url.searchParams.get('page')) || 1));
  const queue = await loadFromRouter(event, () =>
    caller(event).admin.changeRequests.list({ status, page }),
  );
  return { queue, filters: FILTERS };
};
