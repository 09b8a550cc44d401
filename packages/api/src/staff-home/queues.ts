import { sql, type AliasedRawBuilder } from 'kysely';
import { OPEN_STATUSES } from '../change-requests';
import { currentPolicyVersionId } from '../aup';
import { schoolToday, type SignedInContext } from '../core';
import { DEADLINE_NEAR_DAYS, visibleQueues } from './visibility';

/** How many wait, and since when the longest-waiting one has (null when none waits). */
export interface WaitingQueue {
  waiting: number;
  oldestSince: Date | null;
}

export interface InformationRequestsQueue {
  open: number;
  /** Open and due today or within the next `nearDays` days; overdue ones are counted apart. */
  dueSoon: number;
  overdue: number;
  /** The soonest deadline of an open request, 'YYYY-MM-DD'; null when none is open. */
  nextDueOn: string | null;
  nearDays: number;
}

export interface PolicyAcceptanceQueue {
  /** The title of the version in force; null before any version is in force. */
  title: string | null;
  /** Active accounts that have accepted the version in force. */
  accepted: number;
  /** Every active account. */
  accounts: number;
}

/**
 * The staff home's work queues. A queue the caller's roles may not see is null and is never
 * queried: its sub-select is not even in the statement.
 */
export interface StaffHomeQueues {
  /** The clock the counts were taken by, so ages are worked out from the same moment. */
  asOf: Date;
  accessRequests: WaitingQueue | null;
  changeRequests: WaitingQueue | null;
  /** Parents' absence reports waiting for a decision (not those waiting for the parent's answer). */
  absenceReports: WaitingQueue | null;
  leavers: WaitingQueue | null;
  failedEmails: WaitingQueue | null;
  informationRequests: InformationRequestsQueue | null;
  policyAcceptance: PolicyAcceptanceQueue | null;
}

const count = (value: unknown): number => Number(value ?? 0);
const instant = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(value as string | Date);

/**
 * Every queue the caller may see, counted in ONE statement of scalar sub-selects (one round trip,
 * one snapshot, so the numbers agree with each other). Counts only: no names, so nothing to audit.
 */
export async function staffHomeQueues(ctx: SignedInContext): Promise<StaffHomeQueues> {
  const now = ctx.now();
  const visible = visibleQueues(ctx.user.roles);
  const columns: AliasedRawBuilder<unknown, string>[] = [];

  if (visible.has('accessRequests')) {
    columns.push(
      sql`(select count(*) from access_requests where status = 'pending')`.as('access_waiting'),
      sql`(select min(created_at) from access_requests where status = 'pending')`.as(
        'access_oldest',
      ),
    );
  }
  if (visible.has('changeRequests')) {
    const open = sql.join(OPEN_STATUSES.map((status) => sql.lit(status)));
    columns.push(
      sql`(select count(*) from change_requests where status in (${open}))`.as('changes_waiting'),
      sql`(select min(created_at) from change_requests where status in (${open}))`.as(
        'changes_oldest',
      ),
    );
  }
  if (visible.has('absenceReports')) {
    columns.push(
      sql`(select count(*) from absence_reports where state = 'waiting')`.as('absence_waiting'),
      sql`(select min(created_at) from absence_reports where state = 'waiting')`.as(
        'absence_oldest',
      ),
    );
  }
  if (visible.has('leavers')) {
    columns.push(
      sql`(select count(*) from leaver_proposals where decision is null)`.as('leavers_waiting'),
      sql`(select min(proposed_at) from leaver_proposals where decision is null)`.as(
        'leavers_oldest',
      ),
    );
  }
  if (visible.has('failedEmails')) {
    columns.push(
      sql`(select count(*) from email_outbox where status = 'failed')`.as('emails_failed'),
      sql`(select min(created_at) from email_outbox where status = 'failed')`.as('emails_oldest'),
    );
  }
  if (visible.has('informationRequests')) {
    const today = schoolToday(now);
    columns.push(
      sql`(select count(*) from information_requests where status = 'open')`.as('info_open'),
      sql`(select count(*) from information_requests
           where status = 'open' and due_on >= ${today}
             and due_on <= ${today} + ${DEADLINE_NEAR_DAYS}::int)`.as('info_due_soon'),
      sql`(select count(*) from information_requests
           where status = 'open' and due_on < ${today})`.as('info_overdue'),
      sql`(select min(due_on)::text from information_requests where status = 'open')`.as(
        'info_next_due',
      ),
    );
  }
  if (visible.has('policyAcceptance')) {
    const current = currentPolicyVersionId(now);
    columns.push(
      sql`(select title from policy_versions where id = ${current})`.as('policy_title'),
      sql`(select count(*) from policy_acceptances pa
           join users u on u.id = pa.user_id
           where pa.policy_version_id = ${current} and u.status = 'active')`.as('policy_accepted'),
      sql`(select count(*) from users where status = 'active')`.as('policy_accounts'),
    );
  }

  const row: Record<string, unknown> =
    columns.length === 0 ? {} : await ctx.db.selectNoFrom(columns).executeTakeFirstOrThrow();

  const waiting = (name: string, oldest: string): WaitingQueue => ({
    waiting: count(row[name]),
    oldestSince: instant(row[oldest]),
  });
  return {
    asOf: now,
    accessRequests: visible.has('accessRequests')
      ? waiting('access_waiting', 'access_oldest')
      : null,
    changeRequests: visible.has('changeRequests')
      ? waiting('changes_waiting', 'changes_oldest')
      : null,
    absenceReports: visible.has('absenceReports')
      ? waiting('absence_waiting', 'absence_oldest')
      : null,
    leavers: visible.has('leavers') ? waiting('leavers_waiting', 'leavers_oldest') : null,
    failedEmails: visible.has('failedEmails') ? waiting('emails_failed', 'emails_oldest') : null,
    informationRequests: visible.has('informationRequests')
      ? {
          open: count(row.info_open),
          dueSoon: count(row.info_due_soon),
          overdue: count(row.info_overdue),
          nextDueOn: (row.info_next_due as string | null | undefined) ?? null,
          nearDays: DEADLINE_NEAR_DAYS,
        }
      : null,
    policyAcceptance: visible.has('policyAcceptance')
      ? {
          title: (row.policy_title as string | null | undefined) ?? null,
          accepted: count(row.policy_accepted),
          accounts: count(row.policy_accounts),
        }
      : null,
  };
}
