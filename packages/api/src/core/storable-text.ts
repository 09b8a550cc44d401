/**
 * Text the database cannot store: a NUL character (Postgres text refuses it) or half of a UTF-16
 * surrogate pair (it would be stored as a replacement character, silently changing what was
 * typed). Any such string anywhere in a request makes the whole request bad input.
 */
// eslint-disable-next-line no-control-regex -- finding the NUL control character is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_TEXT =
  'One of the values contains a character that cannot be stored (such as a NUL byte).';

/** True when `value` holds such a string, in any value or key, up to a sensible depth. */
export function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value);
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => hasUnstorableText(item, depth + 1));
  return Object.entries(value).some(
    ([key, item]) => UNSTORABLE.test(key) || hasUnstorableText(item, depth + 1),
  );
}
