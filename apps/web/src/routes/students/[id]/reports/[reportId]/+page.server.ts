import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) =>
  await loadFromRouter(event, () =>
    caller(event).reports.get({ studentId: event.params.id, reportId: event.params.reportId }),
  );
