import { sql, type Expression } from 'kysely';

// SQL twins of the JavaScript text functions an email is made with, for statements that write
// many emails at once: each gives, byte for byte, what its JavaScript original gives.

/** What String.prototype.trim removes: ECMAScript's white space and line terminators. */
export const JS_WHITE_SPACE =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a' +
  '\u2028\u2029\u202f\u205f\u3000\ufeff';

/** `text.trim()`: PostgreSQL's own trim would take spaces only. */
export function trimmedLikeJs(text: Expression<string | null>) {
  return sql<string>`btrim(${text}, ${JS_WHITE_SPACE})`;
}

/** `escapeHtml(text)` of @schoolgate/email: & first, so nothing is escaped twice. */
export function htmlEscaped(text: Expression<string>) {
  return sql<string>`replace(replace(replace(replace(replace(${text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')`;
}

/** `date.toISOString()` of the timestamp as a driver reads it (whole milliseconds, cut not rounded). */
export function isoTimestamp(at: Expression<Date | null>) {
  return sql<string>`to_char(date_trunc('milliseconds', ${at}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
