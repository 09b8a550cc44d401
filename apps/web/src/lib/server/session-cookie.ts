import type { Cookies } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { sessionCookieSpec } from '@schoolgate/auth';
import type { SessionCookieJar } from '@schoolgate/api';

/** Secure, `__Host-` cookies everywhere but the development server. */
export const sessionCookie = sessionCookieSpec(!dev);

/**
 * The long-lived device cookie (P5): a random id whose hash identifies this browser in
 * `user_devices`, so a sign-in from a browser the account has not used is reported. Flagged like the
 * session cookie; 400 days, the longest browsers allow. Never set on a public or shared computer.
 */
export const deviceCookie = {
  name: sessionCookie.attributes.secure ? '__Host-schoolgate_device' : 'schoolgate_device',
  attributes: { ...sessionCookie.attributes, maxAge: 400 * 24 * 60 * 60 },
};

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
    deviceId() {
      return cookies.get(deviceCookie.name) ?? null;
    },
    setDeviceId(id) {
      cookies.set(deviceCookie.name, id, deviceCookie.attributes);
    },
  };
}
