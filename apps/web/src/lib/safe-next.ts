// The portal's own origin stands in for "this site" when reading a `next` value: what matters is
// whether the browser would stay on the same site, not which address the site has.
const SITE = 'https://portal.invalid';

/**
 * Where to go after signing in: only a path on this site, so nobody can craft a sign-in link that
 * bounces a parent to a look-alike site. The value is read the way a browser reads a link (tabs
 * and line breaks dropped, backslashes as slashes, dot segments resolved), and only a same-site
 * result is kept, written back in plain ASCII so it is always a valid Location header.
 */
export function safeNext(value: string | null): string {
  if (!value || !value.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(value, SITE);
  } catch {
    return '/';
  }
  if (url.origin !== SITE) return '/';
  // A path that became "//host" after dot segments would be read as another site.
  if (url.pathname.startsWith('//')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
