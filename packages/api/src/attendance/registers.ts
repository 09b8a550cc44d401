import { sql } from 'kysely';
import { recordAudit, schoolDate, type Database } from '@schoolgate/db';
import {
  AppError,
  holdsAny,
  isSchoolDay,
  noSchoolReason,
  addDays,
  loadSchoolCalendar,
  type LoadedSchoolCalendar,
  staffDisplayName,
} from '../core';
import {
  ATTENDANCE_CATEGORY_LABELS,
  ATTENDANCE_CODES,
  categoryOf,
  explainCode,
  type AttendanceCategory,
} from './codes';
import { onRoll } from '../access';
import { acceptedAbsencesOn } from '../absence';
import type { SignedIn } from '../access';

export type Session = 'AM' | 'PM';

/** Which register: a form (office and admin) or a teaching group (its teacher, office, admin). */
export type RegisterTarget =
  { form: string; groupId?: undefined } | { groupId: string; form?: undefined };

const NOT_FOUND = 'We could not find that register.';
const STUDENT_NOT_IN_REGISTER =
  'We could not find one of those students in this register, so nothing was saved.';

/** Office and admin may take any register; a teacher only the classes they teach. */
const takesAnyRegister = (ctx: SignedIn) => holdsAny(ctx.user.roles, ['office', 'admin']);

// ---------------------------------------------------------------------------------------------
// The code picker: pure rules, unit-tested beside this file.

/** The present code for a session: "/" in the morning, "\" in the afternoon. */
export const presentCodeFor = (session: Session): string => (session === 'AM' ? '/' : '\\');

/** The codes most registers need, in the order a teacher reaches for them. */
const COMMON_CODES = ['L', 'N', 'I', 'M', 'C', 'O'] as const;

export interface CodeChoice {
  code: string;
  meaning: string;
  category: AttendanceCategory;
}

export interface CodeChoiceGroup {
  category: AttendanceCategory;
  label: string;
  codes: CodeChoice[];
}

export interface RegisterCodeChoices {
  /** Present for this session, then the most common codes: shown first. */
  common: CodeChoice[];
  /** Every other code, by category, for <optgroup>s. */
  groups: CodeChoiceGroup[];
}

const choice = (code: string): CodeChoice => {
  const info = ATTENDANCE_CODES.find((c) => c.code === code);
  if (!info) throw new Error(`Unknown attendance code ${code}`);
  return { code: info.code, meaning: info.meaning, category: info.category };
};

/**
 * The codes a register offers for `session`: the session's present mark and the common codes
 * first, then every other code grouped by category. The other session's present mark is left
 * out: a morning register has no "\".
 */
export function registerCodeChoices(session: Session): RegisterCodeChoices {
  const common = [presentCodeFor(session), ...COMMON_CODES];
  const otherPresent = presentCodeFor(session === 'AM' ? 'PM' : 'AM');
  const groups = (Object.keys(ATTENDANCE_CATEGORY_LABELS) as AttendanceCategory[])
    .map((category) => ({
      category,
      label: ATTENDANCE_CATEGORY_LABELS[category],
      codes: ATTENDANCE_CODES.filter(
        (c) => c.category === category && !common.includes(c.code) && c.code !== otherPresent,
      ).map((c) => choice(c.code)),
    }))
    .filter((group) => group.codes.length > 0);
  return { common: common.map(choice), groups };
}

/** Why `code` cannot be a mark for `session`, or null when it can. */
export function codeProblem(code: string, session: Session): string | null {
  if (categoryOf(code) === null) return `“${code}” is not an attendance code.`;
  if (code === presentCodeFor(session === 'AM' ? 'PM' : 'AM')) {
    return `Use “${presentCodeFor(session)}” for present in the ${session === 'AM' ? 'morning' : 'afternoon'}.`;
  }
  return null;
}

export interface RegisterCounts {
  present: number;
  late: number;
  /** Authorised and unauthorised absences, including arriving after the register closed (U). */
  absent: number;
  approvedActivity: number;
  notPossible: number;
}

/** How a register's marks add up, for the "Register saved: 28 present, 1 late, 1 absent" line. */
export function countMarks(codes: readonly string[]): RegisterCounts {
  const counts: RegisterCounts = {
    present: 0,
    late: 0,
    absent: 0,
    approvedActivity: 0,
    notPossible: 0,
  };
  for (const code of codes) {
    if (code === 'L') counts.late += 1;
    else {
      const category = categoryOf(code);
      if (category === 'present') counts.present += 1;
      else if (category === 'approved_activity') counts.approvedActivity += 1;
      else if (category === 'authorised' || category === 'unauthorised') counts.absent += 1;
      else if (category === 'not_possible') counts.notPossible += 1;
    }
  }
  return counts;
}

/** The session to suggest at a time of day ('HH:MM' at the school): morning until noon. */
export const sessionAt = (time: string): Session => (time < '12:00' ? 'AM' : 'PM');

// ---------------------------------------------------------------------------------------------

const timeOfDay = (now: Date, timeZone: string): string => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('hour')}:${part('minute')}`;
};

/** `today` if it is a school day, else the school day before it; null if none within a year. */
function latestSchoolDay(today: string, calendar: LoadedSchoolCalendar): string | null {
  for (let back = 0; back < 366; back++) {
    const day = addDays(today, -back);
    if (isSchoolDay(day, calendar)) return day;
  }
  return null;
}

export interface RegisterForm {
  form: string;
  yearGroup: number;
  students: number;
  updatedAt: Date;
}

export interface RegisterGroup {
  id: string;
  code: string;
  subject: string;
  yearGroup: number | null;
  students: number;
  updatedAt: Date;
}

/** What the register picker offers: the forms and classes the caller may register, and when. */
export async function registerOptions(ctx: SignedIn) {
  const now = ctx.now();
  const everything = takesAnyRegister(ctx);
  const calendar = await loadSchoolCalendar(ctx.db);
  const [forms, groups] = await Promise.all([
    everything
      ? ctx.db
          .selectFrom('students as s')
          .select((eb) => [
            's.form',
            's.year_group',
            eb.fn.countAll<number>().as('students'),
            eb.fn.max('s.updated_at').as('updated_at'),
          ])
          .where((eb) => onRoll(eb, now))
          .groupBy(['s.form', 's.year_group'])
          .orderBy('s.year_group')
          .orderBy('s.form')
          .execute()
      : [],
    ctx.user.staffId || everything
      ? ctx.db
          .selectFrom('teaching_groups as g')
          .leftJoin('teaching_group_members as m', 'm.group_id', 'g.id')
          .leftJoin('students as s', (join) =>
            join.onRef('s.id', '=', 'm.student_id').on((eb) => onRoll(eb, now)),
          )
          .select((eb) => [
            'g.id',
            'g.code',
            'g.subject',
            'g.year_group',
            'g.updated_at',
            eb.fn.count<number>('s.id').as('students'),
          ])
          .$if(!everything, (q) => q.where('g.teacher_staff_id', '=', ctx.user.staffId))
          .groupBy('g.id')
          .orderBy('g.year_group')
          .orderBy('g.code')
          .execute()
      : [],
  ]);
  const today = schoolDate(now, calendar.timeZone);
  const suggestedDate = latestSchoolDay(today, calendar);
  return {
    today,
    todayIsSchoolDay: isSchoolDay(today, calendar),
    /** Today if it is a school day, else the most recent one; null before any term is set up. */
    suggestedDate,
    suggestedSession:
      suggestedDate === today ? sessionAt(timeOfDay(now, calendar.timeZone)) : ('AM' as Session),
    forms: forms.map((f): RegisterForm => ({
      form: f.form,
      yearGroup: f.year_group,
      students: Number(f.students),
      updatedAt: new Date(f.updated_at),
    })),
    groups: groups.map((g): RegisterGroup => ({
      id: g.id,
      code: g.code,
      subject: g.subject,
      yearGroup: g.year_group,
      students: Number(g.students),
      updatedAt: g.updated_at,
    })),
  };
}

/** "Saturday 14 November 2026", the same whatever the ICU version's punctuation. */
function longDate(date: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(new Date(`${date}T00:00:00Z`));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** Refuses a day that has not come yet, or one with no school. */
async function requireRegisterDay(ctx: SignedIn, date: string): Promise<void> {
  const calendar = await loadSchoolCalendar(ctx.db);
  const today = schoolDate(ctx.now(), calendar.timeZone);
  if (date > today) {
    throw new AppError(
      'bad_input',
      'That day has not happened yet: registers are taken on the day or afterwards.',
      { fieldErrors: { date: ['Choose today or a day before it.'] } },
    );
  }
  if (!isSchoolDay(date, calendar)) {
    const reason = noSchoolReason(date, calendar) ?? 'No school';
    throw new AppError(
      'bad_input',
      `There is no register on ${longDate(date)}: it is not a school day (${reason}).`,
      { fieldErrors: { date: ['Choose a school day.'] } },
    );
  }
}

interface RegisterStudentRow {
  id: string;
  forename: string;
  surname: string;
  preferred_name: string | null;
  form: string;
  year_group: number;
}

interface ResolvedRegister {
  kind: 'form' | 'group';
  form: string | null;
  groupId: string | null;
  /** "Form 10N" or "10/En English". */
  label: string;
  students: RegisterStudentRow[];
}

/** On roll on the register's day: admitted by then and not yet left. */
const onRollOn = (date: string) =>
  sql<boolean>`(s.admission_date <= ${date}::date and (s.leaving_date is null or s.leaving_date >= ${date}::date))`;

/**
 * The register's students on roll on `date`. A form is for office and admin only; a class is for
 * its teacher too. Anything else is "not found", exactly like a register that does not exist.
 */
async function resolveRegister(
  ctx: SignedIn,
  target: RegisterTarget,
  date: string,
  db: Database = ctx.db,
): Promise<ResolvedRegister> {
  const studentColumns = [
    's.id',
    's.forename',
    's.surname',
    's.preferred_name',
    's.form',
    's.year_group',
  ] as const;
  if (target.form !== undefined) {
    if (!takesAnyRegister(ctx)) throw new AppError('not_found', NOT_FOUND);
    const students = await db
      .selectFrom('students as s')
      .select(studentColumns)
      .where('s.form', '=', target.form)
      .where(onRollOn(date))
      .orderBy('s.surname')
      .orderBy('s.forename')
      .execute();
    if (students.length === 0) throw new AppError('not_found', NOT_FOUND);
    return {
      kind: 'form',
      form: target.form,
      groupId: null,
      label: `Form ${target.form}`,
      students,
    };
  }
  const group = await db
    .selectFrom('teaching_groups as g')
    .select(['g.id', 'g.code', 'g.subject'])
    .where('g.id', '=', target.groupId)
    .$if(!takesAnyRegister(ctx), (q) => q.where('g.teacher_staff_id', '=', ctx.user.staffId))
    .executeTakeFirst();
  if (!group) throw new AppError('not_found', NOT_FOUND);
  const students = await db
    .selectFrom('teaching_group_members as m')
    .innerJoin('students as s', 's.id', 'm.student_id')
    .select(studentColumns)
    .where('m.group_id', '=', group.id)
    .where(onRollOn(date))
    .orderBy('s.surname')
    .orderBy('s.forename')
    .execute();
  return {
    kind: 'group',
    form: null,
    groupId: group.id,
    label: `${group.code} ${group.subject}`,
    students,
  };
}

const displayName = (s: RegisterStudentRow) => `${s.preferred_name ?? s.forename} ${s.surname}`;

export interface RegisterMark {
  id: string;
  code: string;
  meaning: string;
  minutesLate: number | null;
  /** Who recorded it, as staff are named on every screen; null when not recorded. */
  recordedBy: string | null;
  recordedAt: Date;
  updatedAt: Date;
}

export interface RegisterStudent {
  id: string;
  displayName: string;
  forename: string;
  surname: string;
  form: string;
  yearGroup: number;
  /** The mark already recorded for this day and session, or null. */
  mark: RegisterMark | null;
  /**
   * "Reported absent: illness" when the office has accepted a parent's report for this session:
   * a save keeps the reported mark unless the student is marked present or late.
   */
  reported: string | null;
}

/**
 * One register for a day and session (P8): its students on roll that day with any mark already
 * recorded, and the codes to choose from. One audit entry names every student listed (P10).
 */
export async function registerView(
  ctx: SignedIn,
  input: RegisterTarget & { date: string; session: Session },
) {
  await requireRegisterDay(ctx, input.date);
  const register = await resolveRegister(ctx, input, input.date);
  const ids = register.students.map((s) => s.id);
  const marks =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom('attendance_marks as m')
          .leftJoin('staff as st', 'st.id', 'm.recorded_by_staff_id')
          .select([
            'm.id',
            'm.student_id',
            'm.code',
            'm.minutes_late',
            'm.recorded_at',
            'm.updated_at',
            'st.title',
            'st.forename',
            'st.surname',
          ])
          .where('m.student_id', 'in', ids)
          .where('m.on_date', '=', input.date)
          .where('m.session', '=', input.session)
          .execute();
  const byStudent = new Map(marks.map((m) => [m.student_id, m]));
  const reported = await acceptedAbsencesOn(ctx.db, ids, input.date, input.session);
  const students = register.students.map((s): RegisterStudent => {
    const m = byStudent.get(s.id);
    return {
      id: s.id,
      displayName: displayName(s),
      forename: s.forename,
      surname: s.surname,
      form: s.form,
      yearGroup: s.year_group,
      mark: m
        ? {
            id: m.id,
            code: m.code,
            meaning: explainCode(m.code),
            minutesLate: m.minutes_late,
            recordedBy: staffDisplayName(m),
            recordedAt: m.recorded_at,
            updatedAt: m.updated_at,
          }
        : null,
      reported: reported.get(s.id)?.note ?? null,
    };
  });
  await recordAudit(ctx.db, {
    at: ctx.now(),
    action: 'view.register',
    actorUserId: ctx.user.id,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: {
      form: register.form,
      group_id: register.groupId,
      date: input.date,
      session: input.session,
      student_ids: ids,
    },
  });
  const updatedAt = marks.reduce<Date | null>(
    (latest, m) => (!latest || m.updated_at > latest ? m.updated_at : latest),
    null,
  );
  return {
    register: {
      kind: register.kind,
      form: register.form,
      groupId: register.groupId,
      label: register.label,
    },
    date: input.date,
    session: input.session,
    presentCode: presentCodeFor(input.session),
    students,
    unmarked: students.filter((s) => !s.mark).length,
    counts: countMarks(marks.map((m) => m.code)),
    codes: registerCodeChoices(input.session),
    /** When any mark shown last changed; null when nobody is marked yet (P7). */
    updatedAt,
  };
}

export interface MarkInput {
  studentId: string;
  code: string;
  minutesLate?: number | undefined;
}

/**
 * Saves a register's marks in one transaction (P8): every student must be in the register (or
 * nothing is written), codes must be real ones for the session, and minutes late go only with
 * "L". A mark left as it was keeps who recorded it; new and changed marks are recorded as the
 * caller's, now. One audit entry with the counts.
 */
export async function saveRegister(
  ctx: SignedIn,
  input: RegisterTarget & { date: string; session: Session; marks: MarkInput[] },
) {
  const now = ctx.now();
  const staffId = ctx.user.staffId;
  if (!staffId) throw new AppError('forbidden', 'Only staff can take a register.');
  await requireRegisterDay(ctx, input.date);

  return ctx.db.transaction().execute(async (trx) => {
    const register = await resolveRegister(ctx, input, input.date, trx);
    const inRegister = new Map(register.students.map((s) => [s.id, s]));
    const seen = new Set<string>();
    for (const mark of input.marks) {
      if (!inRegister.has(mark.studentId)) throw new AppError('not_found', STUDENT_NOT_IN_REGISTER);
      if (seen.has(mark.studentId)) {
        throw new AppError('bad_input', 'Each student can have only one mark in a register.');
      }
      seen.add(mark.studentId);
    }

    const problems: Record<string, string[]> = {};
    const messages: string[] = [];
    for (const mark of input.marks) {
      const name = displayName(inRegister.get(mark.studentId)!);
      const codeIssue = codeProblem(mark.code, input.session);
      if (codeIssue) {
        problems[`code-${mark.studentId}`] = [codeIssue];
        messages.push(`${name}: ${codeIssue}`);
      } else if (mark.minutesLate !== undefined && mark.code !== 'L') {
        const issue = 'Minutes late go only with the late mark (L).';
        problems[`late-${mark.studentId}`] = [issue];
        messages.push(`${name}: ${issue}`);
      }
    }
    if (messages.length > 0) {
      throw new AppError('bad_input', `Nothing was saved. ${messages[0]!}`, {
        fieldErrors: problems,
      });
    }

    const existing = await trx
      .selectFrom('attendance_marks')
      .select(['student_id', 'code', 'minutes_late'])
      .where('student_id', 'in', [...inRegister.keys()])
      .where('on_date', '=', input.date)
      .where('session', '=', input.session)
      .execute();
    const before = new Map(existing.map((m) => [m.student_id, m]));
    // An absence the office accepted from a parent's report keeps its mark when the register is
    // saved with another absence code (a one-tap "Absent" is N); present or late means the student
    // came in after all, and is written.
    const reported = await acceptedAbsencesOn(
      trx,
      [...inRegister.keys()],
      input.date,
      input.session,
    );
    const keptReported = input.marks.filter((mark) => {
      const report = reported.get(mark.studentId);
      return (
        report !== undefined &&
        before.get(mark.studentId)?.code === report.code &&
        mark.code !== report.code &&
        categoryOf(mark.code) !== 'present'
      );
    });
    const kept = new Set(keptReported.map((m) => m.studentId));
    const changed = input.marks.filter((mark) => {
      if (kept.has(mark.studentId)) return false;
      const old = before.get(mark.studentId);
      return !old || old.code !== mark.code || old.minutes_late !== (mark.minutesLate ?? null);
    });
    if (changed.length > 0) {
      await trx
        .insertInto('attendance_marks')
        .values(
          changed.map((mark) => ({
            student_id: mark.studentId,
            on_date: input.date,
            session: input.session,
            code: mark.code,
            minutes_late: mark.minutesLate ?? null,
            recorded_by_staff_id: staffId,
            recorded_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['student_id', 'on_date', 'session']).doUpdateSet((eb) => ({
            code: eb.ref('excluded.code'),
            minutes_late: eb.ref('excluded.minutes_late'),
            recorded_by_staff_id: eb.ref('excluded.recorded_by_staff_id'),
            recorded_at: eb.ref('excluded.recorded_at'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    const counts = countMarks(
      input.marks.map((m) =>
        kept.has(m.studentId) ? (before.get(m.studentId)?.code ?? m.code) : m.code,
      ),
    );
    await recordAudit(trx, {
      at: now,
      action: 'register.saved',
      actorUserId: ctx.user.id,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
      details: {
        form: register.form,
        group_id: register.groupId,
        date: input.date,
        session: input.session,
        marks: input.marks.length,
        written: changed.length,
        unchanged: input.marks.length - changed.length,
        ...counts,
        student_ids: changed.map((m) => m.studentId),
        kept_reported: keptReported.map((m) => m.studentId),
      },
    });
    return {
      label: register.label,
      counts,
      written: changed.length,
      unchanged: input.marks.length - changed.length,
      /** Students whose accepted reported absence kept its mark, as "Name: reported absent: …". */
      keptReported: keptReported.map((m) => {
        const report = reported.get(m.studentId)!;
        return `${displayName(inRegister.get(m.studentId)!)} (${report.note.toLowerCase()}, ${report.code})`;
      }),
      /** Students of the register still without a mark for this session. */
      unmarked: register.students.filter((s) => !before.has(s.id) && !seen.has(s.id)).length,
      updatedAt: now,
    };
  });
}
