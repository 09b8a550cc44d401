import { recordAudit } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';
import { canSeeStudent } from '../access';
import { schoolToday } from '../core';

type SignedIn = Context & { user: SessionUser };

const summaryColumns = [
  's.id',
  's.forename',
  's.surname',
  's.preferred_name',
  's.year_group',
  's.form',
  's.updated_at',
] as const;

export interface StudentSummary {
  id: string;
  forename: string;
  surname: string;
  preferredName: string | null;
  yearGroup: number;
  form: string;
  updatedAt: Date;
}

function toSummary(row: {
  id: string;
  forename: string;
  surname: string;
  preferred_name: string | null;
  year_group: number;
  form: string;
  updated_at: Date;
}): StudentSummary {
  return {
    id: row.id,
    forename: row.forename,
    surname: row.surname,
    preferredName: row.preferred_name,
    yearGroup: row.year_group,
    form: row.form,
    updatedAt: row.updated_at,
  };
}

/** One audit entry per view of student data, naming every student shown (P10). */
async function auditView(ctx: SignedIn, view: string, studentIds: string[]) {
  await recordAudit(ctx.db, {
    at: ctx.now(),
    action: `view.${view}`,
    actorUserId: ctx.user.id,
    studentId: studentIds.length === 1 ? studentIds[0] : null,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: { student_ids: studentIds },
  });
}

/** The students a parent or student may see right now, youngest year group last. */
export async function myStudents(ctx: SignedIn): Promise<StudentSummary[]> {
  const now = ctx.now();
  const rows = await ctx.db
    .selectFrom('students as s')
    .select(summaryColumns)
    .where((eb) => canSeeStudent(eb, ctx.user, now))
    .orderBy('s.year_group', 'desc')
    .orderBy('s.forename')
    .execute();
  const students = rows.map(toSummary);
  await auditView(
    ctx,
    'my_students',
    students.map((s) => s.id),
  );
  return students;
}

export interface StudentListFilter {
  search?: string | undefined;
  yearGroup?: number | undefined;
  /** One form exactly, in any letter case: "10N". */
  form?: string | undefined;
  includeLeavers: boolean;
  page: number;
  pageSize: number;
}

/** Staff search over every student, a page at a time. */
export async function listStudents(ctx: SignedIn, filter: StudentListFilter) {
  const now = ctx.now();
  let query = ctx.db.selectFrom('students as s').where((eb) => canSeeStudent(eb, ctx.user, now));
  if (filter.search) {
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['s.forename']), 'like', pattern),
        eb(eb.fn('lower', ['s.surname']), 'like', pattern),
        eb(eb.fn('lower', ['s.form']), 'like', pattern),
        eb(eb.fn('lower', ['s.upn']), 'like', pattern),
      ]),
    );
  }
  if (filter.yearGroup !== undefined) query = query.where('s.year_group', '=', filter.yearGroup);
  if (filter.form) {
    const form = filter.form.toLowerCase();
    query = query.where((eb) => eb(eb.fn('lower', ['s.form']), '=', form));
  }
  if (!filter.includeLeavers) {
    query = query.where((eb) =>
      eb.or([eb('s.leaving_date', 'is', null), eb('s.leaving_date', '>=', schoolToday(now))]),
    );
  }
  const [rows, total, forms] = await Promise.all([
    query
      .select([...summaryColumns, 's.upn', 's.leaving_date', 's.date_of_birth'])
      .orderBy('s.surname')
      .orderBy('s.forename')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    // Every form in the school, for the form filter's choices.
    ctx.db
      .selectFrom('students as s')
      .select(['s.form', 's.year_group'])
      .distinct()
      .orderBy('s.year_group')
      .orderBy('s.form')
      .execute(),
  ]);
  const students = rows.map((row) => ({
    ...toSummary(row),
    upn: row.upn,
    leavingDate: row.leaving_date,
    dateOfBirth: row.date_of_birth,
  }));
  await auditView(
    ctx,
    'staff_student_list',
    students.map((s) => s.id),
  );
  return {
    students,
    total: Number(total.n),
    page: filter.page,
    pageSize: filter.pageSize,
    forms: [...new Set(forms.map((f) => f.form))],
  };
}
