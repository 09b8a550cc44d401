import { z } from 'zod';
import { checkUpn } from './upn';
import { staffStudentRecord, updateStudent } from './admin';
import { listStudents } from './lists';
import { router, staffProcedure } from '../core';

const studentId = z.uuid('That is not a valid student reference.');

/** An empty form field means "none": trimmed, and blank becomes null. */
const blankToNull = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? null : value;

const name = (what: string) =>
  z
    .string(`Enter the ${what}.`)
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(60, `Keep the ${what} to 60 characters or fewer.`);

const date = (what: string) =>
  z.iso.date(`Enter the ${what} as a real date, for example 2026-09-03.`);

const isObject = (value: unknown) => typeof value === 'object' && value !== null;

const isDate = (value: unknown): value is string =>
  typeof value === 'string' && z.iso.date().safeParse(value).success;

/**
 * A student's editable details. Every field is the new value; an optional one left out or blank
 * is cleared. Checked together, so each problem is shown beside its own field at once.
 */
const studentEdit = z
  .object({
    studentId,
    forename: name('forename'),
    surname: name('surname'),
    preferredName: z.preprocess(
      blankToNull,
      z
        .string('Enter the preferred name, or leave it blank.')
        .trim()
        .max(60, 'Keep the preferred name to 60 characters or fewer.')
        .nullable()
        .optional(),
    ),
    dateOfBirth: date('date of birth'),
    upn: z.preprocess(
      blankToNull,
      z
        .string('Enter the UPN, or leave it blank.')
        .transform((value, ctx) => {
          const checked = checkUpn(value);
          if (checked.ok) return checked.upn;
          ctx.addIssue({ code: 'custom', message: checked.message });
          return z.NEVER;
        })
        .nullable()
        .optional(),
    ),
    yearGroup: z
      .number('Choose a year group.')
      .int('Choose a year group.')
      .min(7, 'Choose a year group from 7 to 13.')
      .max(13, 'Choose a year group from 7 to 13.'),
    form: z
      .string('Enter the form, for example 10N.')
      .trim()
      .min(1, 'Enter the form, for example 10N.')
      .max(10, 'Keep the form to 10 characters or fewer.'),
    admissionDate: date('admission date'),
    leavingDate: z.preprocess(blankToNull, date('leaving date').nullable().optional()),
  })
  // Checked even when another field is wrong, so every problem is reported at once.
  .refine(
    (input) =>
      !isDate(input.leavingDate) ||
      !isDate(input.admissionDate) ||
      input.leavingDate >= input.admissionDate,
    {
      path: ['leavingDate'],
      message: 'The leaving date cannot be before the admission date.',
      when: (payload) => isObject(payload.value),
    },
  )
  .refine(
    (input) =>
      !isDate(input.dateOfBirth) ||
      !isDate(input.admissionDate) ||
      input.dateOfBirth < input.admissionDate,
    {
      path: ['dateOfBirth'],
      message: 'The date of birth must be before the admission date.',
      when: (payload) => isObject(payload.value),
    },
  );

export const adminStudentsRouter = router({
  /** Search every student by name, form or UPN, and filter by year and form; office and admin. */
  list: staffProcedure('office')
    .input(
      z.object({
        search: z.string().trim().max(100, 'Search for at most 100 characters.').optional(),
        yearGroup: z.number().int().min(7).max(13).optional(),
        form: z.string().trim().max(10, 'A form has at most 10 characters.').optional(),
        includeLeavers: z.boolean().default(false),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => listStudents(ctx, input)),

  /**
   * One student's record for the office: details, parent and carer links with their
   * verification, accounts, restrictions and whether a hold is in place (its reason for DSLs and
   * admins only).
   */
  get: staffProcedure('office')
    .input(z.object({ studentId }))
    .query(({ ctx, input }) => staffStudentRecord(ctx, input.studentId)),

  /** Correct a student's details, including admission and leaving dates; audited old → new. */
  update: staffProcedure('office')
    .input(studentEdit)
    .mutation(({ ctx, input }) => updateStudent(ctx, input)),
});
