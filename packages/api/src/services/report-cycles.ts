import { sql } from 'kysely';
import { loadSettings, recordAudit, schoolDate, type Database } from '@schoolgate/db';
import { AppError } from '../errors';
import { onRoll } from '../policy/student-access';
import { renderReportPdf } from './report-pdf';
import { EFFORT_KEY, effortMeaning, slug } from './reports';
import { staffDisplayName } from './staff-names';
import { studentView, type SignedIn } from './student-view';

const CYCLE_NOT_FOUND = 'We could not find that report cycle.';
const REPORT_NOT_FOUND = 'We could not find that report.';

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

const audit = (
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
  input: { name: string; yearGroup: number },
): Promise<{ id: string; reports: number }> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
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
    await audit(ctx, trx, 'report_cycle.created', {
      details: {
        cycle_id: cycle.id,
        name: input.name,
        year_group: input.yearGroup,
        reports: reports.length,
        subjects: subjectRows.length,
      },
    });
    return { id: cycle.id, reports: reports.length };
  });
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
  await audit(ctx, ctx.db, 'view.report_cycle', {
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

/** The cycle and student a report belongs to; "not found" for an id that is no report. */
async function reportOwner(db: Database, reportId: string) {
  const row = await db
    .selectFrom('reports as r')
    .innerJoin('report_cycles as c', 'c.id', 'r.cycle_id')
    .select(['r.id', 'r.student_id', 'c.id as cycle_id', 'c.name', 'c.publish_at'])
    .where('r.id', '=', reportId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', REPORT_NOT_FOUND);
  return row;
}

export interface EditableSubject {
  id: string;
  subject: string;
  teacherName: string | null;
  attainment: string | null;
  target: string | null;
  effort: string | null;
  comment: string | null;
  updatedAt: Date;
}

/** Everything on one report, whatever the cycle's status: for staff to edit or preview. */
async function loadEditableReport(db: Database, reportId: string) {
  const [report, subjects] = await Promise.all([
    db
      .selectFrom('reports as r')
      .innerJoin('report_cycles as c', 'c.id', 'r.cycle_id')
      .leftJoin('staff as t', 't.id', 'r.tutor_staff_id')
      .select([
        'r.id',
        'r.cycle_id',
        'c.name',
        'c.year_group',
        'c.publish_at',
        'r.tutor_comment',
        't.title',
        't.forename',
        't.surname',
        sql<Date>`greatest(r.updated_at, (select max(rs.updated_at) from report_subjects rs where rs.report_id = r.id))`.as(
          'updated_at',
        ),
      ])
      .where('r.id', '=', reportId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('report_subjects as rs')
      .leftJoin('staff as t', 't.id', 'rs.teacher_staff_id')
      .select([
        'rs.id',
        'rs.subject',
        'rs.attainment',
        'rs.target',
        'rs.effort',
        'rs.comment',
        'rs.updated_at',
        't.title',
        't.forename',
        't.surname',
      ])
      .where('rs.report_id', '=', reportId)
      .orderBy('rs.sort_order')
      .orderBy('rs.subject')
      .execute(),
  ]);
  return {
    id: report.id,
    cycleId: report.cycle_id,
    cycleName: report.name,
    publishAt: report.publish_at,
    tutorName: staffDisplayName(report),
    tutorComment: report.tutor_comment,
    subjects: subjects.map((s): EditableSubject => ({
      id: s.id,
      subject: s.subject,
      teacherName: staffDisplayName(s),
      attainment: s.attainment,
      target: s.target,
      effort: s.effort,
      comment: s.comment,
      updatedAt: s.updated_at,
    })),
    updatedAt: new Date(report.updated_at),
  };
}

/** One report for editing: its subjects' grades and comments and the tutor's comment. */
export async function reportForEditing(ctx: SignedIn, reportId: string) {
  const owner = await reportOwner(ctx.db, reportId);
  return studentView(ctx, owner.student_id, 'report_edit', async () => {
    const report = await loadEditableReport(ctx.db, reportId);
    return {
      report: { ...report, status: cycleStatus(report.publishAt, ctx.now()) },
      effortKey: EFFORT_KEY,
    };
  });
}

export interface SubjectInput {
  id: string;
  attainment: string | null;
  target: string | null;
  effort: string | null;
  comment: string | null;
}

const blankToNull = (value: string | null | undefined) => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/**
 * Saves a report's grades and comments in one transaction. Allowed at any time: before
 * publication it is drafting; after it, a correction, audited as one. Only lines that changed
 * get a new "last updated".
 */
export async function saveReport(
  ctx: SignedIn,
  input: { reportId: string; subjects: SubjectInput[]; tutorComment: string | null },
) {
  const now = ctx.now();
  const owner = await reportOwner(ctx.db, input.reportId);
  return ctx.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('report_subjects')
      .select(['id', 'subject', 'attainment', 'target', 'effort', 'comment'])
      .where('report_id', '=', input.reportId)
      .execute();
    const byId = new Map(current.map((s) => [s.id, s]));
    const seen = new Set<string>();
    for (const line of input.subjects) {
      if (!byId.has(line.id) || seen.has(line.id)) {
        throw new AppError('not_found', 'We could not find one of those subjects on this report.');
      }
      seen.add(line.id);
    }
    const problems: Record<string, string[]> = {};
    for (const line of input.subjects) {
      const effort = blankToNull(line.effort);
      if (effort !== null && !EFFORT_GRADES.includes(effort as (typeof EFFORT_GRADES)[number])) {
        problems[`effort-${line.id}`] = ['Choose an effort grade from 1 to 4, or leave it empty.'];
      }
    }
    const firstProblem = Object.entries(problems)[0];
    if (firstProblem) {
      const subject = byId.get(firstProblem[0].slice('effort-'.length))?.subject ?? '';
      throw new AppError('bad_input', `${subject}: ${firstProblem[1][0]!}`, {
        fieldErrors: problems,
      });
    }

    const changedSubjects: string[] = [];
    for (const line of input.subjects) {
      const old = byId.get(line.id)!;
      const next = {
        attainment: blankToNull(line.attainment),
        target: blankToNull(line.target),
        effort: blankToNull(line.effort),
        comment: blankToNull(line.comment),
      };
      const same =
        old.attainment === next.attainment &&
        old.target === next.target &&
        old.effort === next.effort &&
        old.comment === next.comment;
      if (same) continue;
      changedSubjects.push(old.subject);
      await trx
        .updateTable('report_subjects')
        .set({ ...next, updated_at: now })
        .where('id', '=', line.id)
        .execute();
    }
    await trx
      .updateTable('reports')
      .set({ tutor_comment: blankToNull(input.tutorComment), updated_at: now })
      .where('id', '=', input.reportId)
      .execute();
    const status = cycleStatus(owner.publish_at, now);
    await audit(ctx, trx, status === 'published' ? 'report.corrected' : 'report.saved', {
      studentId: owner.student_id,
      details: {
        report_id: input.reportId,
        cycle_id: owner.cycle_id,
        cycle_status: status,
        subjects_changed: changedSubjects,
      },
    });
    return { id: input.reportId, status, subjectsChanged: changedSubjects.length, updatedAt: now };
  });
}

/**
 * The report as a parent would download it, for staff to check before (or after) publishing: a
 * draft shows today as its publication date. Audited as a staff preview.
 */
export async function previewReport(ctx: SignedIn, reportId: string) {
  const owner = await reportOwner(ctx.db, reportId);
  return studentView(ctx, owner.student_id, 'report_preview', async (student) => {
    const now = ctx.now();
    const [settings, report] = await Promise.all([
      loadSettings(ctx.db),
      loadEditableReport(ctx.db, reportId),
    ]);
    const pdf = await renderReportPdf({
      schoolName: settings.school_name,
      student: { name: student.displayName, yearGroup: student.yearGroup, form: student.form },
      cycleName: report.cycleName,
      publishedAt: report.publishAt ?? now,
      printedAt: now,
      timeZone: settings.time_zone,
      subjects: report.subjects.map((s) => ({
        subject: s.subject,
        teacher: s.teacherName,
        attainment: s.attainment,
        target: s.target,
        effort: s.effort,
        effortMeaning: effortMeaning(s.effort),
        comment: s.comment,
      })),
      tutor: { name: report.tutorName, comment: report.tutorComment },
      effortKey: EFFORT_KEY,
    });
    const name = slug(report.cycleName);
    return {
      cycleId: report.cycleId,
      fileName: name ? `preview-report-${name}.pdf` : 'preview-report.pdf',
      contentType: 'application/pdf' as const,
      data: pdf.toString('base64'),
      updatedAt: report.updatedAt,
    };
  });
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
    await audit(
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
    await audit(ctx, trx, 'report_cycle.unpublished', {
      details: {
        cycle_id: cycle.id,
        name: cycle.name,
        previous_publish_at: cycle.publish_at?.toISOString() ?? null,
      },
    });
    return { id: cycle.id, status: 'draft' as const, updatedAt: now };
  });
}
