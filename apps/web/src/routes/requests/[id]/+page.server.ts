import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const request = await loadFromRouter(event, () =>
    caller(event).changeRequests.get({ requestId: event.params.id }),
  );
  return { request, sent: event.url.searchParams.get('sent') === '1' };
};
