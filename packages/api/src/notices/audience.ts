import {
  expressionBuilder,
  sql,
  type Expression,
  type ExpressionBuilder,
  type SqlBool,
} from 'kysely';
import type { DB } from '@schoolgate/db';
import type { SessionUser } from '../core';
import { holdsAny } from '../core';
import { canSeeStudent } from '../access';

type NoticesEb = ExpressionBuilder<DB & { n: DB['notices'] }, 'n'>;
type InfoPagesEb = ExpressionBuilder<DB & { p: DB['info_pages'] }, 'p'>;

const yes = () => sql<boolean>`true`;
const no = () => sql<boolean>`false`;

/** Published (a publish time that has come) and not yet expired, by the context's clock. */
export function noticeIsLive(eb: NoticesEb, now: Date): Expression<SqlBool> {
  return eb.and([
    eb('n.publish_at', 'is not', null),
    eb('n.publish_at', '<=', now),
    eb.or([eb('n.expires_at', 'is', null), eb('n.expires_at', '>', now)]),
  ]);
}

/**
 * The students whose year, form and teaching groups decide which scoped notices reach `user`:
 * for a parent, the children they may see now (so a leaver, a revoked link or a child under a
 * safeguarding hold counts for nothing); for a student, themselves while on roll. One rule,
 * `canSeeStudent`, decides both.
 */
function studentsBehind(user: SessionUser, now: Date) {
  return expressionBuilder<DB, never>()
    .selectFrom('students as s')
    .where((eb) => canSeeStudent(eb, user, now));
}

/**
 * The students behind `user` when the caller has already worked them out with `canSeeStudent`
 * in this request (the home page lists them anyway): their ids, year groups and forms. Passing
 * them spares the database working the same set out again inside the notices query.
 */
export interface StudentsBehind {
  ids: readonly string[];
  yearGroups: readonly number[];
  forms: readonly string[];
}

/**
 * The notice has no scopes (the whole school), or one of its scopes (a year group, a form or a
 * teaching group) takes in one of the students behind `user`.
 */
function scopeReaches(
  eb: NoticesEb,
  user: SessionUser,
  now: Date,
  known?: StudentsBehind,
): Expression<SqlBool> {
  const scopes = () =>
    eb
      .selectFrom('notice_scopes as ns')
      .select(sql`1`.as('one'))
      .whereRef('ns.notice_id', '=', 'n.id');
  return eb.or([
    eb.not(eb.exists(scopes())),
    eb.exists(
      scopes().where((sub) => (known ? reachesKnown(sub, known) : reachesAnyBehind(user, now))),
    ),
  ]);
}

type ScopesEb = ExpressionBuilder<DB & { ns: DB['notice_scopes'] }, 'ns'>;

/**
 * The scope `notice_scopes as ns` takes in one of the students behind `user`: the access rule
 * appears once, as one set of students tried against the scope's year, form and group.
 */
function reachesAnyBehind(user: SessionUser, now: Date): Expression<SqlBool> {
  return expressionBuilder<DB, never>().exists(
    studentsBehind(user, now)
      .select(sql`1`.as('one'))
      .where(
        sql<boolean>`(s.year_group = ns.year_group or s.form = ns.form or exists (
          select 1 from teaching_group_members m where m.student_id = s.id and m.group_id = ns.group_id
        ))`,
      ),
  );
}

/** The scope `notice_scopes as ns` takes in one of `known`. */
function reachesKnown(sub: ScopesEb, known: StudentsBehind): Expression<SqlBool> {
  if (known.ids.length === 0) return no();
  return sub.or([
    sub('ns.year_group', 'in', [...new Set(known.yearGroups)]),
    sub('ns.form', 'in', [...new Set(known.forms)]),
    sub(
      'ns.group_id',
      'in',
      sub
        .selectFrom('teaching_group_members as m')
        .select('m.group_id')
        .where('m.student_id', 'in', [...known.ids]),
    ),
  ]);
}

/**
 * The one rule for which notices a user sees, as a condition on `notices as n`. Every notices
 * query (list, detail, unread count, attachment) uses it, so they always agree. A notice must be
 * live (published and not expired), and then:
 * - a parent: addressed to parents, for the whole school or scoped to a year group, form or
 *   teaching group of a child they may see now;
 * - a student: addressed to students, for the whole school or scoped to them;
 * - staff (teacher, office, DSL, admin): addressed to staff; office and admin, who run notices,
 *   see every live notice whoever it is for;
 * - a governor: addressed to governors, and nothing about students (P9).
 * A member of staff with several roles sees what each of them sees.
 * `known`, when given, must be the students `canSeeStudent` lets `user` see at `now`.
 */
export function canSeeNotice(
  eb: NoticesEb,
  user: SessionUser,
  now: Date,
  known?: StudentsBehind,
): Expression<SqlBool> {
  return eb.and([noticeIsLive(eb, now), noticeAddressedTo(eb, user, now, known)]);
}

function noticeAddressedTo(
  eb: NoticesEb,
  user: SessionUser,
  now: Date,
  known?: StudentsBehind,
): Expression<SqlBool> {
  if (user.contactId) {
    return eb.and([eb('n.for_parents', '=', true), scopeReaches(eb, user, now, known)]);
  }
  if (user.studentId) {
    return eb.and([eb('n.for_students', '=', true), scopeReaches(eb, user, now, known)]);
  }
  if (holdsAny(user.roles, ['office', 'admin'])) return yes();
  const reaches: Expression<SqlBool>[] = [];
  if (holdsAny(user.roles, ['teacher', 'dsl'])) reaches.push(eb('n.for_staff', '=', true));
  if (holdsAny(user.roles, ['governor'])) reaches.push(eb('n.for_governors', '=', true));
  return reaches.length > 0 ? eb.or(reaches) : no();
}

/**
 * Which school information pages a user sees, as a condition on `info_pages as p`: parents the
 * pages for parents, students those for students, staff (teacher, DSL) those for staff, governors
 * those for governors; office and admin, who write them, see them all.
 */
export function canSeeInfoPage(eb: InfoPagesEb, user: SessionUser): Expression<SqlBool> {
  if (user.contactId) return eb('p.for_parents', '=', true);
  if (user.studentId) return eb('p.for_students', '=', true);
  if (holdsAny(user.roles, ['office', 'admin'])) return yes();
  const reaches: Expression<SqlBool>[] = [];
  if (holdsAny(user.roles, ['teacher', 'dsl'])) reaches.push(eb('p.for_staff', '=', true));
  if (holdsAny(user.roles, ['governor'])) reaches.push(eb('p.for_governors', '=', true));
  return reaches.length > 0 ? eb.or(reaches) : no();
}

export interface NoticeAddressees {
  forParents: boolean;
  forStudents: boolean;
  forStaff: boolean;
  forGovernors: boolean;
}

/** One scope of a notice: exactly one of these is set. */
export interface NoticeScope {
  yearGroup: number | null;
  form: string | null;
  /** The teaching group's code and subject, when the scope is a teaching group. */
  group: { code: string; subject: string } | null;
}

function scopeLabel(scope: NoticeScope): string {
  if (scope.yearGroup !== null) return `Year ${scope.yearGroup}`;
  if (scope.form !== null) return `form ${scope.form}`;
  if (scope.group) return `the ${scope.group.subject} group ${scope.group.code}`;
  return 'a group that no longer exists';
}

/** "a", "a and b", "a, b and c". */
export function englishList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Who a notice is for, in plain English: "Parents of Year 10", "All parents and students",
 * "All staff and governors". Years come first in order, then forms, then teaching groups.
 */
export function describeAudience(to: NoticeAddressees, scopes: readonly NoticeScope[]): string {
  const sorted = [...scopes].sort((a, b) => rank(a) - rank(b) || label(a).localeCompare(label(b)));
  const where = englishList([...new Set(sorted.map(scopeLabel))]);
  const parts: string[] = [];
  const families = [to.forParents && 'parents', to.forStudents && 'students'].filter(
    (x): x is string => typeof x === 'string',
  );
  if (families.length > 0) {
    const who = families.join(' and ');
    if (scopes.length === 0) parts.push(`all ${who}`);
    else if (families.length === 1 && to.forStudents) parts.push(`students in ${where}`);
    else parts.push(`${who} of ${where}`);
  }
  if (to.forStaff) parts.push('all staff');
  if (to.forGovernors) parts.push('governors');
  const text = englishList(parts);
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : 'Nobody yet';
}

function rank(scope: NoticeScope): number {
  if (scope.yearGroup !== null) return scope.yearGroup;
  return scope.form !== null ? 100 : 200;
}

function label(scope: NoticeScope): string {
  return scope.form ?? scope.group?.code ?? '';
}
