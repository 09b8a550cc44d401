import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '@schoolgate/db';
import { canSeeNotice } from './audience';
import type { RecipientCounts } from './publishing-rules';
import { holdsAny, isStaffRole, type Role } from '../core';
import { userIsSuspended } from '../access';
import type { SessionUser } from '../core';

/*
 * Who a notice reaches, worked out with the one audience rule, `canSeeNotice`, for every account
 * at once. The rule is written for one signed-in user (a SessionUser); here it is asked about
 * `users as u` row by row: the parent's contact id and the student's own id it compares are
 * handed to it as references to that row's columns instead of fixed values, so the database runs
 * exactly the rule `notices.list` runs, once per account. Staff accounts differ only in their
 * roles, so the rule is asked once for each combination of roles that staff hold.
 *
 * An account counts when it could sign in and read the notice: active, not suspended (P13, P14),
 * and, for a student, only while student accounts are switched on (as `loadSessionUser` decides).
 * The notice is taken as if it were showing now (published, not expired), so a draft's reach is
 * known before it is published and an expired one's is what it had.
 */

type NoticesEb = ExpressionBuilder<DB & { n: DB['notices'] }, 'n'>;
type Db = Kysely<DB>;

export type RecipientKind = 'parent' | 'student' | 'staff' | 'governor' | 'office';

const KIND_ORDER: Record<RecipientKind, number> = {
  parent: 1,
  student: 2,
  staff: 3,
  governor: 4,
  office: 5,
};

/**
 * A stand-in SessionUser for "the account in `users as u`". Only what `canSeeNotice` reads is
 * filled in: the kind of account, its roles, and the ids, given as column references.
 */
function accountInRow(kind: 'parent' | 'student' | 'staff', roles: Role[]): SessionUser {
  // A column reference where the rule expects the signed-in user's id: Kysely takes any
  // expression as the right-hand side of a comparison, so `l.contact_id = u.contact_id` is what
  // the rule's `l.contact_id = <contact id>` becomes. Tests compare the result with what each
  // account's own `notices.list` shows, so a change to the rule that broke this would be caught.
  const column = (name: 'contact_id' | 'student_id' | 'staff_id') =>
    sql.ref(`u.${name}`) as unknown as string;
  return {
    id: '00000000-0000-0000-0000-000000000000',
    username: '',
    email: '',
    kind,
    displayName: '',
    roles,
    contactId: kind === 'parent' ? column('contact_id') : null,
    studentId: kind === 'student' ? column('student_id') : null,
    staffId: kind === 'staff' ? column('staff_id') : null,
    mustChangePassword: false,
    mustAcceptPolicy: false,
    suspended: false,
    enquiriesEmail: '',
    twoFactor: 'not_required',
  };
}

/** The roles of the staff account `users as u`, sorted and joined: 'office,teacher'. */
const rolesOfRow = () =>
  sql<string>`(select string_agg(r.role, ',' order by r.role) from staff_roles r where r.staff_id = u.staff_id)`;

/** Every combination of roles held by an active staff account, each sorted. */
async function staffRoleSets(db: Db): Promise<Role[][]> {
  const rows = await db
    .selectFrom('users as u')
    .select(rolesOfRow().as('roles'))
    .where('u.status', '=', 'active')
    .where('u.staff_id', 'is not', null)
    .distinct()
    .execute();
  return rows
    .map((row) => (row.roles ?? '').split(',').filter(isStaffRole))
    .filter((roles) => roles.length > 0);
}

function kindOfStaff(roles: readonly Role[]): RecipientKind {
  if (holdsAny(roles, ['office', 'admin'])) return 'office';
  return roles.every((role) => role === 'governor') ? 'governor' : 'staff';
}

interface Audience {
  db: Db;
  noticeIds: readonly string[];
  now: Date;
  roleSets: Role[][];
  studentAccounts: boolean;
  /** Only parents: the accounts that get the email. */
  parentsOnly?: boolean;
}

/** `users as u` joined to each notice `n` it reaches, with the account's kind. */
function reached(audience: Audience) {
  const { db, now } = audience;
  // The notices as if showing now: the rule's own check that a notice is live then passes.
  const shown = db
    .selectFrom('notices')
    .where('id', 'in', [...audience.noticeIds])
    .select([
      'id',
      'title',
      'body_markdown',
      'author_user_id',
      'for_parents',
      'for_students',
      'for_staff',
      'for_governors',
      'email_parents',
      'attachment_name',
      'attachment_type',
      'created_at',
      'updated_at',
      sql<Date>`${now}::timestamptz`.as('publish_at'),
      sql<Date | null>`null::timestamptz`.as('expires_at'),
    ]);
  const staffKinds = audience.roleSets.map((roles) => ({ roles, kind: kindOfStaff(roles) }));
  const kindCase = sql<RecipientKind>`case
    when u.contact_id is not null then 'parent'
    when u.student_id is not null then 'student'
    ${sql.join(
      staffKinds.map(
        ({ roles, kind }) => sql`when ${rolesOfRow()} = ${roles.join(',')} then ${kind}`,
      ),
      sql` `,
    )}
    else 'staff' end`;

  return db
    .selectFrom('users as u')
    .innerJoin(shown.as('n'), (join) => join.onTrue())
    .where('u.status', '=', 'active')
    .where((eb) => eb.not(userIsSuspended()))
    .where((eb) => {
      const rule = (user: SessionUser) => canSeeNotice(eb as unknown as NoticesEb, user, now);
      const branches: Expression<SqlBool>[] = [
        eb.and([eb('u.contact_id', 'is not', null), rule(accountInRow('parent', ['parent']))]),
      ];
      if (!audience.parentsOnly) {
        if (audience.studentAccounts) {
          branches.push(
            eb.and([
              eb('u.student_id', 'is not', null),
              rule(accountInRow('student', ['student'])),
            ]),
          );
        }
        for (const { roles } of staffKinds) {
          branches.push(
            eb.and([
              eb('u.staff_id', 'is not', null),
              eb(rolesOfRow(), '=', roles.join(',')),
              rule(accountInRow('staff', roles)),
            ]),
          );
        }
      }
      return eb.or(branches);
    })
    .select(['n.id as notice_id', 'u.id as user_id', kindCase.as('kind')]);
}

async function audienceFor(db: Db, noticeIds: readonly string[], now: Date) {
  // One after the other: inside a transaction both would share its one connection anyway.
  const roleSets = await staffRoleSets(db);
  const settings = await db
    .selectFrom('school_settings')
    .select('student_accounts_enabled')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    db,
    noticeIds,
    now,
    roleSets,
    studentAccounts: settings.student_accounts_enabled,
  } satisfies Audience;
}

const emptyCounts = (): RecipientCounts => ({
  parents: 0,
  students: 0,
  staff: 0,
  governors: 0,
  officeAndAdmin: 0,
  total: 0,
});

function addTo(counts: RecipientCounts, kind: RecipientKind, n: number): void {
  if (kind === 'parent') counts.parents += n;
  else if (kind === 'student') counts.students += n;
  else if (kind === 'governor') counts.governors += n;
  else if (kind === 'office') counts.officeAndAdmin += n;
  else counts.staff += n;
  counts.total += n;
}

/** How many accounts each notice reaches, by kind, in one query for them all. */
export async function recipientCounts(
  db: Db,
  noticeIds: readonly string[],
  now: Date,
): Promise<Map<string, RecipientCounts>> {
  if (noticeIds.length === 0) return new Map();
  return countReached(await audienceFor(db, noticeIds, now));
}

async function countReached(audience: Audience): Promise<Map<string, RecipientCounts>> {
  const result = new Map(audience.noticeIds.map((id) => [id, emptyCounts()]));
  const rows = await audience.db
    .selectFrom(reached(audience).as('x'))
    .select(['x.notice_id', 'x.kind', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy(['x.notice_id', 'x.kind'])
    .execute();
  for (const row of rows) {
    const counts = result.get(row.notice_id);
    if (counts) addTo(counts, row.kind, Number(row.n));
  }
  return result;
}

export interface RecipientSample {
  name: string;
  kind: RecipientKind;
}

export const RECIPIENT_SAMPLE_SIZE = 20;

/** Who one notice reaches: the numbers by kind, and the first 20 names (parents first). */
export async function recipientPreview(
  db: Db,
  noticeId: string,
  now: Date,
): Promise<{ counts: RecipientCounts; sample: RecipientSample[] }> {
  const audience = await audienceFor(db, [noticeId], now);
  const counts = await countReached(audience);
  const sample = await db
    .selectFrom(reached(audience).as('x'))
    .innerJoin('users as su', 'su.id', 'x.user_id')
    .leftJoin('contacts as c', 'c.id', 'su.contact_id')
    .leftJoin('students as s', 's.id', 'su.student_id')
    .leftJoin('staff as st', 'st.id', 'su.staff_id')
    .select((eb) => [
      'x.kind',
      eb.fn.coalesce('c.forename', 's.forename', 'st.forename').as('forename'),
      eb.fn.coalesce('c.surname', 's.surname', 'st.surname').as('surname'),
    ])
    .orderBy(
      sql`case x.kind ${sql.join(
        Object.entries(KIND_ORDER).map(([kind, rank]) => sql`when ${kind} then ${rank}`),
        sql` `,
      )} end`,
    )
    .orderBy('surname')
    .orderBy('forename')
    .orderBy('x.user_id')
    .limit(RECIPIENT_SAMPLE_SIZE)
    .execute();
  return {
    counts: counts.get(noticeId) ?? emptyCounts(),
    sample: sample.map((row) => ({
      name: `${row.forename ?? ''} ${row.surname ?? ''}`.trim(),
      kind: row.kind,
    })),
  };
}

export interface ParentRecipient {
  userId: string;
  email: string;
  name: string;
}

/** The parents' accounts a notice reaches: who is emailed when it goes live. */
export async function parentRecipients(
  db: Db,
  noticeId: string,
  now: Date,
): Promise<ParentRecipient[]> {
  const audience = await audienceFor(db, [noticeId], now);
  const rows = await db
    .selectFrom(reached({ ...audience, parentsOnly: true }).as('x'))
    .innerJoin('users as pu', 'pu.id', 'x.user_id')
    .innerJoin('contacts as c', 'c.id', 'pu.contact_id')
    .select(['pu.id', 'pu.email', 'c.forename', 'c.surname'])
    .orderBy('pu.id')
    .execute();
  return rows.map((row) => ({
    userId: row.id,
    email: row.email,
    name: `${row.forename} ${row.surname}`,
  }));
}
