import type { Handle } from '@sveltejs/kit';
import { tokenInAddress } from '@schoolgate/api';

/**
 * API tokens (issue 15) work only on the typed API, in the Authorization header: pages and form
 * actions are a person's, and a token in an address ends up in logs and browser history. Both are
 * refused before anything else runs; the API endpoint itself checks the token.
 */
export const apiTokensOnlyOnApi: Handle = ({ event, resolve }) => {
  const isApi = event.url.pathname.startsWith('/api/trpc');
  if (tokenInAddress(event.url.href)) {
    return plainRefusal(
      'Send an API token only in the Authorization header, never in the address: addresses are written to logs. Ask an administrator to revoke this token and make a new one.',
    );
  }
  if (!isApi && event.request.headers.has('authorization')) {
    return plainRefusal('API tokens work only with the API at /api/trpc, not with pages or forms.');
  }
  return resolve(event);
};

function plainRefusal(message: string): Response {
  return new Response(message, {
    status: 400,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
