import type { Handle } from '@sveltejs/kit';
import { TOKEN_IN_ADDRESS, tokenInAddress } from '@schoolgate/api';

/**
 * API tokens (issue 15) work only on the typed API, in the Authorization header: pages and form
 * actions are a person's, and a token in an address ends up in logs and browser history. Both are
 * refused here before anything else runs. The API endpoint (handleApiRequest) checks its own
 * requests, token and address alike, and answers in the router's error shape for its clients.
 */
export const apiTokensOnlyOnApi: Handle = ({ event, resolve }) => {
  if (event.url.pathname.startsWith('/api/trpc')) return resolve(event);
  if (tokenInAddress(event.url.href)) return plainRefusal(TOKEN_IN_ADDRESS);
  if (event.request.headers.has('authorization')) {
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
