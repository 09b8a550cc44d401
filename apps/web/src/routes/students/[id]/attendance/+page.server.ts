import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  // The term picker is a GET form: ?term=<id> (an opaque id only, P10).
  const termId = event.url.searchParams.get('term') || undefined;
  return await loadFromRouter(event, () =>
    caller(event).attendance.forStudent({ studentId: event.params.id, termId }),
  );
};
