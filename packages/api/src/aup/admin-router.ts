import { z } from 'zod';
import { policyAcceptances } from './acceptances';
import { publishPolicy } from './publish';
import { listPolicyVersions } from './versions';
import { router, staffProcedure, submissionKey } from '../core';

const versionId = z.uuid('That is not a valid version of the policy.');

export const adminPolicyRouter = router({
  /** Every version with how many have accepted it; office and admin. */
  list: staffProcedure('office').query(({ ctx }) => listPolicyVersions(ctx)),

  /** Who has accepted one version and who has not yet; office and admin. */
  acceptances: staffProcedure('office')
    .input(
      z.object({
        versionId,
        limit: z.number().int().min(1).max(1000).default(200),
      }),
    )
    .query(({ ctx, input }) => policyAcceptances(ctx, input)),

  /** A new version everyone must accept from its effective date; admins only. */
  publish: staffProcedure()
    .input(
      z.object({
        title: z
          .string()
          .trim()
          .min(1, 'Enter a title.')
          .max(200, 'Use at most 200 characters for the title.'),
        effectiveDate: z.iso.date(
          'Enter the date it takes effect as a real date, like 2026-09-01.',
        ),
        bodyMarkdown: z
          .string()
          .trim()
          .min(1, 'Enter the text of the policy.')
          .max(50_000, 'Use at most 50,000 characters for the text.'),
        submissionKey,
      }),
    )
    .mutation(({ ctx, input }) => publishPolicy(ctx, input)),
});
