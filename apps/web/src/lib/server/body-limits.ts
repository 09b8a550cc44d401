import { json, type Handle, type RequestEvent } from '@sveltejs/kit';
import {
  apiRequestMayCarryImport,
  MAX_IMPORT_BYTES,
  type Role,
  type SessionUser,
} from '@schoolgate/api';

const MB = 1024 * 1024;

/**
 * What any request may send. The largest forms are the policy and a notice's text (50,000
 * characters each, at most 450 KB even percent-encoded) and the school logo (at most 200 KB), so
 * 1 MB refuses nothing the portal would accept while keeping a flood of bodies cheap to turn away.
 */
export const DEFAULT_BODY_LIMIT = 1 * MB;

interface LargeBodyRoute {
  routeIds: readonly string[];
  /** Who may send this much: the router's own roles for these forms. */
  roles: readonly Role[];
  limit: number;
}

/** The only routes that take files larger than the default, and only from office staff. */
/** An import's files, base64-encoded (at most MAX_IMPORT_BYTES), with room for the rest. */
const IMPORT_BODY_LIMIT = Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + MB;

export const LARGE_BODY_ROUTES: readonly LargeBodyRoute[] = [
  {
    // An import's files (at most MAX_IMPORT_BYTES) come back base64-encoded in the apply form,
    // or go to the download of the dry run's full list of changes.
    routeIds: ['/admin/imports/[kind]', '/admin/imports/[kind]/changes.csv'],
    roles: ['office', 'admin'],
    limit: IMPORT_BODY_LIMIT,
  },
  {
    // A notice's attachment (at most 5 MB, packages/api/src/notices/publishing-rules.ts) and its text.
    routeIds: ['/admin/notices/new', '/admin/notices/[id]'],
    roles: ['office', 'admin'],
    limit: 6 * MB,
  },
];

/**
 * The most this request may send, decided from the route and the signed-in user alone, before any
 * of the body is read. A large limit needs a session that the router would let act: past the second
 * factor, nothing outstanding, not suspended, holding one of the route's roles.
 */
export function bodyLimitFor(routeId: string | null, user: SessionUser | null): number {
  const route = LARGE_BODY_ROUTES.find((r) => routeId !== null && r.routeIds.includes(routeId));
  if (!route || !user || !mayAct(user)) return DEFAULT_BODY_LIMIT;
  return user.roles.some((role) => route.roles.includes(role)) ? route.limit : DEFAULT_BODY_LIMIT;
}

/**
 * The API's one large body (issue 15): a roster import to `tools.roster.*` alone, with a token
 * that is usable now and holds `roster:import`; anything else over the API keeps the default.
 */
const API_ROUTE = '/api/trpc/[...trpc]';

function mayAct(user: SessionUser): boolean {
  return (
    !user.suspended &&
    (user.twoFactor === 'done' || user.twoFactor === 'not_required') &&
    !user.mustChangePassword &&
    !user.mustAcceptPolicy
  );
}

/**
 * Refuses a request body above its limit with 413 before the page or endpoint reads it. A declared
 * Content-Length is checked without reading anything; a chunked body (no length) is read here, up to
 * the limit and no further, and handed on as read. adapter-node's BODY_SIZE_LIMIT (serve.js) stays
 * the ceiling for the largest route. Runs after `authenticate`, which reads only the cookie.
 */
export const bodyLimits: Handle = async ({ event, resolve }) => {
  const limit =
    event.route.id === API_ROUTE && event.request.method === 'POST'
      ? (await apiRequestMayCarryImport(
          event.url,
          event.request.headers.get('authorization'),
          event.locals.ctx,
        ))
        ? IMPORT_BODY_LIMIT
        : DEFAULT_BODY_LIMIT
      : bodyLimitFor(event.route.id, event.locals.ctx.user);
  const declared = event.request.headers.get('content-length');
  if (declared !== null) {
    if (Number(declared) > limit) return tooLarge(event, limit);
  } else if (event.request.body) {
    const bytes = await readAtMost(event.request.body, limit);
    if (!bytes) return tooLarge(event, limit);
    const headers = new Headers(event.request.headers);
    headers.delete('transfer-encoding');
    headers.set('content-length', String(bytes.byteLength));
    event.request = new Request(event.request.url, {
      method: event.request.method,
      headers,
      body: bytes,
      signal: event.request.signal,
    });
  }
  return resolve(event);
};

/** The whole body, or null as soon as it passes `limit` (the rest is never read). */
async function readAtMost(body: ReadableStream<Uint8Array>, limit: number) {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // Not cancelled: cancelling would destroy the connection before the 413 could be sent.
    if (size > limit) return null;
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * 413 with a plain message, as JSON for a program and as text for a browser. The connection is
 * closed after it, so the rest of the body is never read.
 */
function tooLarge(event: RequestEvent, limit: number): Response {
  const message =
    `That is more than this page can take at once: at most ${Math.floor(limit / MB)} MB. ` +
    'Please go back and send less, for example a smaller file.';
  const headers = { connection: 'close', 'cache-control': 'no-store' };
  const accept = event.request.headers.get('accept') ?? '';
  if (accept.includes('application/json') && !accept.includes('text/html')) {
    return json({ message }, { status: 413, headers });
  }
  return new Response(message, {
    status: 413,
    headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' },
  });
}
