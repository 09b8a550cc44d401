import { z } from 'zod';
import {
  createParentAccount,
  invitationPreview,
  MAX_INVITATIONS_PER_CALL,
  resendActivation,
  sendInvitations,
} from '../accounts';
import { approveAccessRequest, denyAccessRequest, pendingAccessRequests } from './requests';
import { contactRecord, searchContacts } from './contacts';
import { EVIDENCE_KINDS, verifyLink } from './verification';
import { router, staffProcedure, submissionKey } from '../core';

const id = (what: string) => z.uuid(`That is not a valid ${what} reference.`);
const yearGroup = z
  .number('Choose a year group.')
  .int('Choose a year group.')
  .min(7, 'Choose a year group from 7 to 13.')
  .max(13, 'Choose a year group from 7 to 13.');

/** P3/P4 for office and admin staff: the request queue, verification and accounts. */
export const adminAccessRouter = router({
  requests: router({
    pending: staffProcedure('office').query(({ ctx }) => pendingAccessRequests(ctx)),
    approve: staffProcedure('office')
      .input(z.object({ requestId: id('request'), contactId: id('contact'), submissionKey }))
      .mutation(({ ctx, input }) => approveAccessRequest(ctx, input)),
    deny: staffProcedure('office')
      .input(
        z.object({
          requestId: id('request'),
          reason: z.string().trim().min(1, 'Record why the request is refused.').max(2000),
          submissionKey,
        }),
      )
      .mutation(({ ctx, input }) => denyAccessRequest(ctx, input)),
  }),
  contacts: router({
    search: staffProcedure('office')
      // An empty or one-letter search finds nobody, but is still answered only for the office:
      // the page asks even before anything is typed, so its guard is the router's.
      .input(z.object({ search: z.string().trim().max(100, 'Type at most 100 letters.') }))
      .query(({ ctx, input }) => searchContacts(ctx, input.search)),
    get: staffProcedure('office')
      .input(z.object({ contactId: id('contact') }))
      .query(({ ctx, input }) => contactRecord(ctx, input.contactId)),
    verifyLink: staffProcedure('office')
      .input(
        z.object({
          contactId: id('contact'),
          studentId: id('student'),
          relationship: z
            .string()
            .trim()
            .min(1, 'Say how they are related to the student.')
            .max(60),
          evidence: z.enum(EVIDENCE_KINDS, 'Choose the evidence you saw.'),
          note: z.string().trim().min(1, 'Add a note about what you checked.').max(1000),
        }),
      )
      .mutation(({ ctx, input }) => verifyLink(ctx, input)),
  }),
  accounts: router({
    create: staffProcedure('office')
      .input(z.object({ contactId: id('contact'), submissionKey }))
      .mutation(({ ctx, input }) => createParentAccount(ctx, input)),
    resendActivation: staffProcedure('office')
      .input(z.object({ userId: id('account'), submissionKey }))
      .mutation(({ ctx, input }) => resendActivation(ctx, input)),
    // Issue 12 item 3: every confirmed parent of a year group without an account, at once.
    invitationPreview: staffProcedure('office')
      .input(z.object({ yearGroup: yearGroup }))
      .query(({ ctx, input }) => invitationPreview(ctx, input)),
    inviteMany: staffProcedure('office')
      .input(
        z.object({
          contactIds: z
            .array(id('contact'))
            .min(1, 'Choose at least one person to invite.')
            .max(
              MAX_INVITATIONS_PER_CALL,
              `Invite at most ${MAX_INVITATIONS_PER_CALL} people at a time.`,
            ),
          submissionKey,
        }),
      )
      .mutation(({ ctx, input }) => sendInvitations(ctx, input)),
  }),
});
