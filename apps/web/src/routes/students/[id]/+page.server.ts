import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) =>
  loadFromRouter(event, () => caller(event).portal.overview({ studentId: event.params.id }));
