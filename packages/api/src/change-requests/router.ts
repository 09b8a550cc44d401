import { z } from 'zod';
import { DETAIL_TYPES, RECORD_TYPES, normalisePhone, normalisePostcode } from './rules';
import {
  describeRecord,
  myDetails,
  myRequest,
  myRequests,
  reportChange,
  reportError,
} from './parent-requests';
import { roleProcedure, router, submissionKey } from '../core';

const uuid = (what: string) => z.uuid(`That is not a valid ${what} reference.`);

const recordRef = z.object({
  studentId: uuid('student'),
  recordType: z.enum(RECORD_TYPES, 'Choose which kind of record this is about.'),
  recordId: uuid('record'),
});

/** Text a form may leave empty: trimmed, and empty means "not given". */
const optionalText = (max: number, tooLong: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.string('Enter text here.').trim().max(max, tooLong).optional(),
  );

const message = z
  .string('Tell us what is wrong.')
  .trim()
  .min(1, 'Tell us what is wrong.')
  .max(2000, 'Keep your message to 2,000 characters or fewer.');

/**
 * "Tell us about a change": one flat form whose fields matter according to the detail chosen, so
 * every message can be shown beside its own field. An address, phone numbers or an email must be
 * given in full for those details; medical and other news need a message.
 */
const changeOfDetails = z
  .object({
    detailType: z.enum(DETAIL_TYPES, 'Choose what has changed.'),
    message: optionalText(2000, 'Keep your message to 2,000 characters or fewer.'),
    line1: optionalText(100, 'Keep the first line of the address to 100 characters.'),
    line2: optionalText(100, 'Keep the second line of the address to 100 characters.'),
    town: optionalText(60, 'Keep the town or city to 60 characters.'),
    postcode: optionalText(10, 'Enter a postcode like SW1A 1AA.'),
    mobile: optionalText(30, 'That phone number is too long.'),
    home: optionalText(30, 'That phone number is too long.'),
    work: optionalText(30, 'That phone number is too long.'),
    email: optionalText(254, 'That email address is too long.'),
    studentId: z.preprocess(
      (value) => (value === '' ? undefined : value),
      uuid('student').optional(),
    ),
    submissionKey,
  })
  .superRefine((input, ctx) => {
    const problem = (path: string, text: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message: text });
    switch (input.detailType) {
      case 'address':
        if (!input.line1) problem('line1', 'Enter the first line of your new address.');
        if (!input.town) problem('town', 'Enter the town or city.');
        if (!input.postcode) problem('postcode', 'Enter the postcode.');
        else if (!normalisePostcode(input.postcode)) {
          problem('postcode', 'Enter a real UK postcode, like SW1A 1AA.');
        }
        break;
      case 'phone': {
        const given = (['mobile', 'home', 'work'] as const).filter((key) => input[key]);
        if (given.length === 0) {
          problem('mobile', 'Enter at least one new phone number.');
        }
        for (const key of given) {
          if (!normalisePhone(input[key] ?? '')) {
            problem(key, 'Enter a phone number like 07700 900123, or +44 7700 900123.');
          }
        }
        break;
      }
      case 'email':
        if (!input.email) problem('email', 'Enter your new email address.');
        else if (!z.email().safeParse(input.email).success) {
          problem('email', 'Enter an email address like name@example.com.');
        }
        break;
      case 'medical':
      case 'other':
        if (!input.message) problem('message', 'Tell us what has changed.');
        break;
    }
  });

/** P7 for parents: report a wrong record or a change in circumstances, and follow it. */
export const changeRequestsRouter = router({
  /** The record a parent is about to report, in words; their child's own records only. */
  describeRecord: roleProcedure('parent')
    .input(recordRef)
    .query(({ ctx, input }) => describeRecord(ctx, input)),

  /** "Report a problem with this": a record_error request for staff to look at. */
  reportError: roleProcedure('parent')
    .input(recordRef.extend({ message, submissionKey }))
    .mutation(({ ctx, input }) => reportError(ctx, input)),

  /** "Tell us about a change": the parent's own address, phone, email, or medical or other news. */
  reportChange: roleProcedure('parent')
    .input(changeOfDetails)
    .mutation(({ ctx, input }) => reportChange(ctx, input)),

  /** What the change form shows: the details the school holds now, and the parent's children. */
  myDetails: roleProcedure('parent').query(({ ctx }) => myDetails(ctx)),

  /** The parent's own requests, newest first, with status and the school's reply. */
  mine: roleProcedure('parent').query(({ ctx }) => myRequests(ctx)),

  /** One of the parent's own requests with what has happened to it. */
  get: roleProcedure('parent')
    .input(z.object({ requestId: uuid('request') }))
    .query(({ ctx, input }) => myRequest(ctx, input.requestId)),
});
