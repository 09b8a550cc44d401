import type { Handle } from '@sveltejs/kit';
import { dev } from '$app/environment';

/**
 * Headers every response carries. The Content-Security-Policy (with frame-ancestors 'none') comes
 * from `kit.csp` in svelte.config.js; these cover what CSP does not.
 */
export const securityHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  const headers = response.headers;
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'same-origin');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
  if (!dev) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  // Personal data must never sit in a browser's or proxy's cache (P10): nothing that depends on a
  // session, and nothing that sets or clears one, may be stored.
  if (
    event.locals.ctx?.user ||
    headers.has('set-cookie') ||
    event.url.pathname.startsWith('/admin')
  ) {
    headers.set('Cache-Control', 'no-store');
  }
  return response;
};
