import { z } from 'zod';
import { submitAccessRequest } from './requests';
import { publicProcedure, router, submissionKey } from '../core';

const name = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}.`)
    .max(100, `${what[0]?.toUpperCase()}${what.slice(1)} is too long.`);

const isoDate = z.iso.date('Enter the date of birth as day, month and year.');

export const accessRequestsRouter = router({
  /** P3: the public request form; the same answer whoever asks. */
  submit: publicProcedure
    .input(
      z.object({
        forename: name('your first name'),
        surname: name('your last name'),
        email: z.email('Enter an email address like name@example.com.').max(254),
        phone: z.string().trim().max(40, 'That phone number is too long.').optional(),
        relationship: z.string().trim().min(1, 'Say how you are related to the children.').max(60),
        children: z
          .array(
            z.object({
              forename: name("the child's first name"),
              surname: name("the child's last name"),
              dateOfBirth: isoDate,
            }),
          )
          .min(1, 'Tell us about at least one child.')
          .max(8, 'Tell us about at most 8 children.'),
        submissionKey,
      }),
    )
    .mutation(({ ctx, input }) => submitAccessRequest(ctx, input)),
});
