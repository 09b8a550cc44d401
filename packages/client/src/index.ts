// What an internal tool imports (issue 15): a client for the portal's typed API with the router's
// types, and nothing of the server. Only types come from @schoolgate/api (`import type`), so a
// bundle for Node or a browser holds @trpc/client and this file, never the database or its driver.
import { TRPCClientError, createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@schoolgate/api';

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/**
 * The most calls the portal accepts in one request (its MAX_BATCH_SIZE): a longer batch would be
 * refused whole, so the client splits at this size. A test keeps the two equal.
 */
export const PORTAL_MAX_BATCH_SIZE = 10;

export interface SchoolgateClientOptions {
  /** The portal's address, like https://portal.example-school.org.uk (no /api/trpc). */
  url: string;
  /** An API token made at /admin/api-tokens (`sgt_…`). Sent only in the Authorization header. */
  token: string;
  /** A fetch of your own (a proxy agent, a test); the platform's by default. */
  fetch?: typeof globalThis.fetch;
}

export type SchoolgateClient = TRPCClient<AppRouter>;

/**
 * A client for the portal's API, authenticated with an API token. Its calls are batched (at most
 * the portal's batch size per request); a refused call throws a `SchoolgateError`-shaped
 * `TRPCClientError` (read it with `schoolgateErrorOf`).
 */
export function createSchoolgateClient(options: SchoolgateClientOptions): SchoolgateClient {
  if (!/^https?:\/\//.test(options.url)) {
    throw new Error('The portal address must start with https:// (or http:// for a test).');
  }
  if (!options.token.startsWith('sgt_')) {
    throw new Error(
      'That is not an API token: tokens start with sgt_. Make one at /admin/api-tokens.',
    );
  }
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${options.url.replace(/\/+$/, '')}/api/trpc`,
        maxItems: PORTAL_MAX_BATCH_SIZE,
        headers: { authorization: `Bearer ${options.token}` },
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}

/** The portal's error codes, as its router names them. */
export type SchoolgateErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'PAYLOAD_TOO_LARGE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR'
  | (string & {});

/** A refused call in the portal's words: its code, its plain message and any per-field messages. */
export interface SchoolgateError {
  code: SchoolgateErrorCode;
  message: string;
  httpStatus: number | null;
  fieldErrors: Record<string, string[]>;
}

/**
 * What the portal said when it refused a call, or null when `error` is not the portal's answer (a
 * network failure, a bug in the tool): a script can branch on `code` and print `message`.
 */
export function schoolgateErrorOf(error: unknown): SchoolgateError | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = (error.data ?? {}) as {
    code?: string;
    httpStatus?: number;
    fieldErrors?: Record<string, string[]> | null;
  };
  // An answer refused before the router ran (a bad token, a limit) carries its code the same way.
  const shape = (error.shape ?? {}) as { data?: typeof data };
  const found = { ...shape.data, ...data };
  if (!found.code) return null;
  return {
    code: found.code,
    message: error.message,
    httpStatus: found.httpStatus ?? null,
    fieldErrors: found.fieldErrors ?? {},
  };
}
