import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { caller } from '$lib/server/router';

/**
 * A person's calendar subscription (issue 14), fetched by calendar apps, which send no cookie: the
 * secret address is the credential. Never cached, so an ended access empties it at the next fetch.
 */
export const GET: RequestHandler = async (event) => {
  const text = await caller(event).calendar.feed({ token: event.params.token });
  if (text === null) error(404, 'There is no calendar at this address. It may have been reset.');
  return new Response(text, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="school-calendar.ics"',
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Robots-Tag': 'noindex',
    },
  });
};
