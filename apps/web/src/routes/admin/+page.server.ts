import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter, nextStepPath } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const me = await loadFromRouter(event, () => caller(event).auth.me());
  const outstanding = nextStepPath(me);
  if (outstanding) redirect(303, outstanding);
  if (me.kind !== 'staff') error(403, 'The staff section is for school staff and governors only.');
  // The work waiting (issue 12): only the queues the router counts for these roles.
  const queues = await loadFromRouter(event, () => caller(event).admin.home.queues());
  // Admins see at once when emails are not getting through (activation links, notices).
  const delivery = me.roles.includes('admin')
    ? await loadFromRouter(event, () => caller(event).admin.outbox.summary())
    : null;
  // Admins see at once when one account has been refused many times (issue 10 item 6).
  const refusals = me.roles.includes('admin')
    ? await loadFromRouter(event, () => caller(event).admin.audit.refusalNotices())
    : null;
  // Unread messages from families in my inbox (issue 13): staff who hold conversations only.
  const messages = me.roles.some((role) => ['teacher', 'office', 'dsl', 'admin'].includes(role))
    ? await loadFromRouter(event, () => caller(event).admin.messages.unread())
    : null;
  return { me, queues, delivery, refusals, messages };
};
