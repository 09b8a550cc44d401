import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  // The term picker is a GET form: ?term=<id> (an opaque id only, P10).
  const termId = event.url.searchParams.get('term') || undefined;
  const attendance = await loadFromRouter(event, () =>
    caller(event).attendance.forStudent({ studentId: event.params.id, termId }),
  );
  // The child's absence reports and where each stands (issue 13).
  const { reports: absenceReports } = await loadFromRouter(event, () =>
    caller(event).absence.forStudent({ studentId: event.params.id }),
  );
  return { ...attendance, absenceReports };
};
