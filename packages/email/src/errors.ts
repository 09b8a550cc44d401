const MAX_ERROR_LENGTH = 300;

/**
 * A short, single-line description of a failure that is safe to store and log: credentials in
 * URLs (`user:pass@`) and SMTP AUTH arguments are removed.
 */
export function safeErrorText(error: unknown): string {
  const code =
    error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  const message = error instanceof Error ? error.message : String(error);
  const text = (code && !message.includes(code) ? `${code}: ${message}` : message)
    .replace(/[^\s/:@]+:[^\s@]*@/g, '***@')
    .replace(/\b(AUTH\s+\S+)\s+\S+/gi, '$1 ***')
    .replace(/\s+/g, ' ')
    .trim();
  return (text || 'unknown error').slice(0, MAX_ERROR_LENGTH);
}
