import type { Database } from '@schoolgate/db';

/** A student with a name of our choosing, on roll since 2022. */
export async function newNamedStudent(
  db: Database,
  fields: { forename: string; surname: string; yearGroup: number; form: string },
): Promise<string> {
  const row = await db
    .insertInto('students')
    .values({
      forename: fields.forename,
      surname: fields.surname,
      date_of_birth: '2013-05-04',
      year_group: fields.yearGroup,
      form: fields.form,
      admission_date: '2022-09-01',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Gives a member of staff the name reports show ("Ms Hannah Reeves"). */
export async function nameStaff(
  db: Database,
  staffId: string,
  name: { title: string | null; forename: string; surname: string },
): Promise<void> {
  await db.updateTable('staff').set(name).where('id', '=', staffId).execute();
}

/** A report cycle, published at `publishAt` (null: a draft). */
export async function newReportCycle(
  db: Database,
  name: string,
  publishAt: Date | null,
  yearGroup: number | null = null,
): Promise<string> {
  const row = await db
    .insertInto('report_cycles')
    .values({ name, publish_at: publishAt, year_group: yearGroup })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface SubjectLine {
  subject: string;
  teacherStaffId?: string | null;
  attainment?: string | null;
  target?: string | null;
  effort?: string | null;
  comment?: string | null;
}

/** A student's report in a cycle, with its subjects in the order given. */
export async function newReport(
  db: Database,
  fields: {
    cycleId: string;
    studentId: string;
    tutorStaffId?: string | null;
    tutorComment?: string | null;
    subjects?: readonly SubjectLine[];
    updatedAt?: Date;
  },
): Promise<string> {
  const report = await db
    .insertInto('reports')
    .values({
      cycle_id: fields.cycleId,
      student_id: fields.studentId,
      tutor_staff_id: fields.tutorStaffId ?? null,
      tutor_comment: fields.tutorComment ?? null,
      ...(fields.updatedAt ? { updated_at: fields.updatedAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const subjects = fields.subjects ?? [];
  if (subjects.length > 0) {
    await db
      .insertInto('report_subjects')
      .values(
        subjects.map((s, index) => ({
          report_id: report.id,
          subject: s.subject,
          teacher_staff_id: s.teacherStaffId ?? null,
          attainment: s.attainment ?? null,
          target: s.target ?? null,
          effort: s.effort ?? null,
          comment: s.comment ?? null,
          // The school's order for the report: as given, not alphabetical.
          sort_order: index + 1,
          ...(fields.updatedAt ? { updated_at: fields.updatedAt } : {}),
        })),
      )
      .execute();
  }
  return report.id;
}

/** Makes `staffId` the teacher of a new teaching group holding `studentIds`. */
export async function teachGroup(
  db: Database,
  staffId: string,
  studentIds: readonly string[],
  subject = 'Mathematics',
): Promise<string> {
  const group = await db
    .insertInto('teaching_groups')
    .values({
      code: `${subject.slice(0, 3)}-${crypto.randomUUID().slice(0, 8)}`,
      subject,
      teacher_staff_id: staffId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (studentIds.length > 0) {
    await db
      .insertInto('teaching_group_members')
      .values(studentIds.map((studentId) => ({ group_id: group.id, student_id: studentId })))
      .execute();
  }
  return group.id;
}
