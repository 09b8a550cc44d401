import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';
import { combineReportDate } from '$lib/absence/report-date';
import type { DatePart } from '$lib/date-of-birth';
import type { TypedReport } from './form';

/**
 * "Report an absence" for one or more children. ?student=<id> ticks that child; ?date=YYYY-MM-DD
 * fills the first day ("Tell us why" for an unexplained day, from the home page).
 */
export const load: PageServerLoad = async (event) => {
  const form = await loadFromRouter(event, () => caller(event).absence.form());
  const params = event.url.searchParams;
  const student = params.get('student');
  const date = params.get('date');
  return {
    ...form,
    suggested: {
      studentId: form.children.some((c) => c.id === student) ? student : null,
      date: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null,
    },
    submissionKey: newSubmissionKey(),
  };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const typed: TypedReport = {
      studentIds: form.getAll('studentIds').map(String),
      kind: text('kind'),
      firstDay: text('firstDate-day'),
      firstMonth: text('firstDate-month'),
      firstYear: text('firstDate-year'),
      lastDay: text('lastDate-day'),
      lastMonth: text('lastDate-month'),
      lastYear: text('lastDate-year'),
      sessions: text('sessions') || 'all',
      expectedArrival: text('expectedArrival'),
      reason: text('reason'),
      note: text('note'),
    };
    const kind = typed.kind === 'late' ? 'late' : typed.kind === 'absence' ? 'absence' : '';
    const first = combineReportDate(
      { day: typed.firstDay, month: typed.firstMonth, year: typed.firstYear },
      kind === 'late' ? 'The day' : 'The first day',
    );
    // The last day may be left empty: one day. A late arrival is always one day.
    const last =
      kind === 'late'
        ? ({ ok: 'empty' } as const)
        : combineReportDate(
            { day: typed.lastDay, month: typed.lastMonth, year: typed.lastYear },
            'The last day',
            { optional: true },
          );
    const dateErrors: Record<string, string[]> = {};
    const dateParts: Partial<Record<'firstDate' | 'lastDate', DatePart[]>> = {};
    if (first.ok === false) {
      dateErrors.firstDate = [first.message];
      dateParts.firstDate = first.parts;
    }
    if (last.ok === false) {
      dateErrors.lastDate = [last.message];
      dateParts.lastDate = last.parts;
    }
    const firstDate = first.ok === true ? first.iso : '';
    const lastDate = last.ok === true ? last.iso : last.ok === 'empty' ? firstDate : '';

    // A date found wrong here goes to the router empty, which it always refuses: so the router
    // still checks every other field, and nothing is filed while any date is wrong.
    const result = await act(
      () =>
        caller(event).absence.report({
          studentIds: typed.studentIds,
          kind: kind as 'absence' | 'late',
          firstDate,
          lastDate,
          sessions: (kind === 'late' ? 'all' : typed.sessions) as 'all' | 'AM' | 'PM',
          expectedArrival: kind === 'late' ? typed.expectedArrival : undefined,
          reason: typed.reason as 'illness',
          note: typed.note,
          submissionKey: submissionKeyOf(form),
        }),
      { typed, dateErrors, dateParts },
    );
    if (!result.ok) return result.failure;
    // After the cut-off the list page says plainly that the office may not see it in time.
    redirect(303, result.value.afterCutoff ? '/absence?sent=after-cutoff' : '/absence?sent=1');
  },
};
