import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

/** The accessibility statement and privacy notice (issue 12): administrators only (the router). */
export const load: PageServerLoad = async (event) => ({
  pages: await loadFromRouter(event, () => caller(event).admin.settings.publicPages()),
});

const TITLES = { accessibility: 'accessibility statement', privacy: 'privacy notice' } as const;
type Page = keyof typeof TITLES;
const isPage = (value: string): value is Page => Object.hasOwn(TITLES, value);

export const actions: Actions = {
  update: async (event) => {
    const form = await event.request.formData();
    const page = String(form.get('page') ?? '');
    if (!isPage(page)) {
      return fail(400, {
        page,
        message: 'Choose the accessibility statement or the privacy notice.',
      });
    }
    // "Go back to the built-in text" sends no text: empty text is the built-in one.
    const reset = form.get('reset') !== null;
    const markdown = reset ? '' : String(form.get('markdown') ?? '');
    const result = await act(
      () => caller(event).admin.settings.updatePublicPage({ page, markdown }),
      { page, markdown },
    );
    if (!result.ok) return result.failure;
    const title = TITLES[page];
    return {
      page,
      done: !result.value.changed
        ? `Nothing had changed in the ${title}, so nothing was saved.`
        : result.value.custom
          ? `The ${title} is saved. Everyone now sees your text.`
          : `The ${title} is back to the built-in text.`,
    };
  },
};
