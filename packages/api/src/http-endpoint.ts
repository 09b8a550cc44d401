import { reserveAttempt } from '@schoolgate/auth';
import { fetchRequestHandler, type FetchHandlerRequestOptions } from '@trpc/server/adapters/fetch';
import type { Context } from './core';
import { appRouter, type AppRouter } from './root';

/**
 * The most calls one HTTP request may carry. Internal tools' clients batch up to this many; a
 * longer batch is refused whole before any call runs, so one request cannot hold the server.
 */
export const MAX_BATCH_SIZE = 10;

/** Requests per minute for one session (or, before signing in, one address). */
export const API_REQUESTS_PER_MINUTE = 120;
const API_LIMIT = { maxFailures: API_REQUESTS_PER_MINUTE, windowSeconds: 60, lockoutSeconds: 60 };

export const TOO_MANY_REQUESTS = 'Too many requests. Please wait a minute and try again.';

/**
 * The typed router over HTTP (/api/trpc) for internal tools, with the same context and rules as
 * the pages. Each request is counted against its session or address before anything runs; past
 * the limit it is answered 429 with Retry-After, so one flooding client cannot starve the rest.
 */
export async function handleApiRequest(
  req: Request,
  ctx: Context,
  onError?: FetchHandlerRequestOptions<AppRouter>['onError'],
): Promise<Response> {
  const who = ctx.session
    ? `api-session:${ctx.session.id}`
    : ctx.meta.ip
      ? `api-address:${ctx.meta.ip}`
      : null;
  if (who && !(await reserveAttempt(ctx.db, who, ctx.now(), API_LIMIT))) {
    return Response.json(
      {
        error: { message: TOO_MANY_REQUESTS, data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429 } },
      },
      { status: 429, headers: { 'Retry-After': String(API_LIMIT.lockoutSeconds) } },
    );
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => ctx,
    maxBatchSize: MAX_BATCH_SIZE,
    ...(onError ? { onError } : {}),
  });
}
