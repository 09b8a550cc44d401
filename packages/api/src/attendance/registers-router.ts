import { z } from 'zod';
import { isCalendarDate, router, staffProcedure } from '../core';
import { registerOptions, registerView, saveRegister } from './registers';

const date = z
  .string('Enter the date of the register.')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as YYYY-MM-DD.')
  .refine(isCalendarDate, 'That is not a real date.');
const session = z.enum(['AM', 'PM'], 'Choose the morning (AM) or afternoon (PM) register.');
const form = z
  .string()
  .trim()
  .min(1, 'Choose a form.')
  .max(20, 'That is not one of the school’s forms.')
  .optional();
const groupId = z.uuid('That is not a valid class reference.').optional();

/** A register is a form or a class: exactly one of the two. */
const oneRegister = <T extends { form?: string | undefined; groupId?: string | undefined }>(
  value: T,
) => (value.form === undefined) !== (value.groupId === undefined);
const ONE_REGISTER = { message: 'Choose a form or a class.', path: ['form'] };

const asTarget = (input: { form?: string | undefined; groupId?: string | undefined }) =>
  input.form !== undefined ? { form: input.form } : { groupId: input.groupId! };

// Teachers take the registers of the classes they teach; office and admin take any form's or
// class's register. Whose register is checked in the service: another teacher's class is "not
// found", like one that does not exist.
const registerTaker = staffProcedure('teacher', 'office');

export const adminRegistersRouter = router({
  /** The forms and classes the caller may register, today's date and the session to suggest. */
  options: registerTaker.query(({ ctx }) => registerOptions(ctx)),

  /** One register for a school day and session: its students, their marks and the codes. */
  get: registerTaker
    .input(z.object({ form, groupId, date, session }).refine(oneRegister, ONE_REGISTER))
    .query(({ ctx, input }) =>
      registerView(ctx, { ...asTarget(input), date: input.date, session: input.session }),
    ),

  /** Saves a register's marks, all or nothing. */
  save: registerTaker
    .input(
      z
        .object({
          form,
          groupId,
          date,
          session,
          marks: z
            .array(
              z.object({
                studentId: z.uuid('That is not a valid student reference.'),
                code: z
                  .string('Choose a mark.')
                  .trim()
                  .min(1, 'Choose a mark.')
                  .max(3, 'That is not an attendance code.'),
                minutesLate: z
                  .number('Enter the minutes late as a number.')
                  .int('Enter whole minutes.')
                  .min(1, 'Minutes late must be at least 1.')
                  .max(300, 'Minutes late must be at most 300.')
                  .optional(),
              }),
              'Choose a mark for each student.',
            )
            .min(1, 'Choose a mark for at least one student.')
            .max(1000, 'A register can hold at most 1,000 students.'),
        })
        .refine(oneRegister, ONE_REGISTER),
    )
    .mutation(({ ctx, input }) =>
      saveRegister(ctx, {
        ...asTarget(input),
        date: input.date,
        session: input.session,
        marks: input.marks,
      }),
    ),
});
