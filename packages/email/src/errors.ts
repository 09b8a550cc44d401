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

/** The SMTP commands at which a 5xx answer is about this message or its address, not the setup. */
const MESSAGE_COMMANDS = new Set(['RCPT TO', 'DATA']);

/**
 * True when the mail server refused this message for good: a 5xx answer to the recipient or to
 * the message itself (no such mailbox, message rejected). Trying again would only repeat it. A
 * 5xx at sign-in or to the sender address is a setup problem that every message shares: those
 * stay temporary, so fixing SMTP_URL or SMTP_FROM delivers the queue without anyone resending.
 * Network failures and 4xx answers are temporary.
 */
export function isPermanentRefusal(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { responseCode, command } = error as { responseCode?: unknown; command?: unknown };
  return (
    typeof responseCode === 'number' &&
    responseCode >= 500 &&
    responseCode < 600 &&
    typeof command === 'string' &&
    MESSAGE_COMMANDS.has(command)
  );
}
