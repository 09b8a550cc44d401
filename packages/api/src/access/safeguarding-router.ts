import { z } from 'zod';
import { HOLD_SCOPES, liftHold, listHolds, placeHold } from './safeguarding-holds';
import { searchStudentsForHolds } from './safeguarding-students';
import { router, staffProcedure, submissionKey } from '../core';

const note = z
  .string('Write a note.')
  .trim()
  .min(1, 'Write a note.')
  .max(2000, 'Keep the note to 2,000 characters or fewer.');

const newHold = z
  .object({
    studentId: z.uuid('Choose a student.'),
    reason: z
      .string('Write the reason for the hold.')
      .trim()
      .min(1, 'Write the reason for the hold.')
      .max(2000, 'Keep the reason to 2,000 characters or fewer.'),
    scope: z.enum(HOLD_SCOPES, 'Choose what the hold covers.').default('all_access'),
    scopeReason: z
      .string()
      .trim()
      .max(2000, 'Keep the reason for narrowing the hold to 2,000 characters or fewer.')
      .optional(),
    submissionKey,
  })
  .refine((v) => v.scope !== 'this_student_only' || Boolean(v.scopeReason), {
    path: ['scopeReason'],
    message: 'Say why the hold covers only this student’s links.',
    // Checked alongside the other fields, so every problem is reported at once.
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });

/** Child-protection holds (P14): DSLs and admins only; nobody else may learn of a hold. */
export const safeguardingRouter = router({
  holds: router({
    /** Suspends at once everyone concerned with the student. */
    place: staffProcedure('dsl')
      .input(newHold)
      .mutation(({ ctx, input }) => placeHold(ctx, input)),

    /** Restores exactly what the hold suspended. */
    lift: staffProcedure('dsl')
      .input(z.object({ id: z.uuid('That is not a valid hold reference.'), note }))
      .mutation(({ ctx, input }) => liftHold(ctx, input)),

    /** Active holds with their age and reason; recently lifted ones when asked. */
    list: staffProcedure('dsl')
      .input(
        z.object({ includeLifted: z.boolean().default(false) }).default({ includeLifted: false }),
      )
      .query(({ ctx, input }) => listHolds(ctx, input)),
  }),
  students: router({
    /** Name, year and form only: enough to choose the student for a hold. */
    search: staffProcedure('dsl')
      .input(
        z.object({
          search: z
            .string('Enter a name or form to search for.')
            .trim()
            .min(2, 'Enter at least 2 letters of a name or form.')
            .max(100, 'Search for at most 100 characters.'),
        }),
      )
      .query(({ ctx, input }) => searchStudentsForHolds(ctx, input)),
  }),
});
