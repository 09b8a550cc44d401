import { sql } from 'kysely';
import { loadSettings, recordAudit, schoolDate, type Database } from '@schoolgate/db';
import { AppError, submitOnce } from '../core';
import { onRoll, type SignedIn } from '../access';
import { EFFORT_KEY } from './student-reports';

// Report cycles for the office: list, create, look at, publish on a date, take back.

const CYCLE_NOT_FOUND = 'We could not find that report cycle.';

export type CycleStatus = 'draft' | 'scheduled' | 'published';

/** A cycle is a draft until it has a publish time, scheduled until then, and published after. */
export function cycleStatus(publishAt: Date | null, now: Date): CycleStatus {
  if (!publishAt) return 'draft';
  return publishAt > now ? 'scheduled' : 'published';
}

/** A subject line is filled in when it has a grade, a target, an effort grade and a comment. */
const subjectFilled = sql<boolean>`(
  nullif(trim(rs.attainment), '') is not null and nullif(trim(rs.target), '') is not null
  and nullif(trim(rs.effort), '') is not null and nullif(trim(rs.comment), '') is not null)`;

/** The effort grades a report may carry, or nothing yet. */
export const EFFORT_GRADES = EFFORT_KEY.map((k) => k.grade);

export const recordCycleAudit = (
  ctx: SignedIn,
  db: Database,
  action: string,
  fields: { studentId?: string | null; details: Record<string, unknown> },
) =>
  recordAudit(db, {
    at: ctx.now(),
    action,
    actorUserId: ctx.user.id,
    studentId: fields.studentId ?? null,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: fields.details,
  });

export interface CycleSummary {
  id: string;
  name: string;
  yearGroup: number | null;
  status: CycleStatus;
  publishAt: Date | null;
  /** The school's calendar date it is or was published, 'YYYY-MM-DD'; null for a draft. */
  publishOn: string | null;
  reports: number;
  /** Reports whose every subject is filled in (and that have at least one subject). */
  complete: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Every report cycle, newest first, with how far the reports have got. */
export async function listCycles(ctx: SignedIn): Promise<{ cycles: CycleSummary[] }> {
  const now = ctx.now();
  const [settings, rows] = await Promise.all([
    loadSettings(ctx.db),
    ctx.db
      .selectFrom('report_cycles as c')
      .select((eb) => [
        'c.id',
        'c.name',
        'c.year_group',
        'c.publish_at',
        'c.created_at',
        'c.updated_at',
        eb
          .selectFrom('reports as r')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('r.cycle_id', '=', 'c.id')
          .as('reports'),
        eb
          .selectFrom('reports as r')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('r.cycle_id', '=', 'c.id')
          .where(sql<boolean>`exists (select 1 from report_subjects rs where rs.report_id = r.id)`)
          .where(
            sql<boolean>`not exists (select 1 from report_subjects rs where rs.report_id = r.id and not ${subjectFilled})`,
          )
          .as('complete'),
        sql<Date>`greatest(c.updated_at, (select max(r.updated_at) from reports r where r.cycle_id = c.id))`.as(
          'last_change',
        ),
      ])
      .orderBy('c.created_at', 'desc')
      .orderBy('c.name')
      .execute(),
  ]);
  return {
    cycles: rows.map((row) => ({
      id: row.id,
      name: row.name,
      yearGroup: row.year_group,
      status: cycleStatus(row.publish_at, now),
      publishAt: row.publish_at,
      publishOn: row.publish_at ? schoolDate(row.publish_at, settings.time_zone) : null,
      reports: Number(row.reports ?? 0),
      complete: Number(row.complete ?? 0),
      createdAt: row.created_at,
      updatedAt: new Date(row.last_change),
    })),
  };
}

/**
 * A new report cycle for a year group (P8): a report for every student on roll in that year,
 * with a subject line for each subject they are taught (the group's teacher named), in subject
 * order. All in one transaction, with one audit entry.
 */
export async function createCycle(
  ctx: SignedIn,
  input: { name: string; yearGroup: number; submissionKey?: string | undefined },
): Promise<{ id: string; reports: number }> {
  const now = ctx.now();
  // The same form sent twice makes one cycle; the repeat is not refused as a name clash.
  const submission = { purpose: 'report_cycle.create', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const clash = await trx
        .selectFrom('report_cycles')
        .select('id')
        .where(sql<boolean>`lower(name) = lower(${input.name})`)
        .executeTakeFirst();
      if (clash) {
        throw new AppError('conflict', `There is already a report cycle called “${input.name}”.`, {
          fieldErrors: { name: ['Choose a name no other cycle has.'] },
        });
      }
      const students = await trx
        .selectFrom('students as s')
        .select('s.id')
        .where('s.year_group', '=', input.yearGroup)
        .where((eb) => onRoll(eb, now))
        .orderBy('s.surname')
        .orderBy('s.forename')
        .execute();
      if (students.length === 0) {
        throw new AppError(
          'bad_input',
          `There are no students on roll in Year ${input.yearGroup}, so there is nothing to report on.`,
          { fieldErrors: { yearGroup: ['Choose a year group with students on roll.'] } },
        );
      }
      const cycle = await trx
        .insertInto('report_cycles')
        .values({
          name: input.name,
          year_group: input.yearGroup,
          publish_at: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const reports = await trx
        .insertInto('reports')
        .values(
          students.map((s) => ({
            cycle_id: cycle.id,
            student_id: s.id,
            created_at: now,
            updated_at: now,
          })),
        )
        .returning(['id', 'student_id'])
        .execute();
      const reportOf = new Map(reports.map((r) => [r.student_id, r.id]));

      // Each student's subjects: one line per subject, from the first of their groups by code.
      const taught = await trx
        .selectFrom('teaching_group_members as m')
        .innerJoin('teaching_groups as g', 'g.id', 'm.group_id')
        .innerJoin('students as s', 's.id', 'm.student_id')
        .select(['m.student_id', 'g.subject', 'g.teacher_staff_id', 'g.code'])
        .where('s.year_group', '=', input.yearGroup)
        .where((eb) => onRoll(eb, now))
        .orderBy('m.student_id')
        .orderBy('g.subject')
        .orderBy('g.code')
        .execute();
      const lines = new Map<string, { subject: string; teacher: string | null }[]>();
      for (const row of taught) {
        const subject = row.subject.trim();
        const list = lines.get(row.student_id) ?? [];
        if (!list.some((l) => l.subject.toLowerCase() === subject.toLowerCase())) {
          list.push({ subject, teacher: row.teacher_staff_id });
        }
        lines.set(row.student_id, list);
      }
      const subjectRows = [...lines].flatMap(([studentId, list]) =>
        list
          .sort((a, b) => a.subject.localeCompare(b.subject, 'en-GB'))
          .map((line, index) => ({
            report_id: reportOf.get(studentId)!,
            subject: line.subject,
            teacher_staff_id: line.teacher,
            sort_order: index + 1,
            updated_at: now,
          })),
      );
      // Large year groups: several statements, well inside the database's parameter limit.
      for (let start = 0; start < subjectRows.length; start += 1000) {
        await trx
          .insertInto('report_subjects')
          .values(subjectRows.slice(start, start + 1000))
          .execute();
      }
      await recordCycleAudit(ctx, trx, 'report_cycle.created', {
        details: {
          cycle_id: cycle.id,
          name: input.name,
          year_group: input.yearGroup,
          reports: reports.length,
          subjects: subjectRows.length,
        },
      });
      return { id: cycle.id, reports: reports.length };
    }),
  );
}

async function loadCycle(db: Database, cycleId: string) {
  const cycle = await db
    .selectFrom('report_cycles')
    .selectAll()
    .where('id', '=', cycleId)
    .executeTakeFirst();
  if (!cycle) throw new AppError('not_found', CYCLE_NOT_FOUND);
  return cycle;
}

/** The school's local date and time now, 'YYYY-MM-DDTHH:MM', for a date-time field's minimum. */
function localDateTime(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

export interface CycleReportRow {
  id: string;
  studentId: string;
  studentName: string;
  form: string;
  subjects: number;
  filled: number;
  hasTutorComment: boolean;
  updatedAt: Date;
}

/** One cycle and its reports, with how many subjects of each are filled in. One audit entry. */
export async function cycleDetail(ctx: SignedIn, cycleId: string) {
  const now = ctx.now();
  const [settings, cycle] = await Promise.all([loadSettings(ctx.db), loadCycle(ctx.db, cycleId)]);
  const rows = await ctx.db
    .selectFrom('reports as r')
    .innerJoin('students as s', 's.id', 'r.student_id')
    .select([
      'r.id',
      'r.student_id',
      's.forename',
      's.surname',
      's.preferred_name',
      's.form',
      'r.tutor_comment',
      sql<number>`(select count(*) from report_subjects rs where rs.report_id = r.id)`.as(
        'subjects',
      ),
      sql<number>`(select count(*) from report_subjects rs where rs.report_id = r.id and ${subjectFilled})`.as(
        'filled',
      ),
      sql<Date>`greatest(r.updated_at, (select max(rs.updated_at) from report_subjects rs where rs.report_id = r.id))`.as(
        'updated_at',
      ),
    ])
    .where('r.cycle_id', '=', cycle.id)
    .orderBy('s.form')
    .orderBy('s.surname')
    .orderBy('s.forename')
    .execute();
  const reports = rows.map((row): CycleReportRow => ({
    id: row.id,
    studentId: row.student_id,
    studentName: `${row.preferred_name ?? row.forename} ${row.surname}`,
    form: row.form,
    subjects: Number(row.subjects),
    filled: Number(row.filled),
    hasTutorComment: Boolean(row.tutor_comment?.trim()),
    updatedAt: new Date(row.updated_at),
  }));
  await recordCycleAudit(ctx, ctx.db, 'view.report_cycle', {
    details: { cycle_id: cycle.id, student_ids: reports.map((r) => r.studentId) },
  });
  const status = cycleStatus(cycle.publish_at, now);
  return {
    cycle: {
      id: cycle.id,
      name: cycle.name,
      yearGroup: cycle.year_group,
      status,
      publishAt: cycle.publish_at,
      publishOn: cycle.publish_at ? schoolDate(cycle.publish_at, settings.time_zone) : null,
      createdAt: cycle.created_at,
      updatedAt: cycle.updated_at,
    },
    reports,
    complete: reports.filter((r) => r.subjects > 0 && r.filled === r.subjects).length,
    /** The school's local time now, for the earliest publish time a form may offer. */
    nowLocal: localDateTime(now, settings.time_zone),
    timeZone: settings.time_zone,
  };
}

/**
 * Publishes a cycle now, or schedules it for a date and time at the school ('YYYY-MM-DDTHH:MM'
 * in the school's time zone). A published cycle stays published: correct its reports instead.
 */
export async function publishCycle(
  ctx: SignedIn,
  input: { cycleId: string; publishAt?: string | undefined },
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const cycle = await loadCycle(trx, input.cycleId);
    if (cycleStatus(cycle.publish_at, now) === 'published') {
      throw new AppError('conflict', 'This cycle is already published, so parents can see it.');
    }
    let publishAt = now;
    if (input.publishAt) {
      const row = await trx
        .selectFrom('school_settings')
        .select(
          sql<Date>`(${input.publishAt.replace('T', ' ')}::timestamp at time zone time_zone)`.as(
            'at',
          ),
        )
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      publishAt = new Date(row.at);
      if (publishAt <= now) {
        throw new AppError('bad_input', 'Choose a time in the future, or publish now.', {
          fieldErrors: { publishAt: ['Choose a time in the future.'] },
        });
      }
    }
    await trx
      .updateTable('report_cycles')
      .set({ publish_at: publishAt, updated_at: now })
      .where('id', '=', cycle.id)
      .execute();
    const status = cycleStatus(publishAt, now);
    await recordCycleAudit(
      ctx,
      trx,
      status === 'published' ? 'report_cycle.published' : 'report_cycle.scheduled',
      {
        details: {
          cycle_id: cycle.id,
          name: cycle.name,
          publish_at: publishAt.toISOString(),
          previous_publish_at: cycle.publish_at?.toISOString() ?? null,
        },
      },
    );
    return { id: cycle.id, status, publishAt, updatedAt: now };
  });
}

/** Takes a scheduled cycle back to a draft; a published one cannot be taken back this way. */
export async function unpublishCycle(ctx: SignedIn, cycleId: string) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const cycle = await loadCycle(trx, cycleId);
    const status = cycleStatus(cycle.publish_at, now);
    if (status === 'draft') {
      throw new AppError('conflict', 'This cycle is not scheduled: it is already a draft.');
    }
    if (status === 'published') {
      throw new AppError(
        'conflict',
        'This cycle is already published and parents may have seen it, so it cannot be taken back to a draft.',
      );
    }
    await trx
      .updateTable('report_cycles')
      .set({ publish_at: null, updated_at: now })
      .where('id', '=', cycle.id)
      .execute();
    await recordCycleAudit(ctx, trx, 'report_cycle.unpublished', {
      details: {
        cycle_id: cycle.id,
        name: cycle.name,
        previous_publish_at: cycle.publish_at?.toISOString() ?? null,
      },
    });
    return { id: cycle.id, status: 'draft' as const, updatedAt: now };
  });
}
