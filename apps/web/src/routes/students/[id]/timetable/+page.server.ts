import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const week = event.url.searchParams.get('week');
  return await loadFromRouter(event, () =>
    caller(event).timetable.forStudent({
      studentId: event.params.id,
      ...(week ? { weekOf: week } : {}),
    }),
  );
};
