import type { Handle } from '@sveltejs/kit';
import { SECURITY_HEADERS } from './response-headers.js';

/**
 * Headers for what SvelteKit answers. The Content-Security-Policy (with frame-ancestors 'none')
 * comes from `kit.csp` in svelte.config.js. serve.js sets the same security headers on every
 * response, static files included, and Strict-Transport-Security only on requests that came over
 * HTTPS; they are set here as well so that `vite dev` has them.
 */
export const securityHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  const headers = response.headers;
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
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
