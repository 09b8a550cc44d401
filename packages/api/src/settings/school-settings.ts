import type { Selectable } from 'kysely';
import { recordAudit, type Database, type SchoolSettings } from '@schoolgate/db';
import { AppError, actorOf, submitOnce, type SignedInContext } from '../core';
import {
  knownTimeZones,
  logoProblem,
  logoTypeOf,
  rangesOverlap,
  rangeWithin,
  settingsChanges,
  settingsProblems,
  type FieldProblems,
  type SettingsField,
  type SettingsValues,
} from './rules';

/** Which column holds each setting. */
const COLUMNS = {
  schoolName: 'school_name',
  enquiriesEmail: 'enquiries_email',
  timeZone: 'time_zone',
  timetableCycleWeeks: 'timetable_cycle_weeks',
  timetableCycleAnchor: 'timetable_cycle_anchor',
  passwordMinLength: 'password_min_length',
  passwordExpiryEnabled: 'password_expiry_enabled',
  passwordExpiryDays: 'password_expiry_days',
  passwordFirstReminderDay: 'password_first_reminder_day',
  passwordDailyRemindersFromDay: 'password_daily_reminders_from_day',
  passwordHistoryLimit: 'password_history_limit',
  passwordCompositionRules: 'password_composition_rules',
  commonPasswordCheck: 'common_password_check',
  sessionIdleMinutes: 'session_idle_minutes',
  sessionAbsoluteMinutes: 'session_absolute_minutes',
  sharedSessionIdleMinutes: 'shared_session_idle_minutes',
  sharedSessionAbsoluteMinutes: 'shared_session_absolute_minutes',
  signinMaxFailures: 'signin_max_failures',
  signinFailureWindowMinutes: 'signin_failure_window_minutes',
  signinLockoutMinutes: 'signin_lockout_minutes',
  studentAccountsEnabled: 'student_accounts_enabled',
  rosterGradesAreUs: 'roster_grades_are_us',
  rosterSchoolIdentifier: 'roster_school_identifier',
  absenceChaserTime: 'absence_chaser_time',
  absenceCutoffTime: 'absence_cutoff_time',
  absenceLinePhone: 'absence_line_phone',
  attendanceRecord: 'attendance_record',
} as const satisfies Record<SettingsField, keyof SchoolSettings>;

type Column = (typeof COLUMNS)[SettingsField];
const COLUMN_LIST = Object.values(COLUMNS) as Column[];

function valuesOf(row: Pick<Selectable<SchoolSettings>, Column>): SettingsValues {
  return {
    schoolName: row.school_name,
    enquiriesEmail: row.enquiries_email,
    timeZone: row.time_zone,
    timetableCycleWeeks: row.timetable_cycle_weeks === 2 ? 2 : 1,
    timetableCycleAnchor: row.timetable_cycle_anchor,
    passwordMinLength: row.password_min_length,
    passwordExpiryEnabled: row.password_expiry_enabled,
    passwordExpiryDays: row.password_expiry_days,
    passwordFirstReminderDay: row.password_first_reminder_day,
    passwordDailyRemindersFromDay: row.password_daily_reminders_from_day,
    passwordHistoryLimit: row.password_history_limit,
    passwordCompositionRules: row.password_composition_rules,
    commonPasswordCheck: row.common_password_check,
    sessionIdleMinutes: row.session_idle_minutes,
    sessionAbsoluteMinutes: row.session_absolute_minutes,
    sharedSessionIdleMinutes: row.shared_session_idle_minutes,
    sharedSessionAbsoluteMinutes: row.shared_session_absolute_minutes,
    signinMaxFailures: row.signin_max_failures,
    signinFailureWindowMinutes: row.signin_failure_window_minutes,
    signinLockoutMinutes: row.signin_lockout_minutes,
    studentAccountsEnabled: row.student_accounts_enabled,
    rosterGradesAreUs: row.roster_grades_are_us,
    rosterSchoolIdentifier: row.roster_school_identifier,
    absenceChaserTime: hhmm(row.absence_chaser_time),
    absenceCutoffTime: hhmm(row.absence_cutoff_time),
    absenceLinePhone: row.absence_line_phone,
    attendanceRecord: row.attendance_record === 'mis' ? 'mis' : 'portal',
  };
}

/** A time column ('10:00:00') as the form shows it ('10:00'). */
export function hhmm(value: string): string {
  return String(value).slice(0, 5);
}

/** Refuses the change with each message beside its field; nothing has been written. */
function refuse(problems: FieldProblems): never {
  const first = Object.values(problems).flat()[0] ?? 'Please check your answers.';
  throw new AppError('bad_input', `Please check your answers: ${first}`, {
    fieldErrors: problems as Record<string, string[]>,
  });
}

/**
 * Locks the settings row for the rest of the transaction: settings, terms and closures are each
 * changed by one administrator at a time, so two checks for overlapping terms cannot both pass.
 */
async function lockSettings(trx: Database) {
  return trx
    .selectFrom('school_settings')
    .select([...COLUMN_LIST, 'updated_at'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Everything on the settings page in one query: the settings, the logo's facts, terms, closures. */
export async function getSettings(ctx: SignedInContext) {
  const row = await ctx.db
    .selectFrom('school_settings as ss')
    .leftJoin('users as u', 'u.id', 'ss.updated_by_user_id')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    .select((eb) => [
      ...COLUMN_LIST.map((column) => `ss.${column}` as const),
      'ss.updated_at',
      'ss.logo_type',
      'ss.brand_colour',
      eb.fn<number | null>('octet_length', ['ss.logo_data']).as('logo_bytes'),
      eb.fn.coalesce('st.forename', eb.val('')).as('updated_by_forename'),
      eb.fn.coalesce('st.surname', eb.val('')).as('updated_by_surname'),
    ])
    .where('ss.id', '=', 1)
    .executeTakeFirstOrThrow();
  const [terms, closures] = await Promise.all([
    ctx.db
      .selectFrom('terms')
      .select(['id', 'name', 'starts_on', 'ends_on', 'updated_at'])
      .orderBy('starts_on')
      .execute(),
    ctx.db
      .selectFrom('school_closures')
      .select(['id', 'reason', 'starts_on', 'ends_on', 'updated_at'])
      .orderBy('starts_on')
      .execute(),
  ]);
  const updatedBy = `${row.updated_by_forename} ${row.updated_by_surname}`.trim();
  return {
    values: valuesOf(row),
    updatedAt: row.updated_at,
    updatedBy: updatedBy || null,
    brandColour: row.brand_colour,
    logo: row.logo_type ? { contentType: row.logo_type, bytes: Number(row.logo_bytes ?? 0) } : null,
    terms: terms.map((t) => ({
      id: t.id,
      name: t.name,
      startsOn: t.starts_on,
      endsOn: t.ends_on,
      updatedAt: t.updated_at,
    })),
    closures: closures.map((c) => ({
      id: c.id,
      reason: c.reason,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      updatedAt: c.updated_at,
    })),
    timeZones: knownTimeZones(),
  };
}

/**
 * Changes any of the settings (the rest stay as they are), checking the rules between fields on
 * the result. One transaction: the row, who changed it, and one audit entry with each field's old
 * and new value.
 */
export async function updateSettings(ctx: SignedInContext, input: Partial<SettingsValues>) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockSettings(trx);
    const before = valuesOf(row);
    const given = Object.fromEntries(
      Object.entries(input).filter(([field, value]) => field in COLUMNS && value !== undefined),
    ) as Partial<SettingsValues>;
    const after: SettingsValues = { ...before, ...given };
    const problems = settingsProblems(after, before);
    if (Object.keys(problems).length > 0) refuse(problems);

    const changes = settingsChanges(before, after);
    const changed = Object.keys(changes) as SettingsField[];
    if (changed.length === 0) return { changed, updatedAt: row.updated_at };
    const set = Object.fromEntries(changed.map((field) => [COLUMNS[field], after[field]]));
    await trx
      .updateTable('school_settings')
      .set({ ...set, updated_at: now, updated_by_user_id: ctx.user.id })
      .where('id', '=', 1)
      .execute();
    await recordAudit(trx, { ...actorOf(ctx), action: 'settings.updated', details: { changes } });
    return { changed, updatedAt: now };
  });
}

/** The school's logo: a PNG or JPEG of at most 200 KB, known by its first bytes. */
export async function setLogo(ctx: SignedInContext, data: string) {
  const bytes = Buffer.from(data, 'base64');
  const problem = logoProblem(bytes);
  const type = logoTypeOf(bytes);
  if (problem || !type)
    refuse({ logo: [problem ?? 'Choose a PNG or JPEG file for the logo.'] } as FieldProblems);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('school_settings')
      .select('logo_type')
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('school_settings')
      .set({ logo_data: bytes, logo_type: type, updated_at: now, updated_by_user_id: ctx.user.id })
      .where('id', '=', 1)
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'settings.logo_changed',
      details: { from: row.logo_type, to: type, bytes: bytes.length },
    });
  });
  return { contentType: type, bytes: bytes.length };
}

export async function removeLogo(ctx: SignedInContext) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('school_settings')
      .select('logo_type')
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!row.logo_type) return { removed: false };
    await trx
      .updateTable('school_settings')
      .set({ logo_data: null, logo_type: null, updated_at: now, updated_by_user_id: ctx.user.id })
      .where('id', '=', 1)
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'settings.logo_removed',
      details: { from: row.logo_type },
    });
    return { removed: true };
  });
}

export interface TermInput {
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface ClosureInput {
  reason: string;
  startsOn: string;
  endsOn: string;
}

/** The rendered form's key: the same "add" form sent again adds one term or closure. */
interface SubmissionField {
  submissionKey?: string | undefined;
}

const describeRange = (r: { startsOn: string; endsOn: string }) =>
  r.startsOn === r.endsOn ? r.startsOn : `${r.startsOn} to ${r.endsOn}`;

async function termsAndClosures(trx: Database) {
  const [terms, closures] = await Promise.all([
    trx
      .selectFrom('terms')
      .select(['id', 'name', 'starts_on as startsOn', 'ends_on as endsOn'])
      .orderBy('starts_on')
      .execute(),
    trx
      .selectFrom('school_closures')
      .select(['id', 'reason', 'starts_on as startsOn', 'ends_on as endsOn'])
      .orderBy('starts_on')
      .execute(),
  ]);
  return { terms, closures };
}

/** Terms never overlap, and every closure stays inside a term; `terms` is the proposed list. */
function termProblems(
  term: TermInput & { id?: string },
  terms: { id: string; name: string; startsOn: string; endsOn: string }[],
  closures: { reason: string; startsOn: string; endsOn: string }[],
): FieldProblems {
  const others = terms.filter((t) => t.id !== term.id);
  const clash = others.find((t) => rangesOverlap(t, term));
  if (clash) {
    return {
      startsOn: [
        `These dates overlap ${clash.name} (${describeRange(clash)}). Terms cannot overlap.`,
      ],
    } as FieldProblems;
  }
  const proposed = [...others, term];
  const stranded = closures.find((c) => !proposed.some((t) => rangeWithin(c, t)));
  if (stranded) {
    return {
      startsOn: [
        `The closure “${stranded.reason}” (${describeRange(stranded)}) would no longer be inside a term. Change or remove it first.`,
      ],
    } as FieldProblems;
  }
  return {};
}

function termRow(t: {
  id: string;
  name: string;
  starts_on: string;
  ends_on: string;
  updated_at: Date;
}) {
  return {
    id: t.id,
    name: t.name,
    startsOn: t.starts_on,
    endsOn: t.ends_on,
    updatedAt: t.updated_at,
  };
}

export async function addTerm(ctx: SignedInContext, form: TermInput & SubmissionField) {
  const now = ctx.now();
  const input: TermInput = { name: form.name, startsOn: form.startsOn, endsOn: form.endsOn };
  const submission = { purpose: 'settings.term_add', userId: ctx.user.id, input: form };
  const added = await ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      await lockSettings(trx);
      const { terms, closures } = await termsAndClosures(trx);
      const problems = termProblems(input, terms, closures);
      if (Object.keys(problems).length > 0) refuse(problems);
      const row = await trx
        .insertInto('terms')
        .values({
          name: input.name,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          updated_at: now,
        })
        .returning(['id', 'name', 'starts_on', 'ends_on', 'updated_at'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'settings.term_added',
        details: { term_id: row.id, ...input },
      });
      // Kept as JSON for a repeat of the same form, so the time travels as text.
      return { ...termRow(row), updatedAt: row.updated_at.toISOString() };
    }),
  );
  return { ...added, updatedAt: new Date(added.updatedAt) };
}

export async function updateTerm(ctx: SignedInContext, id: string, input: TermInput) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await lockSettings(trx);
    const { terms, closures } = await termsAndClosures(trx);
    const old = terms.find((t) => t.id === id);
    if (!old) throw new AppError('not_found', 'We could not find that term.');
    const problems = termProblems({ ...input, id }, terms, closures);
    if (Object.keys(problems).length > 0) refuse(problems);
    const row = await trx
      .updateTable('terms')
      .set({ name: input.name, starts_on: input.startsOn, ends_on: input.endsOn, updated_at: now })
      .where('id', '=', id)
      .returning(['id', 'name', 'starts_on', 'ends_on', 'updated_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'settings.term_updated',
      details: {
        term_id: id,
        from: { name: old.name, startsOn: old.startsOn, endsOn: old.endsOn },
        to: input,
      },
    });
    return termRow(row);
  });
}

export async function removeTerm(ctx: SignedInContext, id: string) {
  return ctx.db.transaction().execute(async (trx) => {
    await lockSettings(trx);
    const { terms, closures } = await termsAndClosures(trx);
    const old = terms.find((t) => t.id === id);
    if (!old) throw new AppError('not_found', 'We could not find that term.');
    const inside = closures.filter((c) => rangeWithin(c, old));
    if (inside.length > 0) {
      throw new AppError(
        'conflict',
        `${old.name} has ${inside.length === 1 ? 'a closure' : `${inside.length} closures`} (${inside
          .map((c) => c.reason)
          .join(', ')}). Remove ${inside.length === 1 ? 'it' : 'them'} first, then the term.`,
      );
    }
    await trx.deleteFrom('terms').where('id', '=', id).execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'settings.term_removed',
      details: { term_id: id, name: old.name, startsOn: old.startsOn, endsOn: old.endsOn },
    });
    return { removed: true as const, name: old.name };
  });
}

function closureProblems(
  closure: ClosureInput,
  terms: { startsOn: string; endsOn: string }[],
): FieldProblems {
  if (!terms.some((t) => rangeWithin(closure, t))) {
    return {
      startsOn: ['A closure must fall inside one term. Check the dates, or add the term first.'],
    } as FieldProblems;
  }
  return {};
}

function closureRow(c: {
  id: string;
  reason: string;
  starts_on: string;
  ends_on: string;
  updated_at: Date;
}) {
  return {
    id: c.id,
    reason: c.reason,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    updatedAt: c.updated_at,
  };
}

export async function addClosure(ctx: SignedInContext, form: ClosureInput & SubmissionField) {
  const now = ctx.now();
  const input: ClosureInput = { reason: form.reason, startsOn: form.startsOn, endsOn: form.endsOn };
  const submission = { purpose: 'settings.closure_add', userId: ctx.user.id, input: form };
  const added = await ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      await lockSettings(trx);
      const { terms } = await termsAndClosures(trx);
      const problems = closureProblems(input, terms);
      if (Object.keys(problems).length > 0) refuse(problems);
      const row = await trx
        .insertInto('school_closures')
        .values({
          reason: input.reason,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          updated_at: now,
        })
        .returning(['id', 'reason', 'starts_on', 'ends_on', 'updated_at'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'settings.closure_added',
        details: { closure_id: row.id, ...input },
      });
      return { ...closureRow(row), updatedAt: row.updated_at.toISOString() };
    }),
  );
  return { ...added, updatedAt: new Date(added.updatedAt) };
}

export async function updateClosure(ctx: SignedInContext, id: string, input: ClosureInput) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await lockSettings(trx);
    const { terms, closures } = await termsAndClosures(trx);
    const old = closures.find((c) => c.id === id);
    if (!old) throw new AppError('not_found', 'We could not find that closure.');
    const problems = closureProblems(input, terms);
    if (Object.keys(problems).length > 0) refuse(problems);
    const row = await trx
      .updateTable('school_closures')
      .set({
        reason: input.reason,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        updated_at: now,
      })
      .where('id', '=', id)
      .returning(['id', 'reason', 'starts_on', 'ends_on', 'updated_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'settings.closure_updated',
      details: {
        closure_id: id,
        from: { reason: old.reason, startsOn: old.startsOn, endsOn: old.endsOn },
        to: input,
      },
    });
    return closureRow(row);
  });
}

export async function removeClosure(ctx: SignedInContext, id: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const old = await trx
      .deleteFrom('school_closures')
      .where('id', '=', id)
      .returning(['reason', 'starts_on', 'ends_on'])
      .executeTakeFirst();
    if (!old) throw new AppError('not_found', 'We could not find that closure.');
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'settings.closure_removed',
      details: { closure_id: id, reason: old.reason, startsOn: old.starts_on, endsOn: old.ends_on },
    });
    return { removed: true as const, reason: old.reason };
  });
}
