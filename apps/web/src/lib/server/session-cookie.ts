import type { Cookies } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { sessionCookieSpec } from '@schoolgate/auth';
import type { SessionCookieJar } from '@schoolgate/api';

/** Secure, `__Host-` cookies everywhere but the development server. */
export const sessionCookie = sessionCookieSpec(!dev);

/** Lets the router set and clear the session cookie through SvelteKit's cookies. */
export function cookieJar(cookies: Cookies): SessionCookieJar {
  return {
    set(token, expiresAt) {
      cookies.set(sessionCookie.name, token, {
        ...sessionCookie.attributes,
        ...(expiresAt ? { expires: expiresAt } : {}),
      });
    },
    clear() {
      cookies.delete(sessionCookie.name, sessionCookie.attributes);
    },
  };
}
