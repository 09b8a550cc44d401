import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const view = await loadFromRouter(event, () =>
    caller(event).admin.reports.report({ reportId: event.params.reportId }),
  );
  // A report reached through another cycle's address is not there.
  if (view.report.cycleId !== event.params.cycleId) error(404, 'We could not find that report.');
  return view;
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const text = (name: string) => String(form.get(name) ?? '');
    const subjects = form.getAll('subject').map((value) => {
      const id = String(value);
      return {
        id,
        attainment: text(`attainment-${id}`),
        target: text(`target-${id}`),
        effort: text(`effort-${id}`),
        comment: text(`comment-${id}`),
      };
    });
    const tutorComment = text('tutorComment');
    const echoed = Object.fromEntries(
      subjects.flatMap((s) => [
        [`attainment-${s.id}`, s.attainment],
        [`target-${s.id}`, s.target],
        [`effort-${s.id}`, s.effort],
        [`comment-${s.id}`, s.comment],
      ]),
    );
    const result = await act(
      () =>
        caller(event).admin.reports.saveReport({
          reportId: event.params.reportId,
          subjects,
          tutorComment,
        }),
      { values: { ...echoed, tutorComment } as Record<string, string> },
    );
    if (!result.ok) return result.failure;
    return {
      done:
        result.value.status === 'published'
          ? 'Correction saved. Parents and students see it straight away.'
          : 'Report saved.',
    };
  },
};
