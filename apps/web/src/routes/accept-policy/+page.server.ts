import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import {
  REQUIRED_ACTION_PATHS,
  act,
  caller,
  load as loadFromRouter,
  nextStepPath,
} from '$lib/server/router';

const homeFor = (kind: string | undefined) => (kind === 'staff' ? '/admin' : '/');

export const load: PageServerLoad = async (event) => {
  const me = await loadFromRouter(event, () => caller(event).auth.me());
  // An expired password comes first (P11); with nothing to accept, there is nothing to do here.
  const first = nextStepPath(me);
  if (first && first !== REQUIRED_ACTION_PATHS.accept_policy) redirect(303, first);
  if (!me.mustAcceptPolicy) redirect(303, homeFor(me.kind));
  const policy = await loadFromRouter(event, () => caller(event).policy.current());
  if (!policy) redirect(303, homeFor(me.kind));
  return { policy };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const result = await act(
      () => caller(event).policy.accept({ versionId: String(form.get('versionId') ?? '') }),
      {},
    );
    // A version replaced while the page was open is refused: the page then shows the new one.
    if (!result.ok) return result.failure;
    redirect(303, homeFor(event.locals.ctx.user?.kind));
  },
};
