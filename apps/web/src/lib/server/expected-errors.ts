/**
 * The plain words for a refusal SvelteKit makes itself before any of our code runs: a POST to a
 * page with no form actions (405), JSON or another body sent to a form action (415), an action
 * name the page does not have. These are the sender's mistakes, not ours: they are answered with
 * their own status and never logged as unexpected errors.
 */
const MESSAGES: Record<number, string> = {
  400: 'The request was not understood.',
  404: 'Page not found.',
  405: 'That cannot be sent to this page.',
  413: 'That is more than this page can take at once.',
  415: 'This page takes forms only. Please use the form on the page.',
};

/** The message for a 4xx SvelteKit raised itself, or null for a real (5xx) failure. */
export function expectedErrorMessage(status: number): string | null {
  if (status < 400 || status >= 500) return null;
  return MESSAGES[status] ?? 'The request was not understood.';
}
