import { recordAudit } from '@schoolgate/db';
import type { Context } from '../context';
import { AppError } from '../errors';
import { canSeeStudent } from '../policy/student-access';
import type { SessionUser } from './users';

export type SignedIn = Context & { user: SessionUser };

/** Who a student view is about: enough for a heading, with when the record last changed (P7). */
export interface ViewedStudent {
  id: string;
  forename: string;
  surname: string;
  preferredName: string | null;
  /** The name to show: the preferred name if there is one. */
  displayName: string;
  yearGroup: number;
  form: string;
  updatedAt: Date;
}

/** The other students this user may switch to from a view: a parent's other children. */
export interface SwitcherEntry {
  id: string;
  displayName: string;
}

export interface StudentViewFrame {
  student: ViewedStudent;
  switcher: SwitcherEntry[];
}

/**
 * The one way a view of one student's data is served (P8, P10):
 * 1. the access policy decides in the same query that loads the heading (missing and forbidden
 *    students alike are "not found");
 * 2. `build` loads the view's data;
 * 3. one audit entry records who saw which view of which student, from where: one per view,
 *    not one per row.
 * Parents get their other children for the switcher; staff and students get none.
 */
export async function studentView<T extends object>(
  ctx: SignedIn,
  studentId: string,
  view: string,
  build: (student: ViewedStudent) => Promise<T>,
): Promise<StudentViewFrame & T> {
  const now = ctx.now();
  const everyoneVisible = ctx.user.kind === 'parent';
  const rows = await ctx.db
    .selectFrom('students as s')
    .select([
      's.id',
      's.forename',
      's.surname',
      's.preferred_name',
      's.year_group',
      's.form',
      's.updated_at',
    ])
    .where((eb) => canSeeStudent(eb, ctx.user, now))
    .$if(!everyoneVisible, (q) => q.where('s.id', '=', studentId))
    .orderBy('s.year_group', 'desc')
    .orderBy('s.forename')
    .execute();
  const students = rows.map((row): ViewedStudent => ({
    id: row.id,
    forename: row.forename,
    surname: row.surname,
    preferredName: row.preferred_name,
    displayName: `${row.preferred_name ?? row.forename} ${row.surname}`,
    yearGroup: row.year_group,
    form: row.form,
    updatedAt: row.updated_at,
  }));
  const student = students.find((s) => s.id === studentId);
  if (!student) throw new AppError('not_found', 'We could not find that student.');
  const data = await build(student);
  await recordAudit(ctx.db, {
    at: now,
    action: `view.${view}`,
    actorUserId: ctx.user.id,
    studentId,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: { view },
  });
  const switcher = everyoneVisible
    ? students.map((s) => ({ id: s.id, displayName: s.displayName }))
    : [];
  return { ...data, student, switcher };
}
