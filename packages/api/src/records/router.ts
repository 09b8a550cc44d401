import { z } from 'zod';
import { INFORMATION_REQUEST_KINDS } from './deadlines';
import {
  completeInformationRequest,
  createInformationRequest,
  findRequestSubjects,
  listInformationRequests,
  withdrawInformationRequest,
} from './requests';
import { EXPORT_FORMATS } from './subject-access/contents';
import { exportSubjectAccess } from './subject-access/export';
import { router, staffProcedure, submissionKey } from '../core';

const studentId = z.uuid('That is not a valid student reference.');
const contactId = z.uuid('That is not a valid parent or carer reference.');
const requestId = z.uuid('That is not a valid request reference.');
const format = z.enum(EXPORT_FORMATS, 'Choose PDF or JSON.');
const closingNote = z
  .string()
  .trim()
  .max(2000, 'Keep the note to 2,000 characters.')
  .optional()
  .transform((v) => v || undefined);

// The office and administrators answer information requests (P10, P15).
const office = staffProcedure('office');

export const adminInformationRequestsRouter = router({
  /** The request log: open requests first, soonest due first, with how long is left. */
  list: office
    .input(z.object({ status: z.enum(['open', 'all']).default('all') }))
    .query(({ ctx, input }) => listInformationRequests(ctx, input)),

  /** Logs a request; its statutory deadline is worked out from the date received. */
  create: office
    .input(
      z
        .object({
          kind: z.enum(
            INFORMATION_REQUEST_KINDS,
            'Choose a subject access request or an educational record request.',
          ),
          studentId: studentId.optional(),
          contactId: contactId.optional(),
          requester: z
            .string()
            .trim()
            .min(1, 'Say who made the request.')
            .max(200, 'Keep the requester to 200 characters.'),
          receivedOn: z
            .string()
            .trim()
            .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date the request was received.'),
          note: z
            .string()
            .trim()
            .max(2000, 'Keep the note to 2,000 characters.')
            .optional()
            .transform((v) => v || undefined),
          submissionKey,
        })
        .refine((r) => !!r.studentId !== !!r.contactId, {
          message: 'Choose the student or the parent or carer the request is about.',
          path: ['subject'],
        }),
    )
    .mutation(({ ctx, input }) => createInformationRequest(ctx, input)),

  /** Marks a request answered. */
  complete: office
    .input(z.object({ id: requestId, note: closingNote }))
    .mutation(({ ctx, input }) => completeInformationRequest(ctx, input.id, input.note)),

  /** Marks a request withdrawn. */
  withdraw: office
    .input(z.object({ id: requestId, note: closingNote }))
    .mutation(({ ctx, input }) => withdrawInformationRequest(ctx, input.id, input.note)),

  /** Students and parents or carers a request can be about, by name (or email), or by id. */
  findSubjects: office
    .input(
      z.object({
        search: z.string().trim().max(100, 'Search for at most 100 characters.').optional(),
        studentId: studentId.optional(),
        contactId: contactId.optional(),
      }),
    )
    .query(({ ctx, input }) => findRequestSubjects(ctx, input)),

  /** Everything held about a student, as PDF or JSON; audited. */
  exportStudent: office
    .input(z.object({ studentId, format, requestId: requestId.optional() }))
    .query(({ ctx, input }) =>
      exportSubjectAccess(ctx, {
        kind: 'student',
        id: input.studentId,
        format: input.format,
        requestId: input.requestId,
      }),
    ),

  /** Everything held about a parent or carer, as PDF or JSON; audited. */
  exportContact: office
    .input(z.object({ contactId, format, requestId: requestId.optional() }))
    .query(({ ctx, input }) =>
      exportSubjectAccess(ctx, {
        kind: 'contact',
        id: input.contactId,
        format: input.format,
        requestId: input.requestId,
      }),
    ),
});
