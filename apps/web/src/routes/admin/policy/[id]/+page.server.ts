import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How many people each list shows; the page says when there are more. */
const LIMIT = 500;

export const load: PageServerLoad = async (event) => {
  // A mistyped address is a page that does not exist, not a form to correct.
  if (!UUID.test(event.params.id)) error(404, 'We could not find that version of the policy.');
  const result = await loadFromRouter(event, () =>
    caller(event).admin.policy.acceptances({ versionId: event.params.id, limit: LIMIT }),
  );
  return { ...result, limit: LIMIT };
};
