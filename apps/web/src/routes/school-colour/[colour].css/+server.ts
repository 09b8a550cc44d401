import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * The school's colour as a stylesheet (issue 12): the page's CSP allows styles only from the
 * portal itself, never inline. The colour is in the address, so nothing is read from the database
 * and the file never changes: a new colour is a new address. `:root:root` outranks tokens.css's
 * `:root` wherever the link lands in the head.
 */
export const GET: RequestHandler = ({ params }) => {
  if (!/^[0-9a-f]{6}$/.test(params.colour)) error(404, 'There is no such colour.');
  return new Response(`:root:root{--brand:#${params.colour}}\n`, {
    headers: {
      'Content-Type': 'text/css; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'public, max-age=31536000, immutable',
    },
  });
};
