import { recordAudit } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';
import { AppError } from '../core';
import { canSeeStudent } from './student-access';

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

/** The name to show for a student: the preferred name if there is one, then the surname. */
export function studentDisplayName(row: {
  forename: string;
  preferred_name: string | null;
  surname: string;
}): string {
  return `${row.preferred_name ?? row.forename} ${row.surname}`;
}

/** The columns of `students as s` that make a ViewedStudent. */
export const VIEWED_STUDENT_COLUMNS = [
  's.id',
  's.forename',
  's.surname',
  's.preferred_name',
  's.year_group',
  's.form',
  's.updated_at',
] as const;

/** A row of VIEWED_STUDENT_COLUMNS as a ViewedStudent. */
export function toViewedStudent(row: {
  id: string;
  forename: string;
  surname: string;
  preferred_name: string | null;
  year_group: number;
  form: string;
  updated_at: Date;
}): ViewedStudent {
  return {
    id: row.id,
    forename: row.forename,
    surname: row.surname,
    preferredName: row.preferred_name,
    displayName: studentDisplayName(row),
    yearGroup: row.year_group,
    form: row.form,
    updatedAt: row.updated_at,
  };
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
    .select(VIEWED_STUDENT_COLUMNS)
    .where((eb) => canSeeStudent(eb, ctx.user, now))
    .$if(!everyoneVisible, (q) => q.where('s.id', '=', studentId))
    .orderBy('s.year_group', 'desc')
    .orderBy('s.forename')
    .execute();
  const students = rows.map(toViewedStudent);
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
