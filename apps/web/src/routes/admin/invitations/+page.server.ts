import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

const YEAR_GROUPS = [7, 8, 9, 10, 11, 12, 13] as const;

/** ?year=7 previews that year group; without it the page only asks which year. */
export const load: PageServerLoad = async (event) => {
  const asked = event.url.searchParams.get('year');
  const year = Number(asked);
  const valid = (YEAR_GROUPS as readonly number[]).includes(year);
  const preview = valid
    ? await loadFromRouter(event, () =>
        caller(event).admin.access.accounts.invitationPreview({ yearGroup: year }),
      )
    : null;
  return {
    yearGroups: YEAR_GROUPS,
    preview,
    yearProblem: asked !== null && !valid ? 'Choose a year group from 7 to 13.' : null,
    submissionKey: newSubmissionKey(),
  };
};

export const actions: Actions = {
  // Without JavaScript the whole list comes at once; the page's script sends it in parts of 25
  // (each part its own call, so each is all-or-nothing and shows progress as it goes).
  invite: async (event) => {
    const form = await event.request.formData();
    const contactIds = form.getAll('contactId').map(String);
    const result = await act(
      () =>
        caller(event).admin.access.accounts.inviteMany({
          contactIds,
          submissionKey: submissionKeyOf(form),
        }),
      {},
    );
    if (!result.ok) return result.failure;
    return { outcome: result.value };
  },
};
