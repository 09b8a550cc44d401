import { z } from 'zod';
import { isCalendarDate, isoWeekday, router, staffProcedure, submissionKey } from '../core';
import {
  addClosure,
  addTerm,
  getSettings,
  removeClosure,
  removeLogo,
  removeTerm,
  setLogo,
  updateClosure,
  updateSettings,
  updateTerm,
} from './school-settings';
import { setBrandColour } from './brand-colour';
import { PUBLIC_PAGES } from './public-page-defaults';
import { ATTENDANCE_RECORDS } from './rules';
import { publicPagesForEditing, updatePublicPage } from './public-pages';

/** A whole number from `min` to `max`, with one plain message for anything else. */
const whole = (min: number, max: number, message: string) =>
  z.int(message).min(min, message).max(max, message);

const date = (message: string) =>
  z.string(message).trim().refine(isCalendarDate, { message, abort: true });

const flag = z.boolean('Choose yes or no.');

/** A time of day, 'HH:MM' on the 24-hour clock, from 06:00 to 18:00 (the school day and round it). */
const clock = (message: string) =>
  z
    .string(message)
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, message)
    .refine((value) => value >= '06:00' && value <= '18:00', 'Choose a time from 06:00 to 18:00.');

/** Every field optional: what is left out stays as it is. */
const settingsInput = z
  .object({
    schoolName: z
      .string('Enter the school’s name.')
      .trim()
      .min(1, 'Enter the school’s name.')
      .max(200, 'The school’s name can be at most 200 characters.'),
    enquiriesEmail: z
      .string('Enter the enquiries email address.')
      .trim()
      .max(254, 'That email address is too long.')
      .pipe(z.email('Enter the enquiries email address, like office@school.example.')),
    timeZone: z
      .string('Choose a time zone from the list, for example Europe/London.')
      .trim()
      .min(1, 'Choose a time zone from the list, for example Europe/London.')
      .max(100, 'Choose a time zone from the list, for example Europe/London.'),
    timetableCycleWeeks: z.union(
      [z.literal(1), z.literal(2)],
      'Choose a one-week or a two-week timetable.',
    ),
    timetableCycleAnchor: date('Enter the date of a Monday in Week A, like 2026-09-07.').refine(
      (value) => isoWeekday(value) === 1,
      'That date is not a Monday. Enter the date of a Monday in Week A.',
    ),
    passwordMinLength: whole(8, 64, 'Enter a whole number of characters from 8 to 64.'),
    passwordExpiryEnabled: flag,
    passwordExpiryDays: whole(3, 730, 'Enter a whole number of days from 3 to 730.'),
    passwordFirstReminderDay: whole(1, 729, 'Enter a whole number of days from 1 to 729.'),
    passwordDailyRemindersFromDay: whole(2, 729, 'Enter a whole number of days from 2 to 729.'),
    passwordHistoryLimit: whole(
      1,
      100,
      'Enter a whole number of earlier passwords from 1 to 100, or “all”.',
    ).nullable(),
    passwordCompositionRules: flag,
    commonPasswordCheck: flag,
    sessionIdleMinutes: whole(1, 1440, 'Enter a whole number of minutes from 1 to 1,440 (a day).'),
    sessionAbsoluteMinutes: whole(
      1,
      10080,
      'Enter a whole number of minutes from 1 to 10,080 (a week).',
    ),
    sharedSessionIdleMinutes: whole(
      1,
      1440,
      'Enter a whole number of minutes from 1 to 1,440 (a day).',
    ),
    sharedSessionAbsoluteMinutes: whole(
      1,
      10080,
      'Enter a whole number of minutes from 1 to 10,080 (a week).',
    ),
    signinMaxFailures: whole(3, 100, 'Enter a whole number of attempts from 3 to 100.'),
    signinFailureWindowMinutes: whole(
      1,
      1440,
      'Enter a whole number of minutes from 1 to 1,440 (a day).',
    ),
    signinLockoutMinutes: whole(
      1,
      1440,
      'Enter a whole number of minutes from 1 to 1,440 (a day).',
    ),
    studentAccountsEnabled: flag,
    rosterGradesAreUs: flag,
    // Empty: the next roster applied records its school's identifier.
    rosterSchoolIdentifier: z
      .string('Enter the school’s identifier from the roster, or leave it empty.')
      .trim()
      .max(100, 'The identifier can be at most 100 characters.')
      .transform((value) => (value === '' ? null : value))
      .nullable(),
    absenceChaserTime: clock('Enter the time of the morning email as a 24-hour time, like 10:00.'),
    absenceCutoffTime: clock('Enter the cut-off time as a 24-hour time, like 08:30.'),
    // Empty: no absence line is shown.
    absenceLinePhone: z
      .string('Enter the absence line’s phone number, or leave it empty.')
      .trim()
      .max(40, 'The phone number can be at most 40 characters.')
      .regex(
        /^[0-9+() -]*$/,
        'Enter the phone number with digits, spaces and + ( ) - only, like 01632 960 123.',
      )
      .transform((value) => (value === '' ? null : value))
      .nullable(),
    attendanceRecord: z.enum(
      ATTENDANCE_RECORDS,
      'Choose whether the portal’s registers or the school’s management system is the record.',
    ),
  })
  .partial();

const id = (what: string) => z.uuid(`That is not a valid ${what} reference.`);

const range = {
  startsOn: date('Enter the first day as a real date, like 2026-09-03.'),
  endsOn: date('Enter the last day as a real date, like 2026-10-23.'),
};

const endNotBeforeStart = (value: { startsOn: string; endsOn: string }) =>
  value.endsOn >= value.startsOn;
const END_BEFORE_START = {
  message: 'The last day cannot be before the first day.',
  path: ['endsOn'],
};

const termInput = z
  .object({
    name: z
      .string('Give the term a name, like Autumn 2026.')
      .trim()
      .min(1, 'Give the term a name, like Autumn 2026.')
      .max(100, 'The name can be at most 100 characters.'),
    ...range,
  })
  .refine(endNotBeforeStart, { ...END_BEFORE_START, abort: true })
  .refine(
    (value) =>
      value.endsOn <= `${Number(value.startsOn.slice(0, 4)) + 1}${value.startsOn.slice(4)}`,
    { message: 'A term cannot be longer than a year.', path: ['endsOn'] },
  );

const closureInput = z
  .object({
    reason: z
      .string('Say why the school is closed, like Half term.')
      .trim()
      .min(1, 'Say why the school is closed, like Half term.')
      .max(200, 'The reason can be at most 200 characters.'),
    ...range,
  })
  .refine(endNotBeforeStart, END_BEFORE_START);

/** The school's settings, logo and calendar (P2, P11, P12, P17): administrators only. */
export const adminSettingsRouter = router({
  get: staffProcedure().query(({ ctx }) => getSettings(ctx)),
  update: staffProcedure()
    .input(settingsInput)
    .mutation(({ ctx, input }) => updateSettings(ctx, input)),

  /** A PNG or JPEG of at most 200 KB, as base64; its first bytes decide what it is. */
  setLogo: staffProcedure()
    .input(
      z.object({
        data: z
          .string('Choose a PNG or JPEG file for the logo.')
          .max(300_000, 'The logo must be 200 KB or smaller.')
          .pipe(z.base64('Choose a PNG or JPEG file for the logo.')),
      }),
    )
    .mutation(({ ctx, input }) => setLogo(ctx, input.data)),
  removeLogo: staffProcedure().mutation(({ ctx }) => removeLogo(ctx)),
  /** A colour code such as #1d4f91; null or empty goes back to the portal's own colour. */
  setBrandColour: staffProcedure()
    .input(
      z.object({
        colour: z
          .string(
            'Enter a colour code like #1d4f91, or leave it empty for the portal’s own colour.',
          )
          .max(50, 'Enter a colour code like #1d4f91: a # and six digits or letters from a to f.')
          .nullable(),
      }),
    )
    .mutation(({ ctx, input }) => setBrandColour(ctx, input.colour)),

  addTerm: staffProcedure()
    .input(termInput.and(z.object({ submissionKey })))
    .mutation(({ ctx, input }) => addTerm(ctx, input)),
  updateTerm: staffProcedure()
    .input(z.object({ id: id('term') }).and(termInput))
    .mutation(({ ctx, input }) => updateTerm(ctx, input.id, input)),
  removeTerm: staffProcedure()
    .input(z.object({ id: id('term') }))
    .mutation(({ ctx, input }) => removeTerm(ctx, input.id)),

  addClosure: staffProcedure()
    .input(closureInput.and(z.object({ submissionKey })))
    .mutation(({ ctx, input }) => addClosure(ctx, input)),
  updateClosure: staffProcedure()
    .input(z.object({ id: id('closure') }).and(closureInput))
    .mutation(({ ctx, input }) => updateClosure(ctx, input.id, input)),
  removeClosure: staffProcedure()
    .input(z.object({ id: id('closure') }))
    .mutation(({ ctx, input }) => removeClosure(ctx, input.id)),

  /** The accessibility statement and privacy notice as the settings form edits them (issue 12). */
  publicPages: staffProcedure().query(({ ctx }) => publicPagesForEditing(ctx)),
  /** Empty text goes back to the built-in page; the length limit is checked with a count. */
  updatePublicPage: staffProcedure()
    .input(
      z.object({
        page: z.enum(PUBLIC_PAGES, 'Choose the accessibility statement or the privacy notice.'),
        // A generous outer bound; the page's own limit is checked with a clearer message.
        markdown: z
          .string('Enter the text of the page, or leave it empty for the built-in text.')
          .max(200_000, 'The text is far too long: a page can be at most 20,000 characters.'),
      }),
    )
    .mutation(({ ctx, input }) => updatePublicPage(ctx, input.page, input.markdown)),
});
