import { existsSync } from 'node:fs';
import http from 'node:http';
import { compressResponse } from './src/lib/server/compression.js';
import {
  SECURITY_HEADERS,
  STRICT_TRANSPORT_SECURITY,
  arrivedOverHttps,
} from './src/lib/server/response-headers.js';

// Starts the built portal. `--demo` seeds the demo school into an empty database and prints its
// sign-ins; without it the portal starts on whatever database DATABASE_URL names (or the embedded one).
process.env.PORT ??= '3000';
process.env.NODE_ENV ??= 'production';
// adapter-node's own limit is the most any route takes: a roster import's files, base64-encoded in
// the apply form. Every other route is held to far less, and the import and attachment routes to
// this only for office staff, by the SvelteKit hook in src/lib/server/body-limits.ts.
process.env.BODY_SIZE_LIMIT ??= '30M';
if (process.argv.includes('--demo')) {
  process.env.SCHOOLGATE_DEMO ??= '1';
  // The demo is served straight to a browser on this machine; a real deployment sets ORIGIN to
  // its https:// address (see README).
  process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
}

if (!existsSync(new URL('./build/handler.js', import.meta.url))) {
  console.error('The portal has not been built yet. Run `npm run build` first (or `npm start`).');
  process.exit(1);
}
// adapter-node's handler: static files (sirv), then SvelteKit. Importing it opens the database.
const { handler } = await import('./build/handler.js');

const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT);
// Short enough that a supervisor's SIGTERM ends the process within 10 seconds, in-flight requests
// and the background jobs' shutdown included.
const shutdownSeconds = Number(process.env.SHUTDOWN_TIMEOUT || '5');

// A server of our own rather than adapter-node's build/index.js, so that static files (/_app/*,
// the favicon), which adapter-node serves before SvelteKit's hooks run, carry the security headers
// too. SvelteKit's answers set their own on top (security-headers.ts).
const server = http.createServer((req, res) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const header = (name) => [req.headers[name]].flat()[0];
  if (arrivedOverHttps(process.env, header)) {
    res.setHeader('strict-transport-security', STRICT_TRANSPORT_SECURITY);
  }
  // Pages, JSON and other text in brotli or gzip, as the browser asks; /_app files come
  // precompressed from the build and pass through as they are (src/lib/server/compression.js).
  compressResponse(req, res);
  Promise.resolve(
    handler(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    }),
  ).catch((error) => {
    console.error('Unexpected error serving a request:', error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});

// As in adapter-node: seconds; a proxy that keeps connections open longer than Node does needs
// KEEP_ALIVE_TIMEOUT above its own idle timeout, or it meets closed connections (502s).
if (process.env.KEEP_ALIVE_TIMEOUT) {
  server.keepAliveTimeout = Number(process.env.KEEP_ALIVE_TIMEOUT) * 1000;
}
if (process.env.HEADERS_TIMEOUT) server.headersTimeout = Number(process.env.HEADERS_TIMEOUT) * 1000;

server.listen({ host, port }, () => {
  console.log(`Listening on http://${host}:${port}`);
});

// Graceful shutdown exactly as adapter-node's build/index.js does it: on SIGTERM or SIGINT close
// idle connections and stop accepting; let requests in flight finish, closing each connection as it
// goes idle; after the timeout close what is left; once closed, emit `sveltekit:shutdown`, which
// stops the background jobs and closes the database (src/lib/server/shutdown.ts).
let shutdownTimer;

function gracefulShutdown(reason) {
  if (shutdownTimer) return;
  // A keep-alive connection would hold close() until it timed out, idle or not.
  server.closeIdleConnections();
  server.close((error) => {
    // Only when the server was already closed.
    if (error) return;
    clearTimeout(shutdownTimer);
    process.emit('sveltekit:shutdown', reason);
  });
  shutdownTimer = setTimeout(() => server.closeAllConnections(), shutdownSeconds * 1000);
}

server.on('request', (req) => {
  req.on('close', () => {
    // While shutting down, close each connection as soon as its request is done.
    if (shutdownTimer) server.closeIdleConnections();
  });
});

process.on('SIGTERM', gracefulShutdown);
process.on('SIGINT', gracefulShutdown);
