import { sql } from 'kysely';
import { loadSettings, type Database } from '@schoolgate/db';
import { AppError, staffDisplayName } from '../core';
import { studentView, type SignedIn } from '../access';
import { renderReportPdf } from './pdf';
import { EFFORT_KEY, effortMeaning, slug } from './student-reports';
import { EFFORT_GRADES, recordCycleAudit, cycleStatus } from './cycles';

// One report in a cycle: staff enter grades and comments, and preview its PDF before publishing.

const REPORT_NOT_FOUND = 'We could not find that report.';

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
    await recordCycleAudit(ctx, trx, status === 'published' ? 'report.corrected' : 'report.saved', {
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
