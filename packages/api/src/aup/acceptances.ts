import { recordAudit, type Database } from '@schoolgate/db';
import type { Context, AccountKind, SessionUser } from '../core';
import { AppError } from '../core';
import { currentPolicyVersionId } from './version-in-force';
import { renderMarkdown } from '../documents';

type SignedIn = Context & { user: SessionUser };

/** Accounts with the person behind each: a parent's contact, a student or a staff member. */
function people(db: Database) {
  return db
    .selectFrom('users as u')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .leftJoin('students as s', 's.id', 'u.student_id')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    .select((eb) => [
      'u.id',
      'u.username',
      'u.status',
      'u.contact_id',
      'u.student_id',
      eb.fn.coalesce('c.forename', 's.forename', 'st.forename').as('forename'),
      eb.fn.coalesce('c.surname', 's.surname', 'st.surname').as('surname'),
    ]);
}

function person(row: {
  id: string;
  username: string;
  status: string;
  contact_id: string | null;
  student_id: string | null;
  forename: string | null;
  surname: string | null;
}) {
  const kind: AccountKind = row.contact_id ? 'parent' : row.student_id ? 'student' : 'staff';
  return {
    userId: row.id,
    username: row.username,
    name: `${row.forename ?? ''} ${row.surname ?? ''}`.trim(),
    kind,
    status: row.status,
  };
}

/**
 * Who has accepted policy version `versionId` (newest first, any account status) and which
 * active accounts have not yet (by name), each list capped at `limit` with its full count (P2).
 */
export async function policyAcceptances(
  ctx: SignedIn,
  input: { versionId: string; limit: number },
) {
  const { db } = ctx;
  const now = ctx.now();
  const version = await db
    .selectFrom('policy_versions as pv')
    .select((eb) => [
      'pv.id',
      'pv.title',
      'pv.effective_date',
      'pv.published_at',
      'pv.body_markdown',
      eb('pv.id', '=', currentPolicyVersionId(now)).as('is_current'),
    ])
    .where('pv.id', '=', input.versionId)
    .executeTakeFirst();
  if (!version) throw new AppError('not_found', 'We could not find that version of the policy.');

  const accepted = people(db)
    .innerJoin('policy_acceptances as pa', 'pa.user_id', 'u.id')
    .where('pa.policy_version_id', '=', version.id);
  const notYet = people(db)
    .where('u.status', '=', 'active')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('policy_acceptances as pa')
            .select('pa.user_id')
            .whereRef('pa.user_id', '=', 'u.id')
            .where('pa.policy_version_id', '=', version.id),
        ),
      ),
    );

  const [acceptedRows, acceptedTotal, notYetRows, notYetTotal] = await Promise.all([
    accepted
      .select(['pa.accepted_at', 'pa.ip'])
      .orderBy('pa.accepted_at', 'desc')
      .orderBy('u.username')
      .limit(input.limit)
      .execute(),
    accepted
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    notYet
      .orderBy('surname')
      .orderBy('forename')
      .orderBy('u.username')
      .limit(input.limit)
      .execute(),
    notYet
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);

  await recordAudit(db, {
    at: now,
    action: 'view.policy_acceptances',
    actorUserId: ctx.user.id,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: {
      policy_version_id: version.id,
      accepted_shown: acceptedRows.length,
      not_accepted_shown: notYetRows.length,
    },
  });
  return {
    version: {
      id: version.id,
      title: version.title,
      effectiveDate: version.effective_date,
      publishedAt: version.published_at,
      isCurrent: version.is_current === true,
      html: renderMarkdown(version.body_markdown),
    },
    accepted: {
      total: Number(acceptedTotal.n),
      people: acceptedRows.map((row) => ({
        ...person(row),
        acceptedAt: row.accepted_at,
        ip: row.ip,
      })),
    },
    notYetAccepted: {
      total: Number(notYetTotal.n),
      people: notYetRows.map(person),
    },
  };
}
