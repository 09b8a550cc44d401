import type { Context } from '../core';
import { currentPolicyVersionId } from './version-in-force';
import { schoolToday } from '../core';

/** Where a version stands today: in force, waiting for its effective date, or replaced. */
export type PolicyVersionStatus = 'current' | 'upcoming' | 'superseded';

/**
 * Every published policy version, newest first, with how many people have accepted it and how
 * many active accounts have not yet (P2). Counts only: who they are is on `policyAcceptances`.
 */
export async function listPolicyVersions(ctx: Pick<Context, 'db' | 'now'>) {
  const { db } = ctx;
  const now = ctx.now();
  const [rows, active] = await Promise.all([
    db
      .selectFrom('policy_versions as pv')
      .leftJoin('users as pub', 'pub.id', 'pv.published_by_user_id')
      .leftJoin('staff as st', 'st.id', 'pub.staff_id')
      .select((eb) => [
        'pv.id',
        'pv.title',
        'pv.effective_date',
        'pv.published_at',
        'st.forename as publisher_forename',
        'st.surname as publisher_surname',
        eb('pv.id', '=', currentPolicyVersionId(now)).as('is_current'),
        eb('pv.effective_date', '>', schoolToday(now)).as('is_upcoming'),
        eb
          .selectFrom('policy_acceptances as pa')
          .select((sub) => sub.fn.countAll<number>().as('n'))
          .whereRef('pa.policy_version_id', '=', 'pv.id')
          .as('acceptances'),
        eb
          .selectFrom('policy_acceptances as pa')
          .innerJoin('users as u', 'u.id', 'pa.user_id')
          .select((sub) => sub.fn.countAll<number>().as('n'))
          .whereRef('pa.policy_version_id', '=', 'pv.id')
          .where('u.status', '=', 'active')
          .as('active_accepted'),
      ])
      .orderBy('pv.published_at', 'desc')
      .orderBy('pv.id', 'desc')
      .execute(),
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow(),
  ]);
  const activeAccounts = Number(active.n);
  return {
    activeAccounts,
    versions: rows.map((row) => ({
      id: row.id,
      title: row.title,
      effectiveDate: row.effective_date,
      publishedAt: row.published_at,
      publishedBy: `${row.publisher_forename ?? ''} ${row.publisher_surname ?? ''}`.trim() || null,
      status: statusOf(row.is_current === true, row.is_upcoming === true),
      acceptances: Number(row.acceptances ?? 0),
      notYetAccepted: activeAccounts - Number(row.active_accepted ?? 0),
    })),
  };
}

function statusOf(isCurrent: boolean, isUpcoming: boolean): PolicyVersionStatus {
  if (isCurrent) return 'current';
  return isUpcoming ? 'upcoming' : 'superseded';
}
