import type { Handle } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { admissionLimitsFor, createAdmission, type Admission } from './admission';

export const BUSY_MESSAGE =
  'The portal is very busy just now. Please wait a few seconds and try again: nothing you sent has been saved.';

let admission: Admission | null | undefined;

/**
 * Requests beyond the embedded database's bounded queue get the portal's own 503 "busy" page at
 * once (see admission.ts). The health check is never queued, so a monitor sees the portal alive.
 */
export const busyGate: Handle = async ({ event, resolve }) => {
  if (admission === undefined) {
    const limits = admissionLimitsFor(env);
    admission = limits && createAdmission(limits);
  }
  if (!admission || event.url.pathname === '/health') return resolve(event);
  // Takes a place at once, as the request arrives: no await comes before the counting.
  const leave = await admission.enter();
  if (!leave) return busyResponse(event.request);
  try {
    // PGlite answers in microtasks, so a request would run start to finish before Node even read
    // the next one: every request met an empty queue while the crowd waited unseen in the
    // sockets. Yielding once, holding the place, lets every request that has arrived be counted
    // (and the ones beyond the queue refused) before any of them does its work.
    await new Promise((resolve) => setImmediate(resolve));
    return await resolve(event);
  } finally {
    leave();
  }
};

function busyResponse(request: Request): Response {
  const headers = { 'retry-after': '5', 'cache-control': 'no-store' };
  const wantsPage = (request.headers.get('accept') ?? '').includes('text/html');
  if (!wantsPage) {
    return Response.json(
      { error: { code: 'BUSY', message: BUSY_MESSAGE } },
      { status: 503, headers },
    );
  }
  return new Response(BUSY_PAGE, {
    status: 503,
    headers: {
      ...headers,
      'content-type': 'text/html; charset=utf-8',
      // The page's one inline style is all it loads.
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    },
  });
}

// A page of its own, without the layout: the layout needs the database this page is sparing.
const BUSY_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Busy, please try again · Parent Portal</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; padding: 2rem 1rem; color: #0b0c0c; line-height: 1.5; }
main { max-width: 40rem; margin: 0 auto; }
h1 { font-size: 1.75rem; margin-top: 0; }
a { color: #1d70b8; font-size: 1.125rem; }
a:focus { outline: 3px solid #fd0; background: #fd0; color: #0b0c0c; }
</style>
</head>
<body>
<main>
<h1>The portal is busy</h1>
<p>${BUSY_MESSAGE}</p>
<p><a href="">Try again</a></p>
</main>
</body>
</html>
`;
