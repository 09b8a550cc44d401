import { sql, type Kysely } from 'kysely';
import { loadSettings, schoolDate, type DB } from '@schoolgate/db';
import { AppError, staffDisplayName } from '../core';
import { renderReportPdf } from './pdf';
import { studentView, type SignedIn } from '../access';

/** What each effort grade means, as the school's reports explain it. */
export const EFFORT_KEY = [
  { grade: '1', meaning: 'Excellent' },
  { grade: '2', meaning: 'Good' },
  { grade: '3', meaning: 'Needs to improve' },
  { grade: '4', meaning: 'Cause for concern' },
] as const;

/** The meaning of an effort grade ("2" is "Good"), or null for anything else. */
export function effortMeaning(effort: string | null): string | null {
  const grade = effort?.trim();
  return EFFORT_KEY.find((k) => k.grade === grade)?.meaning ?? null;
}

const NOT_FOUND = 'We could not find that report.';

type Db = Kysely<DB>;

/** A cycle is published once its publish time has come: a draft (no time) or a future one is not. */
function published(now: Date) {
  return sql<boolean>`(c.publish_at is not null and c.publish_at <= ${now}::timestamptz)`;
}

/** When a report last changed: the report itself or any of its subjects, whichever is later. */
const reportUpdatedAt = sql<Date>`greatest(r.updated_at, (
  select max(rs.updated_at) from report_subjects rs where rs.report_id = r.id
))`;

// Staff are named as on every other screen: "Mrs Patel".
const personName = (title: string | null, forename: string | null, surname: string | null) =>
  staffDisplayName({ title, forename, surname });

export interface ReportListItem {
  id: string;
  cycleName: string;
  publishedAt: Date;
  /** The school's calendar date it was published, 'YYYY-MM-DD'. */
  publishedOn: string;
  updatedAt: Date;
}

/** A student's reports in published cycles, newest first (P8). */
export async function reportsForStudent(ctx: SignedIn, studentId: string) {
  return studentView(ctx, studentId, 'reports', async (student) => {
    const now = ctx.now();
    const [settings, rows] = await Promise.all([
      loadSettings(ctx.db),
      ctx.db
        .selectFrom('reports as r')
        .innerJoin('report_cycles as c', 'c.id', 'r.cycle_id')
        .select(['r.id', 'c.name', 'c.publish_at', reportUpdatedAt.as('updated_at')])
        .where('r.student_id', '=', student.id)
        .where(published(now))
        .orderBy('c.publish_at', 'desc')
        .orderBy('c.name')
        .execute(),
    ]);
    const reports = rows.map((row): ReportListItem => ({
      id: row.id,
      cycleName: row.name,
      publishedAt: row.publish_at!,
      publishedOn: schoolDate(row.publish_at!, settings.time_zone),
      updatedAt: row.updated_at,
    }));
    return { reports };
  });
}

export interface ReportSubjectRow {
  id: string;
  subject: string;
  teacherName: string | null;
  attainment: string | null;
  target: string | null;
  effort: string | null;
  effortMeaning: string | null;
  comment: string | null;
  updatedAt: Date;
}

export interface ReportDetail {
  id: string;
  cycleName: string;
  publishedAt: Date;
  publishedOn: string;
  tutorName: string | null;
  tutorComment: string | null;
  subjects: ReportSubjectRow[];
  updatedAt: Date;
}

/** One published report of this student, with its subjects; "not found" for anything else. */
async function loadReport(
  db: Db,
  studentId: string,
  reportId: string,
  now: Date,
  timeZone: string,
) {
  const [report, subjects] = await Promise.all([
    db
      .selectFrom('reports as r')
      .innerJoin('report_cycles as c', 'c.id', 'r.cycle_id')
      .leftJoin('staff as t', 't.id', 'r.tutor_staff_id')
      .select([
        'r.id',
        'c.name',
        'c.publish_at',
        'r.tutor_comment',
        't.title',
        't.forename',
        't.surname',
        reportUpdatedAt.as('updated_at'),
      ])
      .where('r.id', '=', reportId)
      .where('r.student_id', '=', studentId)
      .where(published(now))
      .executeTakeFirst(),
    db
      .selectFrom('report_subjects as rs')
      .innerJoin('reports as r', 'r.id', 'rs.report_id')
      .innerJoin('report_cycles as c', 'c.id', 'r.cycle_id')
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
      .where('r.id', '=', reportId)
      .where('r.student_id', '=', studentId)
      .where(published(now))
      .orderBy('rs.sort_order')
      .orderBy('rs.subject')
      .execute(),
  ]);
  if (!report) throw new AppError('not_found', NOT_FOUND);
  return {
    id: report.id,
    cycleName: report.name,
    publishedAt: report.publish_at!,
    publishedOn: schoolDate(report.publish_at!, timeZone),
    tutorName: personName(report.title, report.forename, report.surname),
    tutorComment: report.tutor_comment,
    subjects: subjects.map((s): ReportSubjectRow => ({
      id: s.id,
      subject: s.subject,
      teacherName: personName(s.title, s.forename, s.surname),
      attainment: s.attainment,
      target: s.target,
      effort: s.effort,
      effortMeaning: effortMeaning(s.effort),
      comment: s.comment,
      updatedAt: s.updated_at,
    })),
    updatedAt: report.updated_at,
  } satisfies ReportDetail;
}

/** One report on screen: the cycle, each subject's grades and comment, the tutor's comment. */
export async function reportDetail(ctx: SignedIn, studentId: string, reportId: string) {
  return studentView(ctx, studentId, 'report', async (student) => {
    const settings = await loadSettings(ctx.db);
    const report = await loadReport(ctx.db, student.id, reportId, ctx.now(), settings.time_zone);
    return { report, effortKey: EFFORT_KEY };
  });
}

/** "Year 8 Autumn" becomes "year-8-autumn": safe in a file name, and nothing personal. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** The report as a PDF to download (P8): a file name naming only the cycle, and base64 data. */
export async function reportPdf(ctx: SignedIn, studentId: string, reportId: string) {
  return studentView(ctx, studentId, 'report_pdf', async (student) => {
    const now = ctx.now();
    const settings = await loadSettings(ctx.db);
    const report = await loadReport(ctx.db, student.id, reportId, now, settings.time_zone);
    const pdf = await renderReportPdf({
      schoolName: settings.school_name,
      student: { name: student.displayName, yearGroup: student.yearGroup, form: student.form },
      cycleName: report.cycleName,
      publishedAt: report.publishedAt,
      printedAt: now,
      timeZone: settings.time_zone,
      subjects: report.subjects.map((s) => ({
        subject: s.subject,
        teacher: s.teacherName,
        attainment: s.attainment,
        target: s.target,
        effort: s.effort,
        effortMeaning: s.effortMeaning,
        comment: s.comment,
      })),
      tutor: { name: report.tutorName, comment: report.tutorComment },
      effortKey: EFFORT_KEY,
    });
    const name = slug(report.cycleName);
    return {
      fileName: name ? `report-${name}.pdf` : 'report.pdf',
      contentType: 'application/pdf' as const,
      data: pdf.toString('base64'),
      updatedAt: report.updatedAt,
    };
  });
}

export interface NewestReport {
  reportId: string;
  cycleName: string;
  publishedAt: Date;
  /** When the report or any of its subjects last changed, whichever is later (P7). */
  updatedAt: Date;
}

/**
 * Each student's newest published report, in one query however many students (the home page's
 * "newest report"). Callers must already have checked the user may see these students.
 */
export async function newestReportFor(
  db: Db,
  studentIds: readonly string[],
  now: Date,
): Promise<Map<string, NewestReport>> {
  if (studentIds.length === 0) return new Map();
  return newestReportFromRows(await newestReportQuery(db, studentIds, now).execute());
}

/** The query behind `newestReportFor`, as a builder (the home page makes it part of its one statement). */
export function newestReportQuery(
  from: Pick<Db, 'selectFrom'>,
  studentIds: readonly string[],
  now: Date,
) {
  return from
    .selectFrom('reports as r')
    .innerJoin('report_cycles as c', 'c.id', 'r.cycle_id')
    .distinctOn('r.student_id')
    .select(['r.student_id', 'r.id', 'c.name', 'c.publish_at', reportUpdatedAt.as('updated_at')])
    .where('r.student_id', 'in', [...studentIds])
    .where(published(now))
    .orderBy('r.student_id')
    .orderBy('c.publish_at', 'desc')
    .orderBy('c.name');
}

/** The rows of `newestReportQuery` (JSON or not) by student. */
export function newestReportFromRows(
  rows: readonly {
    student_id: string;
    id: string;
    name: string;
    publish_at: Date | string | null;
    updated_at: Date | string;
  }[],
): Map<string, NewestReport> {
  const newest = new Map<string, NewestReport>();
  for (const row of rows) {
    newest.set(row.student_id, {
      reportId: row.id,
      cycleName: row.name,
      // Only published reports are chosen, so there is always a publish time.
      publishedAt: new Date(row.publish_at!),
      updatedAt: new Date(row.updated_at),
    });
  }
  return newest;
}
