import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter, nextStepPath } from '$lib/server/router';
import { navFor } from '$lib/admin-nav';

export const load: PageServerLoad = async (event) => {
  const me = await loadFromRouter(event, () => caller(event).auth.me());
  const outstanding = nextStepPath(me);
  if (outstanding) redirect(303, outstanding);
  if (me.kind !== 'staff') error(403, 'The staff section is for school staff and governors only.');
  // Admins see at once when emails are not getting through (activation links, notices).
  const delivery = me.roles.includes('admin')
    ? await loadFromRouter(event, () => caller(event).admin.outbox.summary())
    : null;
  // Admins see at once when one account has been refused many times (issue 10 item 6).
  const refusals = me.roles.includes('admin')
    ? await loadFromRouter(event, () => caller(event).admin.audit.refusalNotices())
    : null;
  return { me, nav: navFor(me.roles), delivery, refusals };
};
