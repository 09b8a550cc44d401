import { expressionBuilder, sql, type RawBuilder } from 'kysely';
import { recordAudit, schoolDate, type Database, type DB } from '@schoolgate/db';
import {
  AppError,
  holdsAny,
  schoolToday,
  academicYearOf,
  termOrLatestStarted,
  type AcademicYear,
  loadSchoolCalendar,
  type StoredTerm,
  staffDisplayName,
  submitOnce,
} from '../core';
import {
  BEHAVIOUR_ACTIONS,
  BEHAVIOUR_CATEGORIES,
  DESCRIPTION_MAX,
  MAX_BEHAVIOUR_POINTS,
  behaviourEventProblems,
  type BehaviourAction,
  type BehaviourKind,
} from './rules';
import { requireStudentAccess, studentView, type SignedIn } from '../access';

/** The most events one view lists; the totals still count every event. */
export const BEHAVIOUR_LIST_LIMIT = 200;

export interface BehaviourEvent {
  id: string;
  kind: BehaviourKind;
  category: string;
  /** Signed: above zero for positive events, below for negative ones. */
  points: number;
  description: string;
  occurredOn: string;
  /** The lesson it happened in, when recorded against one. */
  lesson: { subject: string; period: string } | null;
  place: string | null;
  /** The member of staff who recorded it, as parents know them. */
  staffName: string | null;
  actionTaken: string | null;
  actionDate: string | null;
  updatedAt: Date;
}

export interface BehaviourTotals {
  positivePoints: number;
  /** Zero or below. */
  negativePoints: number;
  positiveEvents: number;
  negativeEvents: number;
}

/** What the form for recording an event offers, for staff who may record one. */
export interface BehaviourRecordingOptions {
  today: string;
  admissionDate: string;
  kinds: readonly BehaviourKind[];
  categories: Readonly<Record<BehaviourKind, readonly string[]>>;
  actions: readonly BehaviourAction[];
  maxPoints: number;
  descriptionMax: number;
}

/** Events with their lesson and staff; `from` is the database, or a builder for a subquery. */
function eventQuery(from: Pick<Database, 'selectFrom'> = expressionBuilder<DB, never>()) {
  return from
    .selectFrom('behaviour_events as e')
    .leftJoin('staff as st', 'st.id', 'e.recorded_by_staff_id')
    .leftJoin('lessons as l', 'l.id', 'e.lesson_id')
    .leftJoin('teaching_groups as g', 'g.id', 'l.group_id')
    .leftJoin('periods as p', 'p.id', 'l.period_id')
    .select([
      'e.id',
      'e.student_id',
      'e.kind',
      'e.category',
      'e.points',
      'e.description',
      'e.occurred_on',
      'e.place',
      'e.action_taken',
      'e.action_date',
      'e.updated_at',
      'e.created_at',
      'st.title',
      'st.forename',
      'st.surname',
      'g.subject',
      'p.name as period_name',
    ]);
}

type EventRow = Awaited<ReturnType<ReturnType<typeof eventQuery>['execute']>>[number];

function toEvent(row: EventRow): BehaviourEvent {
  return {
    id: row.id,
    kind: row.kind === 'negative' ? 'negative' : 'positive',
    category: row.category,
    points: row.points,
    description: row.description,
    occurredOn: row.occurred_on,
    lesson:
      row.subject && row.period_name ? { subject: row.subject, period: row.period_name } : null,
    place: row.place,
    staffName: staffDisplayName(row),
    actionTaken: row.action_taken,
    actionDate: row.action_date,
    updatedAt: row.updated_at,
  };
}

const between = (from: string, to: string) => sql<boolean>`e.occurred_on between ${from} and ${to}`;

/** Points and counts of events matching `where`, each a plain sum in SQL. */
function totalsColumns(prefix: string, where: RawBuilder<boolean>) {
  return [
    sql<number>`coalesce(sum(e.points) filter (where e.kind = 'positive' and ${where}), 0)`.as(
      `${prefix}_positive_points`,
    ),
    sql<number>`coalesce(sum(e.points) filter (where e.kind = 'negative' and ${where}), 0)`.as(
      `${prefix}_negative_points`,
    ),
    sql<number>`count(*) filter (where e.kind = 'positive' and ${where})`.as(
      `${prefix}_positive_events`,
    ),
    sql<number>`count(*) filter (where e.kind = 'negative' and ${where})`.as(
      `${prefix}_negative_events`,
    ),
  ];
}

function totalsFrom(row: Record<string, unknown>, prefix: string): BehaviourTotals {
  return {
    positivePoints: Number(row[`${prefix}_positive_points`]),
    negativePoints: Number(row[`${prefix}_negative_points`]),
    positiveEvents: Number(row[`${prefix}_positive_events`]),
    negativeEvents: Number(row[`${prefix}_negative_events`]),
  };
}

export interface BehaviourView {
  /** Newest first, at most BEHAVIOUR_LIST_LIMIT. */
  events: BehaviourEvent[];
  /** Every event on record, however many are listed. */
  totalEvents: number;
  /** The term containing today (or the one just ended in a holiday) and its totals. */
  thisTerm: (StoredTerm & { totals: BehaviourTotals }) | null;
  academicYear: AcademicYear & { totals: BehaviourTotals };
  /** The user may record an event for this student (teachers, office, admin). */
  canRecord: boolean;
  /** When any event was last changed; null when there are none (P7). */
  updatedAt: Date | null;
}

const RECORDERS = ['teacher', 'office', 'admin'] as const;

/** One student's behaviour (P8): events newest first, with totals for this term and year. */
export async function behaviourView(ctx: SignedIn, studentId: string) {
  return studentView(ctx, studentId, 'behaviour', async (): Promise<BehaviourView> => {
    const calendar = await loadSchoolCalendar(ctx.db);
    const today = schoolDate(ctx.now(), calendar.timeZone);
    const academicYear = academicYearOf(today);
    const thisTerm = termOrLatestStarted(today, calendar);
    // A term or year that has not been set up yet counts nothing.
    const term = thisTerm ?? { startsOn: today, endsOn: '0001-01-01' };
    const [totals, rows] = await Promise.all([
      ctx.db
        .selectFrom('behaviour_events as e')
        .select([
          ...totalsColumns('term', between(term.startsOn, term.endsOn)),
          ...totalsColumns('year', between(academicYear.startsOn, academicYear.endsOn)),
          sql<number>`count(*)`.as('all_events'),
          sql<Date | null>`max(e.updated_at)`.as('updated_at'),
        ])
        .where('e.student_id', '=', studentId)
        .executeTakeFirstOrThrow(),
      eventQuery(ctx.db)
        .where('e.student_id', '=', studentId)
        .orderBy('e.occurred_on', 'desc')
        .orderBy('e.created_at', 'desc')
        .limit(BEHAVIOUR_LIST_LIMIT)
        .execute(),
    ]);
    return {
      events: rows.map(toEvent),
      totalEvents: Number(totals.all_events),
      thisTerm: thisTerm ? { ...thisTerm, totals: totalsFrom(totals, 'term') } : null,
      academicYear: { ...academicYear, totals: totalsFrom(totals, 'year') },
      canRecord: holdsAny(ctx.user.roles, RECORDERS),
      updatedAt: totals.updated_at ? new Date(totals.updated_at) : null,
    };
  });
}

/** The form for recording an event: the student's heading and the choices on offer. */
export async function behaviourRecordForm(ctx: SignedIn, studentId: string) {
  return studentView(ctx, studentId, 'behaviour_form', async () => {
    const dates = await studentDates(ctx.db, studentId, ctx.now());
    const options: BehaviourRecordingOptions = {
      ...dates,
      kinds: ['positive', 'negative'],
      categories: BEHAVIOUR_CATEGORIES,
      actions: BEHAVIOUR_ACTIONS,
      maxPoints: MAX_BEHAVIOUR_POINTS,
      descriptionMax: DESCRIPTION_MAX,
    };
    return { options };
  });
}

async function studentDates(db: Database, studentId: string, now: Date) {
  const row = await db
    .selectFrom('students')
    .select(['admission_date', schoolToday(now).as('today')])
    .where('id', '=', studentId)
    .executeTakeFirstOrThrow();
  return { admissionDate: row.admission_date, today: row.today };
}

export interface NewBehaviourEvent {
  studentId: string;
  kind: BehaviourKind;
  category: string;
  points: number;
  description: string;
  occurredOn: string;
  place?: string | undefined;
  lessonId?: string | undefined;
  action?: BehaviourAction | undefined;
  actionDate?: string | undefined;
  /** The rendered form's key: the same form sent again records one event. */
  submissionKey?: string | undefined;
}

/**
 * Records a behaviour event (P8, P9): teachers for the students they teach, office and admin
 * for anyone. Checked against the rules, then written with its audit entry in one transaction.
 */
export async function recordBehaviour(
  ctx: SignedIn,
  input: NewBehaviourEvent,
): Promise<{ id: string }> {
  await requireStudentAccess(ctx, [input.studentId]);
  const now = ctx.now();
  const dates = await studentDates(ctx.db, input.studentId, now);
  const problems = behaviourEventProblems(input, dates);
  if (input.lessonId) {
    const lesson = await ctx.db
      .selectFrom('lessons as l')
      .innerJoin('teaching_group_members as m', 'm.group_id', 'l.group_id')
      .select('l.id')
      .where('l.id', '=', input.lessonId)
      .where('m.student_id', '=', input.studentId)
      .executeTakeFirst();
    if (!lesson) (problems.lessonId ??= []).push('Choose one of this student’s lessons.');
  }
  const first = Object.values(problems).flat()[0];
  if (first) throw new AppError('bad_input', first, { fieldErrors: problems });

  const submission = { purpose: 'behaviour.record', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const row = await trx
        .insertInto('behaviour_events')
        .values({
          student_id: input.studentId,
          kind: input.kind,
          category: input.category,
          points: input.points,
          description: input.description,
          occurred_on: input.occurredOn,
          lesson_id: input.lessonId ?? null,
          place: input.place ?? null,
          recorded_by_staff_id: ctx.user.staffId,
          action_taken: input.action ?? null,
          action_date: input.actionDate ?? null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        at: now,
        action: 'behaviour.recorded',
        actorUserId: ctx.user.id,
        studentId: input.studentId,
        ip: ctx.meta.ip,
        userAgent: ctx.meta.userAgent,
        details: {
          event_id: row.id,
          kind: input.kind,
          category: input.category,
          points: input.points,
        },
      });
      return { id: row.id };
    }),
  );
}

/**
 * The latest `perStudent` events of each of several students, in ONE query (the home page shows
 * every child at once). Every student asked about has an entry. Callers check access first.
 */
export async function latestBehaviourFor(
  db: Database,
  studentIds: string[],
  perStudent: number,
): Promise<Map<string, BehaviourEvent[]>> {
  const query = latestBehaviourQuery(db, studentIds, perStudent);
  return latestBehaviourFromRows(studentIds, query ? await query.execute() : []);
}

/**
 * The query behind `latestBehaviourFor`, as a builder so the home page can make it part of its
 * one statement; null when nothing is asked for.
 */
export function latestBehaviourQuery(
  from: Pick<Database, 'selectFrom'>,
  studentIds: readonly string[],
  perStudent: number,
) {
  const ids = [...new Set(studentIds)];
  if (ids.length === 0 || perStudent < 1) return null;
  return from
    .selectFrom(
      // A subquery of the one statement, so built apart from `from` (whose plugins see statements).
      eventQuery()
        .select(
          sql<number>`row_number() over (partition by e.student_id order by e.occurred_on desc, e.created_at desc)`.as(
            'rank',
          ),
        )
        .where('e.student_id', 'in', ids)
        .as('ranked'),
    )
    .selectAll()
    .where('ranked.rank', '<=', perStudent)
    .orderBy('ranked.student_id')
    .orderBy('ranked.rank');
}

/** Each of `studentIds`' events from the rows of `latestBehaviourQuery` (JSON or not). */
export function latestBehaviourFromRows(
  studentIds: readonly string[],
  rows: readonly (Omit<EventRow, 'updated_at' | 'created_at'> & {
    updated_at: Date | string;
    created_at: Date | string;
  })[],
): Map<string, BehaviourEvent[]> {
  const result = new Map<string, BehaviourEvent[]>(studentIds.map((id) => [id, []]));
  for (const row of rows) {
    result.get(row.student_id)?.push(
      toEvent({
        ...row,
        updated_at: new Date(row.updated_at),
        created_at: new Date(row.created_at),
      }),
    );
  }
  return result;
}
