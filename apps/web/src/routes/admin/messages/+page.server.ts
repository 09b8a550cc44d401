import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

const FILTERS = ['inbox', 'all', 'closed'] as const;
type Filter = (typeof FILTERS)[number];

/** The staff inbox (issue 13): open conversations for me or the office, every one, or closed. */
export const load: PageServerLoad = async (event) => {
  const wanted = event.url.searchParams.get('show') ?? 'inbox';
  const filter = (FILTERS as readonly string[]).includes(wanted) ? (wanted as Filter) : 'inbox';
  const [inbox, me] = await Promise.all([
    loadFromRouter(event, () => caller(event).admin.messages.inbox({ filter })),
    loadFromRouter(event, () => caller(event).auth.me()),
  ]);
  return { inbox, isAdmin: me.roles.includes('admin') };
};
