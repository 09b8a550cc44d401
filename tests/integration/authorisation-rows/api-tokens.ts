import type { Role } from '@schoolgate/api';

/**
 * API tokens (issue 15). Administrators alone make, list and revoke them; no person, whatever their
 * roles, calls a `tools` procedure: those answer only API tokens (the table below).
 */
export const API_TOKENS_ROWS: Record<string, readonly Role[]> = {
  'admin.apiTokens.list': ['admin'],
  'admin.apiTokens.create': ['admin'],
  'admin.apiTokens.revoke': ['admin'],
  'tools.whoAmI': [],
  'tools.accounts.notAcceptedPolicy': [],
  'tools.attendance.marks': [],
  'tools.audit.search': [],
  'tools.roster.preview': [],
  'tools.roster.run': [],
};

/**
 * The "token with scope X" column: the scope each procedure needs of an API token, or `null` when
 * any valid token may call it. A procedure not listed here refuses every token, whatever its
 * scopes: deny by default.
 */
export const TOKEN_SCOPE_TABLE: Record<string, string | null> = {
  'tools.whoAmI': null,
  'tools.accounts.notAcceptedPolicy': 'accounts:read',
  'tools.attendance.marks': 'attendance:read',
  'tools.audit.search': 'audit:read',
  'tools.roster.preview': 'roster:import',
  'tools.roster.run': 'roster:import',
};
