import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { apiTokensOnlyOnApi } from '$lib/server/api-tokens';
import { authenticate } from '$lib/server/authenticate';
import { bodyLimits } from '$lib/server/body-limits';
import { busyGate } from '$lib/server/busy';
import { clientAddress } from '$lib/server/client-address';
import { expectedErrorMessage } from '$lib/server/expected-errors';
import { formBodies } from '$lib/server/form-bodies';
import { startBackgroundJobs } from '$lib/server/background-jobs';
import { getDatabase } from '$lib/server/database';
import { securityHeaders } from '$lib/server/security-headers';
import { suspendedNotice } from '$lib/server/suspended';

/** Open, migrate (and in demo mode seed) the database and start the timers before the first request. */
export const init: ServerInit = async () => {
  const db = await getDatabase();
  if (!building) await startBackgroundJobs(db);
};

// The busy gate comes before anything uses the database. The body limit needs the signed-in
// user's roles, and comes before anything reads the body; a form that cannot be read is a 400
// wherever it is read, after the limit may have replaced it.
export const handle: Handle = sequence(
  securityHeaders,
  apiTokensOnlyOnApi,
  busyGate,
  clientAddress,
  authenticate,
  bodyLimits,
  formBodies,
  suspendedNotice,
);

/**
 * Unexpected errors are logged with a reference; the person sees only the reference. A 4xx that
 * SvelteKit raised itself (405, 415, an unknown action) is the sender's mistake: its plain message,
 * nothing logged.
 */
export const handleError: HandleServerError = ({ error, status }) => {
  const expected = expectedErrorMessage(status);
  if (expected) return { message: expected };
  const reference = crypto.randomUUID().slice(0, 8);
  console.error(`Unexpected error (reference ${reference}):`, error);
  return {
    message: 'Something went wrong on our side. Please try again later.',
    reference,
  };
};
