import { json, type RequestHandler } from '@sveltejs/kit';
import { handleApiRequest } from '@schoolgate/api';

/**
 * The typed router over HTTP, for internal tools using @trpc/client. It answers with the same
 * context and rules as the pages. Requests that change things must come from this site: a browser
 * always sends Origin on a cross-site POST, so a foreign one is refused before the router runs.
 */
const handler: RequestHandler = async (event) => {
  const origin = event.request.headers.get('origin');
  if (event.request.method !== 'GET' && origin !== null && origin !== event.url.origin) {
    return json({ error: { message: 'Cross-site requests are not allowed.' } }, { status: 403 });
  }
  return handleApiRequest(event.request, event.locals.ctx, ({ error, path }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      console.error(`API error in ${path ?? 'unknown procedure'}:`, error.cause ?? error);
    }
  });
};

export const GET = handler;
export const POST = handler;
