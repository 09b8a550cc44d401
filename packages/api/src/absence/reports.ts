import { sql, type Kysely } from 'kysely';
import { loadSettings, recordAudit, schoolDate, type DB } from '@schoolgate/db';
import {
  AppError,
  holdsAny,
  actorOf,
  loadSchoolCalendar,
  submitOnce,
  type LoadedSchoolCalendar,
  type SignedInContext,
} from '../core';
import { canSeeStudent, studentDisplayName, studentView } from '../access';
import {
  OPEN_STATES,
  REASON_LABELS,
  STATE_LABELS,
  SUGGESTED_CODE,
  dateProblems,
  describeReport,
  isAfterCutoff,
  longDate,
  overlaps,
  schoolClock,
  schoolDaysBetween,
  sessionsOf,
  type Reason,
  type ReportKind,
  type ReportState,
  type SessionChoice,
} from './rules';

/** What the parent's form sends, once the router has checked its shape. */
export interface NewReportInput {
  studentIds: string[];
  kind: ReportKind;
  firstDate: string;
  lastDate: string;
  sessions: SessionChoice;
  expectedArrival?: string | undefined;
  reason: Reason;
  note?: string | undefined;
  submissionKey?: string | undefined;
}

const NOT_FOUND = 'We could not find that student.';
const REPORT_NOT_FOUND = 'We could not find that report.';
export const ONLY_PARENTS =
  'Only a parent or carer with parental responsibility can report an absence. Please contact the school.';

/**
 * A parent may report for the children they may see as a parent: on roll, linked by a verified
 * link with parental responsibility that is not restricted or under a safeguarding hold. The
 * staff roles an account may also hold widen nothing here.
 */
function asParent(ctx: SignedInContext) {
  if (!ctx.user.contactId || !ctx.user.roles.includes('parent')) {
    throw new AppError('forbidden', ONLY_PARENTS);
  }
  return { ...ctx.user, roles: ['parent' as const] };
}

/** The children among `studentIds` this parent may report for, with their names; else "not found". */
async function requireChildren(trx: Kysely<DB>, ctx: SignedInContext, studentIds: string[]) {
  const parent = asParent(ctx);
  const wanted = [...new Set(studentIds)];
  const now = ctx.now();
  const rows = await trx
    .selectFrom('students as s')
    .select(['s.id', 's.forename', 's.preferred_name', 's.surname'])
    .where('s.id', 'in', wanted)
    .where((eb) => canSeeStudent(eb, parent, now))
    .orderBy('s.id')
    .execute();
  if (rows.length !== wanted.length) throw new AppError('not_found', NOT_FOUND);
  // Reports for one child are filed one at a time (a lock held to the end of the transaction, taken
  // in one order), so overlapping reports sent together each see the ones before them.
  for (const row of rows) {
    await sql`select pg_advisory_xact_lock(hashtext(${`schoolgate.absence-reports:${row.id}`}))`.execute(
      trx,
    );
  }
  return rows;
}

/**
 * Past days may be reported only to explain an absence the register shows as unexplained (N):
 * "Tell us why". Every past school day in the report must have such a mark in the sessions named.
 */
async function checkPastDays(
  trx: Kysely<DB>,
  child: { id: string; name: string },
  input: NewReportInput,
  today: string,
  calendar: LoadedSchoolCalendar,
): Promise<string | null> {
  const pastDays = schoolDaysBetween(input.firstDate, input.lastDate, calendar).filter(
    (day) => day < today,
  );
  if (pastDays.length === 0) return null;
  const marks = await trx
    .selectFrom('attendance_marks')
    .select(['on_date', 'session', 'code'])
    .where('student_id', '=', child.id)
    .where('on_date', 'in', pastDays)
    .where('session', 'in', sessionsOf(input.sessions))
    .execute();
  for (const day of pastDays) {
    const onDay = marks.filter((m) => String(m.on_date) === day);
    if (!onDay.some((m) => m.code === 'N')) {
      return `The register does not show ${child.name} as absent without a reason on ${longDate(day)}, so there is nothing to explain for that day. If a mark is wrong, use “Report a problem” on the attendance page.`;
    }
  }
  return null;
}

/** Refuses a report that meets one the school already has (waiting, asked about, or accepted). */
async function checkOverlap(
  trx: Kysely<DB>,
  child: { id: string; name: string },
  input: NewReportInput,
) {
  const existing = await trx
    .selectFrom('absence_reports')
    .select(['first_date', 'last_date', 'sessions'])
    .where('student_id', '=', child.id)
    .where('state', '<>', 'refused')
    .where('first_date', '<=', input.lastDate)
    .where('last_date', '>=', input.firstDate)
    .execute();
  const clash = existing.find((r) =>
    overlaps(
      {
        firstDate: String(r.first_date),
        lastDate: String(r.last_date),
        sessions: r.sessions as SessionChoice,
      },
      input,
    ),
  );
  if (clash) {
    throw new AppError(
      'conflict',
      `You have already told the school about ${child.name} on ${longDate(String(clash.first_date))}. Your earlier report is under “Absence reports” on their attendance page.`,
    );
  }
}

/**
 * A parent reports an absence or a late arrival for one or more of their children: one report
 * per child, all in one transaction (all or nothing), each audited. The same form sent twice
 * files them once.
 */
export async function reportAbsence(ctx: SignedInContext, input: NewReportInput) {
  asParent(ctx);
  const now = ctx.now();
  const calendar = await loadSchoolCalendar(ctx.db);
  const today = schoolDate(now, calendar.timeZone);
  const problems = dateProblems(input, today, calendar);
  const firstProblem = Object.values(problems)[0]?.[0];
  if (firstProblem) throw new AppError('bad_input', firstProblem, { fieldErrors: problems });

  const settings = await loadSettings(ctx.db);
  const cutoff = cutoffOf(settings);
  // Taken whatever the time; a report covering today made after the cut-off is marked so for the
  // office, and the parent is told plainly the office may not see it before registration.
  const afterCutoff = isAfterCutoff(input, today, schoolClock(now, calendar.timeZone), cutoff.time);
  const submission = { purpose: 'absence_report.create', userId: ctx.user.id, input };
  return ctx.db.transaction().execute(async (trx) => {
    // Checked before a repeated form is answered from its first sending too: a parent whose link
    // was restricted since is refused, not told again what the school had.
    const children = (await requireChildren(trx, ctx, input.studentIds)).map((c) => ({
      id: c.id,
      name: studentDisplayName(c),
    }));
    return submitOnce(trx, now, submission, async () => {
      for (const child of children) {
        if (input.kind === 'absence') {
          const past = await checkPastDays(trx, child, input, today, calendar);
          if (past) {
            throw new AppError('bad_input', past, { fieldErrors: { firstDate: [past] } });
          }
        }
        await checkOverlap(trx, child, input);
      }
      const created = await trx
        .insertInto('absence_reports')
        .values(
          children.map((child) => ({
            student_id: child.id,
            reported_by_user_id: ctx.user.id,
            kind: input.kind,
            first_date: input.firstDate,
            last_date: input.lastDate,
            sessions: input.sessions,
            expected_arrival: input.kind === 'late' ? (input.expectedArrival ?? null) : null,
            reason: input.reason,
            note: input.note ?? null,
            after_cutoff: afterCutoff,
            state: 'waiting',
            created_at: now,
            updated_at: now,
          })),
        )
        .returning(['id', 'student_id'])
        .execute();
      for (const row of created) {
        await recordAudit(trx, {
          ...actorOf(ctx),
          action: 'absence_report.created',
          studentId: row.student_id,
          details: {
            report_id: row.id,
            kind: input.kind,
            reason: input.reason,
            first_date: input.firstDate,
            last_date: input.lastDate,
            sessions: input.sessions,
            after_cutoff: afterCutoff,
          },
        });
      }
      const names = children.map((c) => c.name);
      return {
        reportIds: created.map((r) => r.id),
        afterCutoff,
        message: `Thank you. The school has your report for ${names.join(' and ')}. The office will look at it and you will see its answer here.`,
        ...(afterCutoff ? { cutoffWarning: cutoffWarning(cutoff) } : {}),
      };
    });
  });
}

/** The school's cut-off for reporting today's absence, and its absence line. */
export function cutoffOf(settings: {
  absence_cutoff_time: string;
  absence_line_phone: string | null;
}) {
  return {
    time: String(settings.absence_cutoff_time).slice(0, 5),
    phone: settings.absence_line_phone,
  };
}

/** What a parent who reports today's absence after the cut-off is told, in plain words. */
export function cutoffWarning(cutoff: { time: string; phone: string | null }): string {
  const phone = cutoff.phone
    ? `please also phone the absence line on ${cutoff.phone}`
    : 'please also phone the school';
  return `It is after ${cutoff.time}, so the office may not see your report before registration. If your child is due in school today, ${phone}.`;
}

/** The columns every view of a report reads, with the child's name. */
export function reportQuery(db: Kysely<DB>) {
  return db
    .selectFrom('absence_reports as r')
    .innerJoin('students as s', 's.id', 'r.student_id')
    .select([
      'r.id',
      'r.student_id',
      'r.reported_by_user_id',
      'r.kind',
      'r.first_date',
      'r.last_date',
      'r.sessions',
      'r.expected_arrival',
      'r.reason',
      'r.note',
      'r.after_cutoff',
      'r.state',
      'r.recorded_code',
      'r.decided_at',
      'r.office_message',
      'r.parent_reply',
      'r.created_at',
      'r.updated_at',
      's.forename',
      's.preferred_name',
      's.surname',
    ]);
}

export type ReportRow = Awaited<
  ReturnType<ReturnType<typeof reportQuery>['executeTakeFirstOrThrow']>
>;

/** A time column as 'HH:MM'. */
const hhmm = (value: string | null) => (value ? value.slice(0, 5) : null);

/** A report as parents and staff both read it. */
export function reportBody(row: ReportRow) {
  const kind = row.kind as ReportKind;
  const reason = row.reason as Reason;
  const sessions = row.sessions as SessionChoice;
  const state = row.state as ReportState;
  const firstDate = String(row.first_date);
  const lastDate = String(row.last_date);
  const expectedArrival = hhmm(row.expected_arrival);
  return {
    id: row.id,
    studentId: row.student_id,
    studentName: studentDisplayName(row),
    kind,
    reason,
    reasonLabel: REASON_LABELS[reason],
    firstDate,
    lastDate,
    sessions,
    expectedArrival,
    summary: describeReport({ kind, reason, firstDate, lastDate, sessions, expectedArrival }),
    note: row.note,
    afterCutoff: row.after_cutoff,
    state,
    stateLabel: STATE_LABELS[state],
    open: OPEN_STATES.includes(state),
    recordedCode: row.recorded_code,
    suggestedCode: SUGGESTED_CODE[reason],
    officeMessage: row.office_message,
    parentReply: row.parent_reply,
    decidedAt: row.decided_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The parent's own reports, newest first, for every child (the reports page and home). */
export async function myReports(ctx: SignedInContext) {
  const parent = asParent(ctx);
  const now = ctx.now();
  // Only for children the parent may still see: a restricted or held link, or a child who has
  // left, takes their reports (and the school's words on them) out of sight too.
  const rows = await reportQuery(ctx.db)
    .where('r.reported_by_user_id', '=', ctx.user.id)
    .where((eb) => canSeeStudent(eb, parent, now))
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .limit(200)
    .execute();
  return rows.map(reportBody);
}

/**
 * A child's reports, newest first, for their attendance page: for anyone the access policy lets
 * see the child (both parents with parental responsibility, the office, their teachers, the
 * student). What the parent wrote and what the office answered ("an appointment at the clinic")
 * is between the family and the office: the student and their teachers see the dates, the reason
 * and where the report stands, not those words.
 */
export async function reportsForStudent(ctx: SignedInContext, studentId: string) {
  const readsWords = holdsAny(ctx.user.roles, ['parent', 'office', 'admin']);
  return studentView(ctx, studentId, 'absence_reports', async () => {
    const rows = await reportQuery(ctx.db)
      .where('r.student_id', '=', studentId)
      .orderBy('r.first_date', 'desc')
      .orderBy('r.created_at', 'desc')
      .limit(100)
      .execute();
    const reports = rows.map(reportBody);
    return {
      reports: readsWords
        ? reports
        : reports.map((report) => ({
            ...report,
            note: null,
            officeMessage: null,
            parentReply: null,
          })),
    };
  });
}

/**
 * What the parent's form offers: the children they may report for, today, and each child's
 * unexplained absences (N marks) in the last weeks and today, a whole day at a time, for "Tell
 * us why"; and the school's cut-off for reporting today's absence.
 */
export async function reportForm(ctx: SignedInContext) {
  const parent = asParent(ctx);
  const now = ctx.now();
  const [calendar, settings] = await Promise.all([
    loadSchoolCalendar(ctx.db),
    loadSettings(ctx.db),
  ]);
  const today = schoolDate(now, calendar.timeZone);
  const cutoff = cutoffOf(settings);
  const children = await ctx.db
    .selectFrom('students as s')
    .select(['s.id', 's.forename', 's.preferred_name', 's.surname'])
    .where((eb) => canSeeStudent(eb, parent, now))
    .orderBy('s.year_group', 'desc')
    .orderBy('s.forename')
    .execute();
  const ids = children.map((c) => c.id);
  const unexplained =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom('attendance_marks as m')
          .select([
            'm.student_id',
            'm.on_date',
            sql<string>`string_agg(m.session, ',' order by m.session)`.as('sessions'),
          ])
          .where('m.student_id', 'in', ids)
          .where('m.code', '=', 'N')
          .where('m.on_date', '<=', today)
          .where(sql<boolean>`m.on_date >= ${today}::date - ${60}::int`)
          // A day already explained in a report still waiting is not asked about again.
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('absence_reports as r')
                  .select(sql`1`.as('one'))
                  .whereRef('r.student_id', '=', 'm.student_id')
                  .where('r.state', '<>', 'refused')
                  .whereRef('r.first_date', '<=', 'm.on_date')
                  .whereRef('r.last_date', '>=', 'm.on_date'),
              ),
            ),
          )
          .groupBy(['m.student_id', 'm.on_date'])
          .orderBy('m.on_date')
          .execute();
  return {
    today,
    cutoff: {
      time: cutoff.time,
      phone: cutoff.phone,
      /** Now is after the cut-off for today: a report for today may not be seen before registration. */
      passed: schoolClock(now, calendar.timeZone) >= cutoff.time,
      warning: cutoffWarning(cutoff),
    },
    children: children.map((c) => ({
      id: c.id,
      displayName: studentDisplayName(c),
      unexplainedDays: unexplained
        .filter((u) => u.student_id === c.id)
        .map((u) => {
          const day = String(u.on_date);
          const sessions = u.sessions.split(',');
          return {
            date: day,
            label: longDate(day),
            sessions: (sessions.length === 2 ? 'all' : sessions[0]) as SessionChoice,
          };
        }),
    })),
  };
}

/**
 * The parent answers the school's request for more information: the report goes back to the
 * office's queue. Only the parent who reported may answer, while the school is asking.
 */
export async function addInformation(
  ctx: SignedInContext,
  input: { reportId: string; reply: string; submissionKey?: string | undefined },
) {
  asParent(ctx);
  const now = ctx.now();
  const submission = { purpose: 'absence_report.add_information', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const parent = asParent(ctx);
      const row = await trx
        .selectFrom('absence_reports as r')
        .innerJoin('students as s', 's.id', 'r.student_id')
        .select(['r.id', 'r.state', 'r.student_id'])
        .where('r.id', '=', input.reportId)
        .where('r.reported_by_user_id', '=', ctx.user.id)
        .where((eb) => canSeeStudent(eb, parent, now))
        .forUpdate('r')
        .executeTakeFirst();
      if (!row) throw new AppError('not_found', REPORT_NOT_FOUND);
      if (row.state !== 'more_information') {
        throw new AppError(
          'conflict',
          'The school is not waiting for more information on this report, so nothing was sent.',
        );
      }
      await trx
        .updateTable('absence_reports')
        .set({
          parent_reply: input.reply,
          state: 'waiting',
          decided_by_user_id: null,
          decided_at: null,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .execute();
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'absence_report.information_added',
        studentId: row.student_id,
        details: { report_id: row.id },
      });
      return { state: 'waiting' as const, message: 'Thank you. The school has your answer.' };
    }),
  );
}
