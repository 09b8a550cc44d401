import { z } from 'zod';
import { roleProcedure, router, submissionKey, tokenProcedure } from '../core';
import { API_SCOPE_NAMES, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from './scopes';
import { createApiToken, listApiTokens, revokeApiToken } from './tokens';
import { accountsNotAcceptedPolicy, tokenDetails } from './tools';
import { allowedRangeProblem } from './ranges';
import {
  attendanceMarksInput,
  attendanceMarksOutput,
  auditSearchInput,
  auditSearchOutput,
  importResultOutput,
  notAcceptedPolicyOutput,
  rosterImportInput,
  whoAmIOutput,
} from './operations';
import { attendanceExport } from './attendance-export';
import { auditSearch } from './audit-search';
import { decodeFiles, runImport } from '../imports';

const newToken = z.object({
  name: z
    .string('Give the token a name, like “Nightly absence export”.')
    .trim()
    .min(1, 'Give the token a name, like “Nightly absence export”.')
    .max(80, 'Keep the name to 80 characters or fewer.'),
  scopes: z
    .array(z.enum(API_SCOPE_NAMES, 'Choose what the token may do from the list.'))
    .min(1, 'Choose at least one thing the token may do.')
    .max(API_SCOPE_NAMES.length, 'Choose what the token may do from the list.'),
  days: z
    .int(`Enter a whole number of days from 1 to ${MAX_TOKEN_DAYS}.`)
    .min(1, `Enter a whole number of days from 1 to ${MAX_TOKEN_DAYS}.`)
    .max(MAX_TOKEN_DAYS, `Enter a whole number of days from 1 to ${MAX_TOKEN_DAYS}.`)
    .default(DEFAULT_TOKEN_DAYS),
  allowedRange: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .string('Enter an address range like 203.0.113.0/24, or leave it empty.')
      .trim()
      .max(50, 'Enter an address range like 203.0.113.0/24, or leave it empty.')
      .superRefine((value, ctx) => {
        const problem = allowedRangeProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  ),
  submissionKey,
});

// Only administrators make and revoke tokens: a token is a standing credential for the school.
const admin = roleProcedure('admin');

/** Staff side: /admin/api-tokens. */
export const apiTokensAdminRouter = router({
  list: admin.query(({ ctx }) => listApiTokens(ctx)),
  create: admin.input(newToken).mutation(({ ctx, input }) => createApiToken(ctx, input)),
  revoke: admin
    .input(z.object({ id: z.uuid('That is not a valid token reference.') }))
    .mutation(({ ctx, input }) => revokeApiToken(ctx, input.id)),
});

/** Internal tools, with an API token only (issue 15). */
export const toolsRouter = router({
  /** The token's own name, scopes and expiry: any valid token. */
  whoAmI: tokenProcedure(null)
    .output(whoAmIOutput)
    .query(({ ctx }) => tokenDetails(ctx)),
  accounts: router({
    notAcceptedPolicy: tokenProcedure('accounts:read')
      .output(notAcceptedPolicyOutput)
      .query(({ ctx }) => accountsNotAcceptedPolicy(ctx)),
  }),
  attendance: router({
    /** Marks for a range of days, for an SMS provider's export (docs/internal-tools.md). */
    marks: tokenProcedure('attendance:read')
      .input(attendanceMarksInput)
      .output(attendanceMarksOutput)
      .query(({ ctx, input }) => attendanceExport(ctx, input)),
  }),
  audit: router({
    /** The audit log, a range of days a page at a time, newest first (docs/internal-tools.md). */
    search: tokenProcedure('audit:read')
      .input(auditSearchInput)
      .output(auditSearchOutput)
      .query(({ ctx, input }) => auditSearch(ctx, input)),
  }),
  /**
   * The roster from the school's management system, with the office's import code and limits:
   * imported as the token's owner, the import's audit entry naming the token.
   */
  roster: router({
    preview: tokenProcedure('roster:import')
      .input(rosterImportInput)
      .output(importResultOutput)
      .mutation(({ ctx, input }) =>
        runImport(ctx.db, {
          kind: 'oneroster',
          files: decodeFiles(input.files),
          apply: false,
          full: input.full,
          now: ctx.now(),
          userId: ctx.apiToken.ownerUserId,
          apiToken: { id: ctx.apiToken.id, name: ctx.apiToken.name },
        }),
      ),
    /** Applies the import ("apply" is a name tRPC keeps for itself). */
    run: tokenProcedure('roster:import')
      .input(rosterImportInput)
      .output(importResultOutput)
      .mutation(({ ctx, input }) =>
        runImport(ctx.db, {
          kind: 'oneroster',
          files: decodeFiles(input.files),
          apply: true,
          full: input.full,
          now: ctx.now(),
          userId: ctx.apiToken.ownerUserId,
          ip: ctx.meta.ip,
          userAgent: ctx.meta.userAgent,
          apiToken: { id: ctx.apiToken.id, name: ctx.apiToken.name },
        }),
      ),
  }),
});
