import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const pageNumber = Math.max(
    1,
    Number.parseInt(event.url.searchParams.get('page') ?? '1', 10) || 1,
  );
  const list = await loadFromRouter(event, () =>
    caller(event).notices.list({ page: Math.min(pageNumber, 10_000) }),
  );
  return { list };
};
