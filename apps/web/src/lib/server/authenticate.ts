import type { Handle } from '@sveltejs/kit';
import { createContext } from '@schoolgate/api';
import { getDatabase } from './database';
import { cookieJar, sessionCookie } from './session-cookie';

/** Builds the router context once per request: the session from the cookie, and its user. */
export const authenticate: Handle = async ({ event, resolve }) => {
  event.locals.ctx = await createContext({
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
  return resolve(event);
};

function clientAddress(get: () => string): string | null {
  try {
    return get();
  } catch {
    return null;
  }
}
