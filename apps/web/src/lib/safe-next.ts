/**
 * Where to go after signing in: only a path on this site, so nobody can craft a sign-in link that
 * bounces a parent to a look-alike site.
 */
export function safeNext(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return '/';
  }
  return value;
}
