import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCaller, createContext } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  TEST_PASSWORD,
  anonymousCaller,
  callerFor,
  callerWithToken,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  recordingCookieJar,
  sessionTokenFor,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';

let db: Database;
let admin: TestUser;
let office: TestUser;
beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
  office = await newStaff(db, ['office']);
});

/** The settings row as the first migration leaves it (with no logo). */
async function restoreDefaults() {
  await db
    .updateTable('school_settings')
    .set({
      school_name: 'Your School',
      enquiries_email: 'enquiries@school.invalid',
      time_zone: 'Europe/London',
      timetable_cycle_weeks: 1,
      timetable_cycle_anchor: '2024-09-02',
      password_min_length: 8,
      password_expiry_enabled: true,
      password_expiry_days: 90,
      password_first_reminder_day: 80,
      password_daily_reminders_from_day: 85,
      password_history_limit: null,
      password_composition_rules: true,
      common_password_check: true,
      session_idle_minutes: 60,
      session_absolute_minutes: 720,
      shared_session_idle_minutes: 15,
      shared_session_absolute_minutes: 60,
      signin_max_failures: 10,
      signin_failure_window_minutes: 15,
      signin_lockout_minutes: 15,
      student_accounts_enabled: true,
      logo_data: null,
      logo_type: null,
      updated_by_user_id: null,
    })
    .where('id', '=', 1)
    .execute();
  await db.deleteFrom('school_closures').execute();
  await db.deleteFrom('terms').execute();
}
afterEach(restoreDefaults);

const adminCaller = (now = TEST_NOW) => callerFor(db, admin, { now });

async function settingsRow() {
  return db.selectFrom('school_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

async function auditEntries(action: string) {
  return db
    .selectFrom('audit_log')
    .select(['actor_user_id', 'details', 'at'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

describe('reading and changing the settings', () => {
  it('shows an administrator every setting with the P11 defaults, and refuses office staff', async () => {
    const settings = await (await adminCaller()).admin.settings.get();
    expect(settings.values).toMatchObject({
      schoolName: 'Your School',
      enquiriesEmail: 'enquiries@school.invalid',
      timeZone: 'Europe/London',
      passwordMinLength: 8,
      passwordExpiryEnabled: true,
      passwordExpiryDays: 90,
      passwordFirstReminderDay: 80,
      passwordDailyRemindersFromDay: 85,
      passwordHistoryLimit: null,
      passwordCompositionRules: true,
      commonPasswordCheck: true,
      studentAccountsEnabled: true,
      rosterGradesAreUs: false,
      rosterSchoolIdentifier: null,
    });
    expect(settings.updatedAt).toBeInstanceOf(Date);
    expect(settings.timeZones).toContain('Europe/London');
    expect(settings.logo).toBeNull();

    const refused = await refusalOf((await callerFor(db, office)).admin.settings.get());
    expect(refused).toMatchObject({
      code: 'FORBIDDEN',
      message: 'You do not have access to this.',
    });
  });

  it('saves the changes in one go, says who made them, and audits each field old → new', async () => {
    const caller = await adminCaller();
    const result = await caller.admin.settings.update({
      enquiriesEmail: 'office@northfield.example',
      passwordMinLength: 10,
      passwordHistoryLimit: 5,
      schoolName: 'Your School',
    });
    expect(result.changed.sort()).toEqual([
      'enquiriesEmail',
      'passwordHistoryLimit',
      'passwordMinLength',
    ]);

    const row = await settingsRow();
    expect(row).toMatchObject({
      enquiries_email: 'office@northfield.example',
      password_min_length: 10,
      password_history_limit: 5,
      updated_by_user_id: admin.userId,
    });
    const [entry] = (await auditEntries('settings.updated')).slice(-1);
    expect(entry?.actor_user_id).toBe(admin.userId);
    expect(entry?.details).toEqual({
      changes: {
        enquiriesEmail: { from: 'enquiries@school.invalid', to: 'office@northfield.example' },
        passwordMinLength: { from: 8, to: 10 },
        passwordHistoryLimit: { from: null, to: 5 },
      },
    });
    // The enquiries address is what every page and email shows (P12).
    expect((await (await anonymousCaller(db)).school.info()).enquiriesEmail).toBe(
      'office@northfield.example',
    );
  });

  it('writes nothing and audits nothing when nothing changes', async () => {
    const before = (await auditEntries('settings.updated')).length;
    const result = await (await adminCaller()).admin.settings.update({ passwordMinLength: 8 });
    expect(result.changed).toEqual([]);
    expect(await auditEntries('settings.updated')).toHaveLength(before);
    expect((await settingsRow()).updated_by_user_id).toBeNull();
  });

  it('accepts a new time zone from the list and “all” earlier passwords', async () => {
    const caller = await adminCaller();
    await caller.admin.settings.update({ passwordHistoryLimit: 3 });
    await caller.admin.settings.update({ timeZone: 'Asia/Tokyo', passwordHistoryLimit: null });
    expect(await settingsRow()).toMatchObject({
      time_zone: 'Asia/Tokyo',
      password_history_limit: null,
    });
  });
});

type Update = Parameters<Awaited<ReturnType<typeof adminCaller>>['admin']['settings']['update']>[0];

// Each bad value, the field its message appears beside, and the message.
const BAD_VALUES: [string, Record<string, unknown>, string, string][] = [
  ['an empty school name', { schoolName: '  ' }, 'schoolName', 'Enter the school’s name.'],
  [
    'an enquiries address that is not an email',
    { enquiriesEmail: 'office at school' },
    'enquiriesEmail',
    'Enter the enquiries email address, like office@school.example.',
  ],
  [
    'an unknown time zone',
    { timeZone: 'Mars/Olympus_Mons' },
    'timeZone',
    'Choose a time zone from the list, for example Europe/London.',
  ],
  [
    'a three-week timetable',
    { timetableCycleWeeks: 3 },
    'timetableCycleWeeks',
    'Choose a one-week or a two-week timetable.',
  ],
  [
    'a Week A start that is not a Monday',
    { timetableCycleAnchor: '2026-09-08' },
    'timetableCycleAnchor',
    'That date is not a Monday. Enter the date of a Monday in Week A.',
  ],
  [
    'a Week A start that is not a date',
    { timetableCycleAnchor: '2026-02-30' },
    'timetableCycleAnchor',
    'Enter the date of a Monday in Week A, like 2026-09-07.',
  ],
  [
    'a minimum length under 8',
    { passwordMinLength: 7 },
    'passwordMinLength',
    'Enter a whole number of characters from 8 to 64.',
  ],
  [
    'a minimum length that is not a whole number',
    { passwordMinLength: 9.5 },
    'passwordMinLength',
    'Enter a whole number of characters from 8 to 64.',
  ],
  [
    'expiry in 0 days',
    { passwordExpiryDays: 0 },
    'passwordExpiryDays',
    'Enter a whole number of days from 3 to 730.',
  ],
  [
    'a first reminder on or after the daily reminders',
    { passwordFirstReminderDay: 85 },
    'passwordFirstReminderDay',
    'The first reminder must come before the day the daily reminders start.',
  ],
  [
    'daily reminders from the expiry day',
    { passwordDailyRemindersFromDay: 90 },
    'passwordDailyRemindersFromDay',
    'Daily reminders must start before the day the password expires.',
  ],
  [
    'expiry before the reminders',
    { passwordExpiryDays: 60 },
    'passwordDailyRemindersFromDay',
    'Daily reminders must start before the day the password expires.',
  ],
  [
    'a history of 0 passwords',
    { passwordHistoryLimit: 0 },
    'passwordHistoryLimit',
    'Enter a whole number of earlier passwords from 1 to 100, or “all”.',
  ],
  [
    'an idle time-out longer than the session',
    { sessionIdleMinutes: 800 },
    'sessionIdleMinutes',
    'The time a session may sit unused cannot be longer than the most a session may last.',
  ],
  [
    'a shared-computer idle time-out longer than its session',
    { sharedSessionIdleMinutes: 30, sharedSessionAbsoluteMinutes: 20 },
    'sharedSessionIdleMinutes',
    'The time a session may sit unused cannot be longer than the most a session may last.',
  ],
  [
    'a shared-computer session longer than a normal one',
    { sharedSessionAbsoluteMinutes: 1000 },
    'sharedSessionAbsoluteMinutes',
    'A session on a shared computer cannot last longer than a normal session.',
  ],
  [
    'a session idle time of 0 minutes',
    { sessionIdleMinutes: 0 },
    'sessionIdleMinutes',
    'Enter a whole number of minutes from 1 to 1,440 (a day).',
  ],
  [
    'a session lasting more than a week',
    { sessionAbsoluteMinutes: 20000 },
    'sessionAbsoluteMinutes',
    'Enter a whole number of minutes from 1 to 10,080 (a week).',
  ],
  [
    'a lockout after 1 failure',
    { signinMaxFailures: 1 },
    'signinMaxFailures',
    'Enter a whole number of attempts from 3 to 100.',
  ],
  [
    'a lockout of 0 minutes',
    { signinLockoutMinutes: 0 },
    'signinLockoutMinutes',
    'Enter a whole number of minutes from 1 to 1,440 (a day).',
  ],
  [
    'a switch that is not yes or no',
    { passwordExpiryEnabled: 'off' },
    'passwordExpiryEnabled',
    'Choose yes or no.',
  ],
];

describe('bad values', () => {
  it.each(BAD_VALUES)(
    'refuses %s with its message and writes nothing',
    async (_, input, field, message) => {
      const before = await settingsRow();
      const audits = (await auditEntries('settings.updated')).length;
      // A good change alongside the bad one is not saved either.
      const refused = await refusalOf(
        (await adminCaller()).admin.settings.update({
          enquiriesEmail: 'changed@school.example',
          ...input,
        } as Update),
      );
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.fieldErrors?.[field]).toEqual([message]);
      expect(refused.message).toBe(`Please check your answers: ${message}`);
      expect(await settingsRow()).toEqual(before);
      expect(await auditEntries('settings.updated')).toHaveLength(audits);
    },
  );
});

describe('the composition rules switch (P11)', () => {
  const noCapitalsOrDigits = 'lantern harbour meadow';

  async function changePassword(user: TestUser, newPassword: string) {
    return (await callerFor(db, user)).account.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword,
      confirmPassword: newPassword,
    });
  }

  it('on: a capital, a small letter and a digit are needed', async () => {
    const refused = await refusalOf(changePassword(await newParent(db), noCapitalsOrDigits));
    expect(refused.fieldErrors?.newPassword).toEqual([
      'Include at least one capital letter (A to Z).',
      'Include at least one number (0 to 9).',
    ]);
  });

  it('off: they are not, while length, names, the common list and history still apply', async () => {
    await (await adminCaller()).admin.settings.update({ passwordCompositionRules: false });
    const parent = await newParent(db);
    expect((await refusalOf(changePassword(parent, 'qzvkw'))).fieldErrors?.newPassword).toEqual([
      'Use at least 8 characters.',
    ]);
    expect((await refusalOf(changePassword(parent, 'iloveyou'))).fieldErrors?.newPassword).toEqual([
      'This password is too common and easy to guess. Choose a less obvious one.',
    ]);
    const surname = (
      await db
        .selectFrom('contacts')
        .select('surname')
        .where('id', '=', parent.contactId)
        .executeTakeFirstOrThrow()
    ).surname.toLowerCase();
    expect(
      (await refusalOf(changePassword(parent, `${surname} by the sea`))).fieldErrors?.newPassword,
    ).toEqual(['Do not include your name or your username.']);
    expect((await refusalOf(changePassword(parent, TEST_PASSWORD))).message).toBe(
      'You have used this password before. Choose one you have not used here.',
    );

    await changePassword(parent, noCapitalsOrDigits);
    const signedIn = await (
      await anonymousCaller(db, { cookies: recordingCookieJar() })
    ).auth.signIn({ identifier: parent.username, password: noCapitalsOrDigits });
    expect(signedIn.mustChangePassword).toBe(false);
    expect((await school()).passwordRules.compositionRules).toBe(false);
  });
});

const school = async () => (await anonymousCaller(db)).school.info();

describe('the forced expiry switch (P11)', () => {
  /** Noon on day `n` of a password set at TEST_NOW. */
  const day = (n: number) => new Date(TEST_NOW.getTime() + n * 24 * 3600_000 + 3 * 3600_000);

  async function runReminders(now: Date) {
    const ctx = await createContext({
      db,
      now: () => now,
      system: true,
      portalUrl: 'https://portal.example.org',
    });
    return createCaller(ctx).jobs.passwordReminders();
  }

  const remindersTo = (user: TestUser) =>
    db
      .selectFrom('email_outbox')
      .select('kind')
      .where('to_address', '=', user.email)
      .where('kind', 'in', ['password_reminder', 'password_expired'])
      .execute();

  it('off: no reminders, no expiry notice and no forced change, at sign-in or after', async () => {
    await (await adminCaller()).admin.settings.update({ passwordExpiryEnabled: false });
    const parent = await newParent(db);
    for (const n of [80, 85, 89, 90, 120]) await runReminders(day(n));
    expect(await remindersTo(parent)).toEqual([]);

    const late = await callerFor(db, parent, { now: day(120) });
    expect(await late.auth.me()).toMatchObject({ mustChangePassword: false });
    expect((await late.sessions.list()).length).toBeGreaterThan(0);
    const signedIn = await (
      await anonymousCaller(db, { now: day(120), cookies: recordingCookieJar() })
    ).auth.signIn({ identifier: parent.username, password: TEST_PASSWORD });
    expect(signedIn.mustChangePassword).toBe(false);
    expect((await school()).passwordRules.expiryDays).toBeNull();
  });

  it('on (the policy’s default): the reminder on day 80 and the forced change on day 90', async () => {
    const parent = await newParent(db);
    await runReminders(day(80));
    expect(await remindersTo(parent)).toEqual([{ kind: 'password_reminder' }]);
    const expired = await callerFor(db, parent, { now: day(90) });
    expect((await refusalOf(expired.sessions.list())).code).toBe('PRECONDITION_FAILED');
    expect((await school()).passwordRules.expiryDays).toBe(90);
  });
});

describe('student accounts switch', () => {
  it('off: a signed-in student’s next request is not signed in', async () => {
    const student = await newStudentUser(db, (await newStudent(db)).studentId);
    const token = await sessionTokenFor(db, student);
    expect((await (await callerWithToken(db, token)).auth.me()).kind).toBe('student');
    await (await adminCaller()).admin.settings.update({ studentAccountsEnabled: false });
    expect((await refusalOf((await callerWithToken(db, token)).auth.me())).code).toBe(
      'UNAUTHORIZED',
    );
  });
});

// The smallest real images: a 1×1 PNG and the start of a JPEG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)]);

describe('the logo', () => {
  it('takes a PNG or a JPEG, serves it to anyone, and can be removed', async () => {
    const caller = await adminCaller();
    expect(await caller.admin.settings.setLogo({ data: PNG.toString('base64') })).toEqual({
      contentType: 'image/png',
      bytes: PNG.length,
    });
    const served = await (await anonymousCaller(db)).school.logo();
    expect(served?.contentType).toBe('image/png');
    expect(Buffer.from(served?.data ?? '', 'base64').equals(PNG)).toBe(true);
    expect((await school()).hasLogo).toBe(true);
    expect((await caller.admin.settings.get()).logo).toEqual({
      contentType: 'image/png',
      bytes: PNG.length,
    });

    await caller.admin.settings.setLogo({ data: JPEG.toString('base64') });
    expect((await (await anonymousCaller(db)).school.logo())?.contentType).toBe('image/jpeg');
    expect((await auditEntries('settings.logo_changed')).at(-1)?.details).toEqual({
      from: 'image/png',
      to: 'image/jpeg',
      bytes: JPEG.length,
    });

    expect(await caller.admin.settings.removeLogo()).toEqual({ removed: true });
    expect(await (await anonymousCaller(db)).school.logo()).toBeNull();
    expect((await school()).hasLogo).toBe(false);
  });

  it.each([
    [
      'an SVG (it can carry scripts)',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'The logo must be a PNG or JPEG image. Other files, including SVG (which can carry scripts), are not accepted.',
    ],
    [
      'a text file named like a PNG',
      Buffer.from('PNG? no, just text'),
      'The logo must be a PNG or JPEG image. Other files, including SVG (which can carry scripts), are not accepted.',
    ],
    [
      'a PNG over 200 KB',
      Buffer.concat([PNG, Buffer.alloc(200 * 1024)]),
      'The logo must be 200 KB or smaller; this file is 201 KB.',
    ],
    ['an empty file', Buffer.alloc(0), 'Choose a PNG or JPEG file for the logo.'],
  ])('refuses %s', async (_, bytes, message) => {
    const refused = await refusalOf(
      (await adminCaller()).admin.settings.setLogo({ data: bytes.toString('base64') }),
    );
    expect(refused.fieldErrors?.logo).toEqual([message]);
    expect((await settingsRow()).logo_type).toBeNull();
  });
});

describe('term dates', () => {
  it('adds, edits and removes terms and closures; terms never overlap; closures stay inside a term', async () => {
    const caller = await adminCaller();
    const autumn = await caller.admin.settings.addTerm({
      name: 'Autumn 2026',
      startsOn: '2026-09-03',
      endsOn: '2026-12-18',
    });
    const spring = await caller.admin.settings.addTerm({
      name: 'Spring 2027',
      startsOn: '2027-01-05',
      endsOn: '2027-03-26',
    });

    const overlap = await refusalOf(
      caller.admin.settings.addTerm({
        name: 'Extra',
        startsOn: '2026-12-14',
        endsOn: '2027-01-08',
      }),
    );
    expect(overlap.fieldErrors?.startsOn).toEqual([
      'These dates overlap Autumn 2026 (2026-09-03 to 2026-12-18). Terms cannot overlap.',
    ]);
    const backwards = await refusalOf(
      caller.admin.settings.addTerm({
        name: 'Summer',
        startsOn: '2027-07-20',
        endsOn: '2027-04-12',
      }),
    );
    expect(backwards.fieldErrors?.endsOn).toEqual(['The last day cannot be before the first day.']);

    const outside = await refusalOf(
      caller.admin.settings.addClosure({
        reason: 'Christmas',
        startsOn: '2026-12-21',
        endsOn: '2027-01-01',
      }),
    );
    expect(outside.fieldErrors?.startsOn).toEqual([
      'A closure must fall inside one term. Check the dates, or add the term first.',
    ]);
    const halfTerm = await caller.admin.settings.addClosure({
      reason: 'Half term',
      startsOn: '2026-10-26',
      endsOn: '2026-10-30',
    });

    // Moving the term so the half term falls outside it is refused; a harmless edit is saved.
    const stranding = await refusalOf(
      caller.admin.settings.updateTerm({
        id: autumn.id,
        name: 'Autumn 2026',
        startsOn: '2026-11-02',
        endsOn: '2026-12-18',
      }),
    );
    expect(stranding.fieldErrors?.startsOn).toEqual([
      'The closure “Half term” (2026-10-26 to 2026-10-30) would no longer be inside a term. Change or remove it first.',
    ]);
    const edited = await caller.admin.settings.updateTerm({
      id: autumn.id,
      name: 'Autumn term 2026',
      startsOn: '2026-09-02',
      endsOn: '2026-12-18',
    });
    expect(edited).toMatchObject({ name: 'Autumn term 2026', startsOn: '2026-09-02' });
    expect((await auditEntries('settings.term_updated')).at(-1)?.details).toMatchObject({
      from: { name: 'Autumn 2026', startsOn: '2026-09-03', endsOn: '2026-12-18' },
      to: { name: 'Autumn term 2026', startsOn: '2026-09-02', endsOn: '2026-12-18' },
    });
    // A term can be edited without being told it overlaps itself.
    await caller.admin.settings.updateTerm({
      id: spring.id,
      name: 'Spring 2027',
      startsOn: '2027-01-04',
      endsOn: '2027-03-26',
    });

    const inUse = await refusalOf(caller.admin.settings.removeTerm({ id: autumn.id }));
    expect(inUse).toMatchObject({
      code: 'CONFLICT',
      message: 'Autumn term 2026 has a closure (Half term). Remove it first, then the term.',
    });
    await caller.admin.settings.updateClosure({
      id: halfTerm.id,
      reason: 'Half term (autumn)',
      startsOn: '2026-10-26',
      endsOn: '2026-10-30',
    });
    await caller.admin.settings.removeClosure({ id: halfTerm.id });
    await caller.admin.settings.removeTerm({ id: autumn.id });

    const settings = await caller.admin.settings.get();
    expect(settings.terms.map((t) => [t.name, t.startsOn, t.endsOn])).toEqual([
      ['Spring 2027', '2027-01-04', '2027-03-26'],
    ]);
    expect(settings.closures).toEqual([]);
    for (const action of [
      'settings.term_added',
      'settings.term_removed',
      'settings.closure_added',
      'settings.closure_updated',
      'settings.closure_removed',
    ]) {
      expect((await auditEntries(action)).length, action).toBeGreaterThan(0);
    }
  });

  it('says “not found” for a term or closure that does not exist', async () => {
    const caller = await adminCaller();
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await refusalOf(caller.admin.settings.removeTerm({ id: missing }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'We could not find that term.',
    });
    expect(await refusalOf(caller.admin.settings.removeClosure({ id: missing }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'We could not find that closure.',
    });
  });
});
