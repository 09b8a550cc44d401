import { reserveAttempt } from '@schoolgate/auth';
import { fetchRequestHandler, type FetchHandlerRequestOptions } from '@trpc/server/adapters/fetch';
import type { Context } from './core';
import { apiTokenIdentity, INVALID_API_TOKEN, TOKEN_PREFIX } from './api-tokens';
import { appRouter, type AppRouter } from './root';

/**
 * The most calls one HTTP request may carry. Internal tools' clients batch up to this many; a
 * longer batch is refused whole before any call runs, so one request cannot hold the server.
 */
export const MAX_BATCH_SIZE = 10;

/** Requests per minute for one session or API token (or, before signing in, one address). */
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
  sessionCtx: Context,
  onError?: FetchHandlerRequestOptions<AppRouter>['onError'],
): Promise<Response> {
  const authorization = req.headers.get('authorization');
  if (tokenInAddress(req.url)) return refusal(req, 400, TOKEN_IN_ADDRESS);
  let ctx = sessionCtx;
  if (authorization !== null) {
    if (ctx.session) return refusal(req, 400, BOTH_CREDENTIALS);
    const bearer = /^Bearer ([^\s]+)$/.exec(authorization)?.[1];
    const identity = bearer ? await apiTokenIdentity(ctx.db, bearer, ctx.meta.ip, ctx.now()) : null;
    if (!identity) {
      // Counted against the address like any request, so guessing tokens is throttled too.
      const allowed =
        !ctx.meta.ip ||
        (await reserveAttempt(ctx.db, `api-address:${ctx.meta.ip}`, ctx.now(), API_LIMIT));
      if (!allowed) {
        return refusal(req, 429, TOO_MANY_REQUESTS, {
          'Retry-After': String(API_LIMIT.lockoutSeconds),
        });
      }
      return refusal(req, 401, INVALID_API_TOKEN, { 'WWW-Authenticate': 'Bearer' });
    }
    ctx = { ...ctx, apiToken: identity };
  }
  const who = ctx.apiToken
    ? `api-token:${ctx.apiToken.id}`
    : ctx.session
      ? `api-session:${ctx.session.id}`
      : ctx.meta.ip
        ? `api-address:${ctx.meta.ip}`
        : null;
  if (who && !(await reserveAttempt(ctx.db, who, ctx.now(), API_LIMIT))) {
    return refusal(req, 429, TOO_MANY_REQUESTS, {
      'Retry-After': String(API_LIMIT.lockoutSeconds),
    });
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

const IMPORT_PROCEDURES = new Set(['tools.roster.preview', 'tools.roster.run']);

/**
 * Whether an API request may send an import's size of body (issue 15): it calls only the roster
 * import procedures, with a token usable now that holds `roster:import`. Decided before the body
 * is read, so nobody without such a token can make the portal read more than the default.
 */
export async function apiRequestMayCarryImport(
  url: URL,
  authorization: string | null,
  ctx: Pick<Context, 'db' | 'now' | 'meta'>,
): Promise<boolean> {
  const procedures = url.pathname.replace(/^.*\/api\/trpc\/?/, '').split(',');
  if (!procedures.every((p) => IMPORT_PROCEDURES.has(p))) return false;
  const bearer = /^Bearer ([^\s]+)$/.exec(authorization ?? '')?.[1];
  if (!bearer) return false;
  const token = await apiTokenIdentity(ctx.db, bearer, ctx.meta.ip, ctx.now());
  return token?.scopes.includes('roster:import') ?? false;
}

export const TOKEN_IN_ADDRESS =
  'Send an API token only in the Authorization header, never in the address: addresses are written to logs. Ask an administrator to revoke this token and make a new one.';

const BOTH_CREDENTIALS = 'Send either a signed-in session or an API token, not both.';

const TOKEN_PATTERN = new RegExp(`${TOKEN_PREFIX}[a-z2-7]{32}`, 'i');

/** A token anywhere in the address (path or query): refused, whatever the parameter's name. */
export function tokenInAddress(url: string): boolean {
  // Each escape decoded on its own (twice, for an escaped escape), so one malformed escape
  // elsewhere in the address cannot hide a token spelled with escapes.
  const once = decodeEach(url);
  return (
    TOKEN_PATTERN.test(url) || TOKEN_PATTERN.test(once) || TOKEN_PATTERN.test(decodeEach(once))
  );
}

function decodeEach(text: string): string {
  return text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

const REFUSAL_CODES = {
  400: { code: 'BAD_REQUEST', rpc: -32600 },
  401: { code: 'UNAUTHORIZED', rpc: -32001 },
  429: { code: 'TOO_MANY_REQUESTS', rpc: -32029 },
} as const;

/**
 * A request refused before the router runs, in the router's own error shape so @trpc/client reads
 * it like any other refusal: for a batch, one error per call it carried.
 */
function refusal(
  req: Request,
  status: keyof typeof REFUSAL_CODES,
  message: string,
  headers: Record<string, string> = {},
) {
  const { code, rpc } = REFUSAL_CODES[status];
  const error = { error: { message, code: rpc, data: { code, httpStatus: status } } };
  const url = new URL(req.url);
  const calls = url.pathname.replace(/^.*\/api\/trpc\/?/, '').split(',').length;
  const body =
    url.searchParams.get('batch') === '1' ? Array.from({ length: calls }, () => error) : error;
  return Response.json(body, { status, headers });
}
