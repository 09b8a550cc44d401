import { error, type Handle } from '@sveltejs/kit';
import { createContext, DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '@schoolgate/api';
import { getDatabase } from './database';
import { cookieJar, sessionCookie } from './session-cookie';

/** Builds the router context once per request: the session from the cookie, and its user. */
export const authenticate: Handle = async ({ event, resolve }) => {
  try {
    event.locals.ctx = await contextFor(event);
  } catch (cause) {
    // The database is restarting or out of reach: the portal's own "try again" page, not a crash.
    if (isDatabaseUnavailable(cause)) error(503, DATABASE_UNAVAILABLE);
    throw cause;
  }
  return resolve(event);
};

async function contextFor(event: Parameters<Handle>[0]['event']) {
  return createContext({
    db: await getDatabase(),
    sessionToken: event.cookies.get(sessionCookie.name) ?? null,
    cookies: cookieJar(event.cookies),
    // Links in emails point back at the address people use (adapter-node: ORIGIN).
    portalUrl: event.url.origin,
    meta: {
      ip: clientAddress(event.getClientAddress),
      userAgent: event.request.headers.get('user-agent'),
    },
  });
}

function clientAddress(get: () => string): string | null {
  try {
    return get();
  } catch {
    return null;
  }
}
