/**
 * What an API token may be allowed to do (issue 15). Each scope opens only the `tools` procedures
 * that name it; a token never reaches a person's procedures (a parent's, a student's, a member of
 * staff's) whatever its scopes. A scope is listed here only once a procedure needs it.
 */
export const API_SCOPES = {
  'accounts:read': 'Read the list of accounts and whether each has accepted the policy in force.',
  'audit:read':
    'Read the audit log for a range of days (at most 31), newest first, a page at a time: what the staff audit page shows.',
  'attendance:read':
    'Read attendance marks for a range of days (at most 31), with the contacts to tell: for an SMS provider’s export.',
  'roster:import':
    'Import the roster (a OneRoster zip): a dry run, or apply it, as the office’s import page does.',
} as const;

export type ApiScope = keyof typeof API_SCOPES;

export const API_SCOPE_NAMES = Object.keys(API_SCOPES) as [ApiScope, ...ApiScope[]];

export function isApiScope(value: string): value is ApiScope {
  return Object.hasOwn(API_SCOPES, value);
}

/** Tokens live 90 days unless the administrator chooses otherwise, and never more than a year. */
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;

/** Every token starts with this, so a leaked one is easy to recognise (and to scan for). */
export const TOKEN_PREFIX = 'sgt_';
