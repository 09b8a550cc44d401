import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import {
  createCaller,
  fieldErrorsOf,
  publicMessage,
  requiredActionOf,
  type RequiredAction,
} from '@schoolgate/api';

/** The router, called in-process with this request's context. */
export function caller(event: Pick<RequestEvent, 'locals'>) {
  return createCaller(event.locals.ctx);
}

/** Where someone whose password has expired must go before anything else (P11). */
export const CHANGE_PASSWORD_PATH = '/account/password';

/** The page for each thing the router says must come first. */
export const REQUIRED_ACTION_PATHS: Record<RequiredAction, string> = {
  change_password: CHANGE_PASSWORD_PATH,
  accept_policy: '/accept-policy',
  verify_two_factor: '/signin/two-factor',
  enrol_two_factor: '/account/two-factor',
};

/** Where to send someone who is not signed in, bringing them back here afterwards. */
export function signInRedirect(url: URL): never {
  const next = url.pathname + url.search;
  redirect(303, next === '/' ? '/signin' : `/signin?next=${encodeURIComponent(next)}`);
}

/**
 * Runs a router call for a page load, turning refusals into what a person expects: the sign-in
 * page, or an error page with the router's plain-English message.
 */
export async function load<T>(
  event: Pick<RequestEvent, 'url'>,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    if (!(cause instanceof TRPCError)) throw cause;
    if (cause.code === 'UNAUTHORIZED') signInRedirect(event.url);
    const action = requiredActionOf(cause);
    if (action) redirect(303, REQUIRED_ACTION_PATHS[action]);
    if (cause.code === 'INTERNAL_SERVER_ERROR') throw cause;
    error(pageStatus[cause.code] ?? 400, publicMessage(cause));
  }
}

/** The status of the error page a refused page load shows; anything else is a plain 400. */
const pageStatus: Partial<Record<TRPCError['code'], number>> = {
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SERVICE_UNAVAILABLE: 503,
};

const failureStatus: Partial<Record<TRPCError['code'], number>> = {
  UNAUTHORIZED: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * Runs a router call for a form action. A refusal comes back to the form as `fail` carrying the
 * plain-English message, the per-field messages and what the person typed (never a password).
 */
export async function act<T, F extends Record<string, unknown>>(call: () => Promise<T>, fields: F) {
  try {
    return { ok: true as const, value: await call() };
  } catch (cause) {
    if (!(cause instanceof TRPCError)) throw cause;
    if (cause.code === 'INTERNAL_SERVER_ERROR')
      console.error('Form action failed:', cause.cause ?? cause);
    return {
      ok: false as const,
      failure: fail(failureStatus[cause.code] ?? 400, {
        ...fields,
        message: publicMessage(cause),
        fieldErrors: fieldErrorsOf(cause) ?? {},
      }),
    };
  }
}

/** What a signed-in person has still to do, in order: second factor, password, policy. */
export interface Outstanding {
  twoFactor: 'enrol' | 'verify' | 'done' | 'not_required';
  mustChangePassword: boolean;
  mustAcceptPolicy: boolean;
}

/** The page for the first thing still to do, or null when there is nothing. */
export function nextStepPath(outstanding: Outstanding): string | null {
  if (outstanding.twoFactor === 'verify') return REQUIRED_ACTION_PATHS.verify_two_factor;
  if (outstanding.twoFactor === 'enrol') return REQUIRED_ACTION_PATHS.enrol_two_factor;
  if (outstanding.mustChangePassword) return REQUIRED_ACTION_PATHS.change_password;
  if (outstanding.mustAcceptPolicy) return REQUIRED_ACTION_PATHS.accept_policy;
  return null;
}
