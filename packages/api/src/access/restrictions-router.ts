import { z } from 'zod';
import { listRestrictions, studentLinksForRestrictions } from './restriction-records';
import {
  COURT_ORDER_TYPES,
  createRestriction,
  liftRestriction,
  RESTRICTION_REASONS,
  RESTRICTION_TARGETS,
} from './restrictions';
import { router, staffProcedure, submissionKey } from '../core';

const note = z
  .string('Write a note.')
  .trim()
  .min(1, 'Write a note.')
  .max(2000, 'Keep the note to 2,000 characters or fewer.');

const restrictionBase = z.object({
  target: z.object(
    {
      kind: z.enum(RESTRICTION_TARGETS, 'Choose whose access to revoke.'),
      id: z.uuid('Choose whose access to revoke.'),
    },
    'Choose whose access to revoke.',
  ),
  note,
  submissionKey,
});

const otherReasons = RESTRICTION_REASONS.filter(
  (r): r is Exclude<(typeof RESTRICTION_REASONS)[number], 'court_order'> => r !== 'court_order',
);

/** A court order needs its type, date, scope and document reference (P13); other reasons do not. */
const newRestriction = z.discriminatedUnion(
  'reason',
  [
    restrictionBase.extend({
      reason: z.literal('court_order'),
      courtOrderType: z.enum(COURT_ORDER_TYPES, 'Choose the type of court order.'),
      courtOrderDate: z.iso.date('Enter the date of the court order, for example 2026-03-14.'),
      courtOrderScope: z
        .string('Say what the court order covers.')
        .trim()
        .min(1, 'Say what the court order covers.')
        .max(500, 'Keep what the order covers to 500 characters or fewer.'),
      courtOrderReference: z
        .string('Enter the court order’s document reference.')
        .trim()
        .min(1, 'Enter the court order’s document reference.')
        .max(200, 'Keep the document reference to 200 characters or fewer.'),
    }),
    restrictionBase.extend({ reason: z.enum(otherReasons) }),
  ],
  { error: 'Choose a reason.' },
);

const uuid = (what: string) => z.uuid(`That is not a valid ${what} reference.`);

export const restrictionsRouter = router({
  /** Revoke or deny a person, one parent-student link, or a student's or staff account (P13). */
  create: staffProcedure('office')
    .input(newRestriction)
    .mutation(({ ctx, input }) => createRestriction(ctx, input)),

  /** Reinstate: lift one restriction, with a note saying why. */
  lift: staffProcedure('office')
    .input(z.object({ id: uuid('restriction'), note }))
    .mutation(({ ctx, input }) => liftRestriction(ctx, input)),

  /** Every restriction, active or lifted, on one person or one student, with who and when. */
  list: staffProcedure('office')
    .input(
      z.union(
        [z.object({ contactId: uuid('contact') }), z.object({ studentId: uuid('student') })],
        'Say which person or student.',
      ),
    )
    .query(({ ctx, input }) => listRestrictions(ctx, input)),

  /** A student, their account and every linked parent or carer, to choose whose access to change. */
  forStudent: staffProcedure('office')
    .input(z.object({ studentId: uuid('student') }))
    .query(({ ctx, input }) => studentLinksForRestrictions(ctx, input.studentId)),
});
