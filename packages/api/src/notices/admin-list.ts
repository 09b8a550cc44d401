import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { type SignedInContext } from '../core';
import { describeAudience, type NoticeScope } from './audience';
import {
  NOTICE_STATUS_LABELS,
  noticeStatus,
  type NoticeStatus,
  type RecipientCounts,
} from './publishing-rules';
import { recipientCounts } from './recipients';
import { ADMIN_NOTICES_PAGE_SIZE, type NoticesEb } from './draft-checks';

// The office's list of notices: status, audience, author, reads and emails.

/** The scopes of `notices as n`, with each teaching group's code and subject. */
export function scopesOf(eb: NoticesEb) {
  return jsonArrayFrom(
    eb
      .selectFrom('notice_scopes as ns')
      .leftJoin('teaching_groups as g', 'g.id', 'ns.group_id')
      .select(['ns.year_group', 'ns.form', 'ns.group_id', 'g.code', 'g.subject'])
      .whereRef('ns.notice_id', '=', 'n.id'),
  );
}

type ScopeRow = {
  year_group: number | null;
  form: string | null;
  group_id: string | null;
  code: string | null;
  subject: string | null;
};

export function scopeLabels(rows: readonly ScopeRow[]): NoticeScope[] {
  return rows.map((row) => ({
    yearGroup: row.year_group,
    form: row.form,
    group: row.code && row.subject ? { code: row.code, subject: row.subject } : null,
  }));
}

export function addressees(row: {
  for_parents: boolean;
  for_students: boolean;
  for_staff: boolean;
  for_governors: boolean;
}) {
  return {
    forParents: row.for_parents,
    forStudents: row.for_students,
    forStaff: row.for_staff,
    forGovernors: row.for_governors,
  };
}

export function authorName(eb: NoticesEb) {
  return eb
    .selectFrom('users as au')
    .innerJoin('staff as st', 'st.id', 'au.staff_id')
    .select(sql<string>`concat_ws(' ', st.title, st.forename, st.surname)`.as('name'))
    .whereRef('au.id', '=', 'n.author_user_id');
}

export function readCount(eb: NoticesEb) {
  return eb
    .selectFrom('notice_reads as r')
    .select((sub) => sub.fn.countAll<string>().as('n'))
    .whereRef('r.notice_id', '=', 'n.id');
}

/** When the parents' emails for `notices as n` were queued, and how many; null if never. */
export function emailedEntry(eb: NoticesEb) {
  return eb
    .selectFrom('audit_log as a')
    .select(
      sql<{
        at: string;
        count: number;
      }>`json_build_object('at', a.at, 'count', (a.details ->> 'emails_queued')::int)`.as('entry'),
    )
    .where('a.action', '=', 'notice.emailed')
    .whereRef('a.at', '>=', 'n.created_at')
    .where(sql<boolean>`a.details ->> 'notice_id' = n.id::text`)
    .orderBy('a.at')
    .limit(1);
}

/** The conditions for each status, by the context's clock, as `noticeStatus` reads them. */
function hasStatus(eb: NoticesEb, status: NoticeStatus, now: Date) {
  switch (status) {
    case 'draft':
      return eb('n.publish_at', 'is', null);
    case 'scheduled':
      return eb('n.publish_at', '>', now);
    case 'live':
      return eb.and([
        eb('n.publish_at', '<=', now),
        eb.or([eb('n.expires_at', 'is', null), eb('n.expires_at', '>', now)]),
      ]);
    case 'expired':
      return eb.and([eb('n.publish_at', '<=', now), eb('n.expires_at', '<=', now)]);
  }
}

export interface AdminNoticeListItem {
  id: string;
  title: string;
  status: NoticeStatus;
  statusLabel: string;
  audience: string;
  publishAt: Date | null;
  expiresAt: Date | null;
  emailParents: boolean;
  attachmentName: string | null;
  authorName: string | null;
  readCount: number;
  recipients: RecipientCounts;
  updatedAt: Date;
}

/**
 * Every notice (drafts, scheduled, live and expired), newest first, a page at a time: each with
 * its status, its audience in plain English, and how many of those it reaches have read it.
 */
export async function listAdminNotices(
  ctx: SignedInContext,
  input: { status?: NoticeStatus | undefined; page: number },
) {
  const now = ctx.now();
  let query = ctx.db.selectFrom('notices as n');
  if (input.status) {
    const status = input.status;
    query = query.where((eb) => hasStatus(eb, status, now));
  }
  const rows = await query
    .select((eb) => [
      'n.id',
      'n.title',
      'n.for_parents',
      'n.for_students',
      'n.for_staff',
      'n.for_governors',
      'n.publish_at',
      'n.expires_at',
      'n.email_parents',
      'n.attachment_name',
      'n.updated_at',
      scopesOf(eb).as('scopes'),
      authorName(eb).as('author_name'),
      readCount(eb).as('read_count'),
      sql<string>`count(*) over ()`.as('total'),
    ])
    .orderBy(sql`coalesce(n.publish_at, n.updated_at)`, 'desc')
    .orderBy('n.id')
    .limit(ADMIN_NOTICES_PAGE_SIZE)
    .offset((input.page - 1) * ADMIN_NOTICES_PAGE_SIZE)
    .execute();
  const reach = await recipientCounts(
    ctx.db,
    rows.map((row) => row.id),
    now,
  );
  const notices: AdminNoticeListItem[] = rows.map((row) => {
    const status = noticeStatus(row.publish_at, row.expires_at, now);
    return {
      id: row.id,
      title: row.title,
      status,
      statusLabel: NOTICE_STATUS_LABELS[status],
      audience: describeAudience(addressees(row), scopeLabels(row.scopes)),
      publishAt: row.publish_at,
      expiresAt: row.expires_at,
      emailParents: row.email_parents,
      attachmentName: row.attachment_name,
      authorName: row.author_name,
      readCount: Number(row.read_count ?? 0),
      recipients: reach.get(row.id) ?? {
        parents: 0,
        students: 0,
        staff: 0,
        governors: 0,
        officeAndAdmin: 0,
        total: 0,
      },
      updatedAt: row.updated_at,
    };
  });
  return {
    notices,
    total: Number(rows[0]?.total ?? 0),
    page: input.page,
    pageSize: ADMIN_NOTICES_PAGE_SIZE,
    status: input.status ?? null,
  };
}
