import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opening the page records the read receipt: the router does both in one call. */
export const load: PageServerLoad = async (event) => {
  if (!UUID.test(event.params.id)) error(404, 'We could not find that notice.');
  const notice = await loadFromRouter(event, () =>
    caller(event).notices.get({ noticeId: event.params.id }),
  );
  return { notice };
};
