import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { authenticate } from '$lib/server/authenticate';
import { bodyLimits } from '$lib/server/body-limits';
import { clientAddress } from '$lib/server/client-address';
import { startBackgroundJobs } from '$lib/server/background-jobs';
import { getDatabase } from '$lib/server/database';
import { securityHeaders } from '$lib/server/security-headers';
import { suspendedNotice } from '$lib/server/suspended';

/** Open, migrate (and in demo mode seed) the database and start the timers before the first request. */
export const init: ServerInit = async () => {
  const db = await getDatabase();
  if (!building) await startBackgroundJobs(db);
};

// The body limit needs the signed-in user's roles, and comes before anything reads the body.
export const handle: Handle = sequence(
  securityHeaders,
  clientAddress,
  authenticate,
  bodyLimits,
  suspendedNotice,
);

/** Unexpected errors are logged with a reference; the person sees only the reference. */
export const handleError: HandleServerError = ({ error, status }) => {
  if (status === 404) return { message: 'Page not found.' };
  const reference = crypto.randomUUID().slice(0, 8);
  console.error(`Unexpected error (reference ${reference}):`, error);
  return {
    message: 'Something went wrong on our side. Please try again later.',
    reference,
  };
};
