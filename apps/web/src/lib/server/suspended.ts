import { redirect, type Handle } from '@sveltejs/kit';

/** The plain page a suspended person sees instead of anything else (P13, P14). */
export const SUSPENDED_PATH = '/suspended';

/**
 * When this request came from a person whose access is suspended, the router context has already
 * ended their session and cleared the cookie (packages/api/src/create-context.ts), so every page sends
 * them, once, to the neutral notice, which they reach with no session at all: no name, no menu.
 * The HTTP API answers for itself: its procedures refuse with the same neutral message.
 */
export const suspendedNotice: Handle = async ({ event, resolve }) => {
  if (event.locals.ctx.user?.suspended && !event.url.pathname.startsWith('/api/')) {
    // Thrown, not returned: SvelteKit then sends the cleared cookie with the redirect, and turns
    // it into the right answer for a data request or an enhanced form too.
    redirect(303, SUSPENDED_PATH);
  }
  return resolve(event);
};
