import { sql, type Expression } from 'kysely';
import { schoolToday } from '../core';

/**
 * The id of the Acceptable Usage Policy version in force at `now`, as a scalar subquery: the most
 * recently published version whose effective date has come, in the school's time zone (P2). A
 * version published ahead of its date waits until then; a later publication supersedes earlier
 * ones. Null until a version is in force, and then there is nothing to accept.
 */
export function currentPolicyVersionId(now: Date) {
  return sql<string | null>`(
    select pv.id from policy_versions pv
    where pv.effective_date <= ${schoolToday(now)}
    order by pv.published_at desc, pv.id desc
    limit 1
  )`;
}

/**
 * Whether the user must still accept the version in force: true when they have not, false when
 * they have, null when no version is in force. A subquery, so it rides in the caller's query.
 */
export function policyAcceptancePending(userId: Expression<string>, now: Date) {
  return sql<boolean | null>`(
    select not exists (
      select 1 from policy_acceptances pa
      where pa.user_id = ${userId} and pa.policy_version_id = pv.id
    )
    from policy_versions pv
    where pv.id = ${currentPolicyVersionId(now)}
  )`;
}
