import { z } from 'zod';
import { API_SCOPES, type ApiScope } from './scopes';

/**
 * Every procedure an API token can call (issue 15), with what it answers: the router validates its
 * answers against these schemas, and the OpenAPI description is generated from them, so neither
 * can drift from the other.
 */
export const whoAmIOutput = z.object({
  name: z.string().describe('The token’s name, as the audit log shows it.'),
  scopes: z.array(z.string()).describe('What the token may do.'),
  expiresAt: z.iso.datetime().describe('When the token stops working.'),
});

export const notAcceptedPolicyOutput = z.array(
  z.object({
    username: z.string(),
    kind: z.enum(['parent', 'student', 'staff']),
    lastSignedInAt: z.iso.datetime().nullable().describe('Null when they have never signed in.'),
  }),
);

export interface ToolOperation {
  /** The procedure's path, as the URL names it: /api/trpc/<path>. */
  path: string;
  /** The scope a token needs, or null for any valid token. */
  scope: ApiScope | null;
  summary: string;
  output: z.ZodType;
}

export const TOOL_OPERATIONS: readonly ToolOperation[] = [
  {
    path: 'tools.whoAmI',
    scope: null,
    summary: 'The token’s own name, scopes and expiry.',
    output: whoAmIOutput,
  },
  {
    path: 'tools.accounts.notAcceptedPolicy',
    scope: 'accounts:read',
    summary: API_SCOPES['accounts:read'],
    output: notAcceptedPolicyOutput,
  },
];
