import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const view = await loadFromRouter(event, () =>
    caller(event).behaviour.forStudent({ studentId: event.params.id }),
  );
  // Set by the "record an event" form after it has saved one.
  return { ...view, recorded: event.url.searchParams.has('recorded') };
};
