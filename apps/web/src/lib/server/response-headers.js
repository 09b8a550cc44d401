// The headers every response carries, pages and static files alike. Plain JavaScript because two
// places use it: serve.js, which sets them on every response before adapter-node's static file
// server answers (it runs before SvelteKit's hooks), and the SvelteKit hook (security-headers.ts),
// which keeps them under `vite dev` too. The Content-Security-Policy of pages comes from `kit.csp`.

/** @type {Readonly<Record<string, string>>} */
export const SECURITY_HEADERS = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
});

export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * Whether this request reached the portal over HTTPS, so that it may carry Strict-Transport-Security
 * (browsers ignore it over plain HTTP, and sending it there only misleads). Node never speaks TLS
 * here: a proxy in front does. When PROTOCOL_HEADER names the header that proxy sets, its value for
 * this request decides (a proxy that also answers plain HTTP says so per request); otherwise ORIGIN,
 * the address people use, does. With neither we cannot know, so no.
 *
 * @param {{ ORIGIN?: string | undefined; PROTOCOL_HEADER?: string | undefined }} env
 * @param {(name: string) => string | null | undefined} header a request header by lower-case name
 * @returns {boolean}
 */
export function arrivedOverHttps(env, header) {
  const protocolHeader = env.PROTOCOL_HEADER?.trim().toLowerCase();
  const stated = protocolHeader ? header(protocolHeader)?.trim().toLowerCase() : undefined;
  if (stated) return stated === 'https';
  return /^https:\/\//i.test(env.ORIGIN?.trim() ?? '');
}
