import { z } from 'zod';
import { normalisePhone, normalisePostcode } from '../change-requests';
import { contactForEditing, updateContact } from './contacts';
import { router, staffProcedure } from '../core';

const contactId = z.uuid('That is not a valid contact reference.');

/** An empty form field means "none": trimmed, and blank becomes null. */
const blankToNull = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? null : value;

/** Optional text: blank or left out is cleared. */
const optionalText = (max: number, tooLong: string) =>
  z.preprocess(blankToNull, z.string('Enter text here.').trim().max(max, tooLong).nullish());

const name = (what: string) =>
  z
    .string(`Enter the ${what}.`)
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(60, `Keep the ${what} to 60 characters or fewer.`);

const phone = z.preprocess(
  blankToNull,
  z
    .string('Enter a phone number, or leave it blank.')
    .transform((value, ctx) => {
      const tidy = normalisePhone(value);
      if (tidy) return tidy;
      ctx.addIssue({
        code: 'custom',
        message: 'Enter a phone number like 07700 900123, or +44 7700 900123.',
      });
      return z.NEVER;
    })
    .nullish(),
);

/**
 * A contact's editable details. Every field is the new value; an optional one left out or blank is
 * cleared. Each problem is reported beside its own field.
 */
const contactEdit = z.object({
  contactId,
  title: optionalText(20, 'Keep the title to 20 characters or fewer.'),
  forename: name('forename'),
  surname: name('surname'),
  email: z.preprocess(
    blankToNull,
    z
      .email('Enter an email address like name@example.com.')
      .max(254, 'That email address is too long.')
      .nullish(),
  ),
  phoneMobile: phone,
  phoneHome: phone,
  phoneWork: phone,
  addressLine1: optionalText(100, 'Keep the first line of the address to 100 characters.'),
  addressLine2: optionalText(100, 'Keep the second line of the address to 100 characters.'),
  town: optionalText(60, 'Keep the town or city to 60 characters.'),
  postcode: z.preprocess(
    blankToNull,
    z
      .string('Enter a postcode, or leave it blank.')
      .transform((value, ctx) => {
        const tidy = normalisePostcode(value);
        if (tidy) return tidy;
        ctx.addIssue({ code: 'custom', message: 'Enter a real UK postcode, like SW1A 1AA.' });
        return z.NEVER;
      })
      .nullish(),
  ),
});

/** Parents' and carers' records for the office and admins (issue 5). */
export const adminContactsRouter = router({
  /** A contact's details for editing, with who changed them last. */
  get: staffProcedure('office')
    .input(z.object({ contactId }))
    .query(({ ctx, input }) => contactForEditing(ctx, input.contactId)),

  /** Correct a contact's details; their account's email follows in the same transaction. */
  update: staffProcedure('office')
    .input(contactEdit)
    .mutation(({ ctx, input }) => updateContact(ctx, input)),
});
