import type { Transaction } from 'kysely';
import { loadSettings, recordAudit, schoolDate, type DB } from '@schoolgate/db';
import { enqueueEmail } from '@schoolgate/email';
import { AppError, actorOf, loadSchoolCalendar, submitOnce, type SignedInContext } from '../core';
import { schoolIdentity } from '../email';
import { canSeeStudent, userIsSuspended } from '../access';
import { reportBody, reportQuery, type ReportRow } from './reports';
import { decisionEmail, type ReportDecision } from './emails';
import {
  ACCEPT_CODES,
  ACCEPT_CODE_LABELS,
  OPEN_STATES,
  REPORT_STATES,
  schoolDaysBetween,
  sessionsOf,
  type AcceptCode,
  type ReportState,
  type SessionChoice,
} from './rules';

export const QUEUE_FILTERS = ['open', ...REPORT_STATES, 'all'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];
export const QUEUE_PAGE_SIZE = 25;

const REPORT_NOT_FOUND = 'We could not find that report.';
const DECIDED =
  'Someone has already decided this report (accepted or not accepted), so nothing was changed.';

/**
 * The office's queue: open reports oldest first (the longest waiting at the top), decided ones
 * most recently decided first; 25 a page. One audit entry for the page.
 */
export async function listQueue(
  ctx: SignedInContext,
  options: { filter?: QueueFilter | undefined; page?: number | undefined },
) {
  const filter = options.filter ?? 'open';
  const page = options.page ?? 1;
  const states: readonly ReportState[] | null =
    filter === 'all' ? null : filter === 'open' ? OPEN_STATES : [filter];
  const oldestFirst = states !== null && states.every((s) => OPEN_STATES.includes(s));
  const base = ctx.db
    .selectFrom('absence_reports as r')
    .$if(states !== null, (q) => q.where('r.state', 'in', states ?? []));
  const [settings, calendar] = await Promise.all([
    loadSettings(ctx.db),
    loadSchoolCalendar(ctx.db),
  ]);
  const today = schoolDate(ctx.now(), calendar.timeZone);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    reportQuery(ctx.db)
      .$if(states !== null, (q) => q.where('r.state', 'in', states ?? []))
      .innerJoin('users as u', 'u.id', 'r.reported_by_user_id')
      .leftJoin('contacts as c', 'c.id', 'u.contact_id')
      .select([
        'u.username',
        'c.forename as contact_forename',
        'c.surname as contact_surname',
        's.form',
        's.year_group',
      ])
      .$if(oldestFirst, (q) => q.orderBy('r.created_at', 'asc'))
      .$if(!oldestFirst, (q) =>
        q.orderBy((eb) => eb.fn.coalesce('r.decided_at', 'r.created_at'), 'desc'),
      )
      .orderBy('r.id')
      .limit(QUEUE_PAGE_SIZE)
      .offset((page - 1) * QUEUE_PAGE_SIZE)
      .execute(),
  ]);
  await recordAudit(ctx.db, {
    ...actorOf(ctx),
    action: 'view.absence_queue',
    details: { filter, page, report_ids: rows.map((r) => r.id) },
  });
  const total = Number(count.n);
  return {
    filter,
    page,
    pageSize: QUEUE_PAGE_SIZE,
    total,
    pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)),
    today,
    /** The export form's first day: the start of this month. */
    exportFrom: `${today.slice(0, 8)}01`,
    cutoffTime: String(settings.absence_cutoff_time).slice(0, 5),
    misIsRecord: settings.attendance_record === 'mis',
    codes: ACCEPT_CODES.map((code) => ({ code, label: ACCEPT_CODE_LABELS[code] })),
    reports: rows.map((row) => ({
      ...reportBody(row),
      form: row.form,
      yearGroup: row.year_group,
      reporterName: row.contact_forename
        ? `${row.contact_forename} ${row.contact_surname}`
        : row.username,
    })),
  };
}

/** The report, locked for this transaction, if the office has still to decide it. */
async function openReport(trx: Transaction<DB>, reportId: string): Promise<ReportRow> {
  const row = await reportQuery(trx).where('r.id', '=', reportId).forUpdate('r').executeTakeFirst();
  if (!row) throw new AppError('not_found', REPORT_NOT_FOUND);
  if (!OPEN_STATES.includes(row.state as ReportState)) throw new AppError('conflict', DECIDED);
  return row;
}

/** Tells the parent who reported, by email through the outbox, that the office has decided. */
async function notifyReporter(
  trx: Transaction<DB>,
  ctx: SignedInContext,
  row: ReportRow,
  decision: ReportDecision,
) {
  const reporter = await trx
    .selectFrom('users as u')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .select(['u.email', 'u.status', 'u.username', 'u.contact_id', 'c.forename', 'c.surname'])
    .where('u.id', '=', row.reported_by_user_id)
    .executeTakeFirst();
  if (!reporter || reporter.status !== 'active' || !reporter.contact_id) return;
  // Nobody is told about a child they may no longer see (a restricted or held link, a revoked
  // account): the decision stays in the portal for the school.
  const now = ctx.now();
  const stillTheirs = await trx
    .selectFrom('students as s')
    .select('s.id')
    .where('s.id', '=', row.student_id)
    .where((eb) =>
      canSeeStudent(
        eb,
        {
          ...ctx.user,
          roles: ['parent'],
          contactId: reporter.contact_id,
          studentId: null,
          staffId: null,
        },
        now,
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('users as u')
            .select('u.id')
            .where('u.id', '=', row.reported_by_user_id)
            .where(userIsSuspended()),
        ),
      ),
    )
    .executeTakeFirst();
  if (!stillTheirs) return;
  const settings = await loadSettings(trx);
  const name = reporter.forename ? `${reporter.forename} ${reporter.surname}` : reporter.username;
  const body = reportBody(row);
  const link = ctx.portalUrl ? `${ctx.portalUrl}/students/${row.student_id}/attendance` : null;
  await enqueueEmail(
    trx,
    {
      ...decisionEmail(
        schoolIdentity(settings),
        name,
        decision,
        body.studentName,
        body.summary,
        link,
      ),
      to: reporter.email,
      kind: 'absence_report_decision',
    },
    ctx.now(),
  );
}

export interface DecisionInput {
  reportId: string;
  message?: string | undefined;
  submissionKey?: string | undefined;
}

/**
 * A parent's report explains an absence nobody has explained yet: it fills a session with no mark,
 * or one marked N (no reason yet). Every other mark is a fact or a decision already recorded
 * (present, late, an approved activity, "not possible", an exclusion, another authorised or
 * unauthorised code) and is kept.
 */
const KEEPS_MARK = (code: string) => code !== 'N';

/**
 * Accepted: for an absence, every session the report covers on a school day the child is on roll
 * gets the chosen code in the register, recorded by this member of staff now, in the same
 * transaction as the decision, where it has no mark yet or is marked N. Any other mark (present,
 * late, an exclusion, another code the school has recorded) is kept. A late arrival is noted and its mark is
 * left to the register. Exactly one decision wins: the report is locked and must still be open.
 */
export async function acceptReport(
  ctx: SignedInContext,
  input: DecisionInput & { code?: AcceptCode | undefined },
) {
  const now = ctx.now();
  const submission = { purpose: 'absence_report.accept', userId: ctx.user.id, input };
  const calendar = await loadSchoolCalendar(ctx.db);
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const row = await openReport(trx, input.reportId);
      const body = reportBody(row);
      let written = 0;
      let kept = 0;
      let code: AcceptCode | null = null;
      if (body.kind === 'absence') {
        code = input.code ?? null;
        if (!code) {
          throw new AppError('bad_input', 'Choose the code to record in the register.', {
            fieldErrors: { code: ['Choose the code to record in the register.'] },
          });
        }
        const student = await trx
          .selectFrom('students')
          .select(['admission_date', 'leaving_date'])
          .where('id', '=', row.student_id)
          .executeTakeFirstOrThrow();
        const days = schoolDaysBetween(body.firstDate, body.lastDate, calendar).filter(
          (day) =>
            String(student.admission_date) <= day &&
            (student.leaving_date === null || String(student.leaving_date) >= day),
        );
        const sessions = sessionsOf(body.sessions as SessionChoice);
        const existing =
          days.length === 0
            ? []
            : await trx
                .selectFrom('attendance_marks')
                .select(['on_date', 'session', 'code'])
                .where('student_id', '=', row.student_id)
                .where('on_date', 'in', days)
                .forUpdate()
                .execute();
        const before = new Map(existing.map((m) => [`${String(m.on_date)} ${m.session}`, m.code]));
        const values = days.flatMap((day) =>
          sessions
            .filter((session) => {
              const old = before.get(`${day} ${session}`);
              if (old !== undefined && KEEPS_MARK(old)) {
                kept += 1;
                return false;
              }
              return true;
            })
            .map((session) => ({
              student_id: row.student_id,
              on_date: day,
              session,
              code: code!,
              minutes_late: null,
              recorded_by_staff_id: ctx.user.staffId,
              recorded_at: now,
              updated_at: now,
            })),
        );
        if (values.length > 0) {
          await trx
            .insertInto('attendance_marks')
            .values(values)
            .onConflict((oc) =>
              oc.columns(['student_id', 'on_date', 'session']).doUpdateSet((eb) => ({
                code: eb.ref('excluded.code'),
                minutes_late: null,
                recorded_by_staff_id: eb.ref('excluded.recorded_by_staff_id'),
                recorded_at: eb.ref('excluded.recorded_at'),
                updated_at: eb.ref('excluded.updated_at'),
              })),
            )
            .execute();
          written = values.length;
        }
      }
      await trx
        .updateTable('absence_reports')
        .set({
          state: 'accepted',
          recorded_code: code,
          office_message: input.message ?? row.office_message,
          decided_by_user_id: ctx.user.id,
          decided_at: now,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .execute();
      await notifyReporter(trx, ctx, row, 'accepted');
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'absence_report.accepted',
        studentId: row.student_id,
        details: {
          report_id: row.id,
          code,
          first_date: body.firstDate,
          last_date: body.lastDate,
          sessions: body.sessions,
          marks_written: written,
          marks_kept: kept,
        },
      });
      const parts = ['The report is accepted.'];
      if (code) {
        parts.push(
          written === 1
            ? `1 session in the register now shows ${code}.`
            : `${written} sessions in the register now show ${code}.`,
        );
      }
      if (kept > 0) {
        parts.push(
          kept === 1
            ? '1 session already marked present (or not expected) kept its mark.'
            : `${kept} sessions already marked present (or not expected) kept their marks.`,
        );
      }
      return { state: 'accepted' as const, written, kept, message: parts.join(' ') };
    }),
  );
}

/** Asks the parent for more information: the report waits for their answer; they are emailed. */
export async function askForInformation(ctx: SignedInContext, input: DecisionInput) {
  return decide(ctx, input, 'more_information');
}

/** Not accepted, always saying why: the marks stay as they are (unauthorised); the parent is emailed. */
export async function refuseReport(ctx: SignedInContext, input: DecisionInput) {
  return decide(ctx, input, 'refused');
}

async function decide(
  ctx: SignedInContext,
  input: DecisionInput,
  state: 'more_information' | 'refused',
) {
  const now = ctx.now();
  const message = input.message;
  if (!message) {
    const text =
      state === 'refused'
        ? 'Say why the report is not accepted: the parent will read your message.'
        : 'Write what the school needs to know: the parent will read your message.';
    throw new AppError('bad_input', text, { fieldErrors: { message: [text] } });
  }
  const submission = { purpose: `absence_report.${state}`, userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const row = await openReport(trx, input.reportId);
      if (state === 'more_information' && row.state === 'more_information') {
        throw new AppError(
          'conflict',
          'The school is already waiting for the parent’s answer on this report.',
        );
      }
      await trx
        .updateTable('absence_reports')
        .set({
          state,
          office_message: message,
          decided_by_user_id: ctx.user.id,
          decided_at: now,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .execute();
      await notifyReporter(trx, ctx, row, state);
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: state === 'refused' ? 'absence_report.refused' : 'absence_report.more_information',
        studentId: row.student_id,
        details: { report_id: row.id },
      });
      return {
        state,
        message:
          state === 'refused'
            ? 'The report is not accepted. The register is unchanged and the parent has been emailed.'
            : 'Your question has gone to the parent. The report comes back to the queue when they answer.',
      };
    }),
  );
}
