import { sql, type ExpressionBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { recordAudit, type DB } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';
import { AppError } from '../core';
import { markdownExcerpt, renderMarkdown } from '../documents';
import { canSeeNotice, describeAudience, type StudentsBehind } from './audience';

type Reader = Pick<Context, 'db' | 'now'> & { user: SessionUser };
type SignedIn = Context & { user: SessionUser };
type NoticesEb = ExpressionBuilder<DB & { n: DB['notices'] }, 'n'>;

export const NOTICES_PAGE_SIZE = 20;

const NOT_FOUND = 'We could not find that notice.';

/** The author's name as staff are addressed: "Mrs Joanne Pritchard", or null if unknown. */
function authorName(eb: NoticesEb) {
  return eb
    .selectFrom('users as au')
    .innerJoin('staff as st', 'st.id', 'au.staff_id')
    .select(sql<string>`concat_ws(' ', st.title, st.forename, st.surname)`.as('name'))
    .whereRef('au.id', '=', 'n.author_user_id');
}

/** Whether `userId` has opened the notice `notices as n`. */
function readBy(eb: NoticesEb, userId: string) {
  return eb.exists(
    eb
      .selectFrom('notice_reads as r')
      .select(sql`1`.as('one'))
      .whereRef('r.notice_id', '=', 'n.id')
      .where('r.user_id', '=', userId),
  );
}

export interface NoticeListItem {
  id: string;
  title: string;
  excerpt: string;
  publishAt: Date;
  authorName: string | null;
  read: boolean;
  attachmentName: string | null;
  updatedAt: Date;
}

export interface NoticeList {
  notices: NoticeListItem[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
}

/** The notices this user sees, newest first, a page at a time, with how many are unread. */
export async function listNotices(ctx: Reader, page: number): Promise<NoticeList> {
  const now = ctx.now();
  const visible = ctx.db.selectFrom('notices as n').where((eb) => canSeeNotice(eb, ctx.user, now));
  const [rows, counts] = await Promise.all([
    visible
      .select((eb) => [
        'n.id',
        'n.title',
        'n.body_markdown',
        'n.publish_at',
        'n.attachment_name',
        'n.updated_at',
        authorName(eb).as('author_name'),
        readBy(eb, ctx.user.id).as('read'),
      ])
      .orderBy('n.publish_at', 'desc')
      .orderBy('n.id')
      .limit(NOTICES_PAGE_SIZE)
      .offset((page - 1) * NOTICES_PAGE_SIZE)
      .execute(),
    visible
      .select((eb) => [
        eb.fn.countAll<string>().as('total'),
        eb.fn
          .countAll<string>()
          .filterWhere((f) => f.not(readBy(f, ctx.user.id)))
          .as('unread'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    notices: rows.map((row) => ({
      id: row.id,
      title: row.title,
      excerpt: markdownExcerpt(row.body_markdown),
      // Only published notices are visible, so there is always a publish time.
      publishAt: row.publish_at ?? row.updated_at,
      authorName: row.author_name,
      read: row.read === true,
      attachmentName: row.attachment_name,
      updatedAt: row.updated_at,
    })),
    total: Number(counts.total),
    unread: Number(counts.unread),
    page,
    pageSize: NOTICES_PAGE_SIZE,
  };
}

export interface UnreadNotices {
  count: number;
  newest: { id: string; title: string; publishAt: Date }[];
}

/** For the home page: how many notices this user has not opened, and the newest few, in one query. */
export async function unreadNoticesFor(ctx: Reader, limit: number): Promise<UnreadNotices> {
  const rows = await unreadNoticesQuery(ctx.db, ctx.user, ctx.now(), limit).execute();
  return unreadNoticesFromRows(rows, limit);
}

/**
 * The query behind `unreadNoticesFor`, as a builder so the home page can make it part of its one
 * statement, passing the students it has already found `user` may see (`known`).
 */
export function unreadNoticesQuery(
  from: Pick<Context['db'], 'selectFrom'>,
  user: SessionUser,
  now: Date,
  limit: number,
  known?: StudentsBehind,
) {
  return from
    .selectFrom('notices as n')
    .where((eb) => canSeeNotice(eb, user, now, known))
    .where((eb) => eb.not(readBy(eb, user.id)))
    .select([
      'n.id',
      'n.title',
      'n.publish_at',
      'n.updated_at',
      // Counted before the limit applies: the whole number unread, whatever the page shows.
      sql<string>`count(*) over ()`.as('count'),
    ])
    .orderBy('n.publish_at', 'desc')
    .orderBy('n.id')
    .limit(Math.max(1, limit));
}

/** The rows of `unreadNoticesQuery` (JSON or not) as the home page's unread notices. */
export function unreadNoticesFromRows(
  rows: readonly {
    id: string;
    title: string;
    publish_at: Date | string | null;
    updated_at: Date | string;
    count: string | number;
  }[],
  limit: number,
): UnreadNotices {
  return {
    count: Number(rows[0]?.count ?? 0),
    newest: rows.slice(0, Math.max(0, limit)).map((row) => ({
      id: row.id,
      title: row.title,
      publishAt: new Date(row.publish_at ?? row.updated_at),
    })),
  };
}

export interface NoticeDetail {
  id: string;
  title: string;
  /** The body as HTML, rendered safely from Markdown by `renderMarkdown`. */
  html: string;
  authorName: string | null;
  publishAt: Date;
  expiresAt: Date | null;
  /** Who the notice is for, in plain English. */
  audience: string;
  attachment: { fileName: string; contentType: string; size: number } | null;
  updatedAt: Date;
}

/**
 * One notice this user sees ("not found" for a missing one and one not for them alike), and the
 * read receipt for this user, recorded the first time only. The first reading is audited too.
 */
export async function getNotice(ctx: SignedIn, noticeId: string): Promise<NoticeDetail> {
  const now = ctx.now();
  const row = await ctx.db
    .selectFrom('notices as n')
    .where('n.id', '=', noticeId)
    .where((eb) => canSeeNotice(eb, ctx.user, now))
    .select((eb) => [
      'n.id',
      'n.title',
      'n.body_markdown',
      'n.for_parents',
      'n.for_students',
      'n.for_staff',
      'n.for_governors',
      'n.publish_at',
      'n.expires_at',
      'n.attachment_name',
      'n.attachment_type',
      'n.updated_at',
      sql<number | null>`octet_length(n.attachment_data)`.as('attachment_size'),
      authorName(eb).as('author_name'),
      jsonArrayFrom(
        eb
          .selectFrom('notice_scopes as ns')
          .leftJoin('teaching_groups as g', 'g.id', 'ns.group_id')
          .select(['ns.year_group', 'ns.form', 'g.code', 'g.subject'])
          .whereRef('ns.notice_id', '=', 'n.id'),
      ).as('scopes'),
    ])
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', NOT_FOUND);

  await ctx.db.transaction().execute(async (trx) => {
    const first = await trx
      .insertInto('notice_reads')
      .values({ notice_id: row.id, user_id: ctx.user.id, read_at: now })
      .onConflict((oc) => oc.columns(['notice_id', 'user_id']).doNothing())
      .returning('notice_id')
      .executeTakeFirst();
    if (first) {
      await recordAudit(trx, {
        at: now,
        action: 'notice.read',
        actorUserId: ctx.user.id,
        ip: ctx.meta.ip,
        userAgent: ctx.meta.userAgent,
        details: { notice_id: row.id },
      });
    }
  });

  return {
    id: row.id,
    title: row.title,
    html: renderMarkdown(row.body_markdown),
    authorName: row.author_name,
    publishAt: row.publish_at ?? row.updated_at,
    expiresAt: row.expires_at,
    audience: describeAudience(
      {
        forParents: row.for_parents,
        forStudents: row.for_students,
        forStaff: row.for_staff,
        forGovernors: row.for_governors,
      },
      row.scopes.map((scope) => ({
        yearGroup: scope.year_group,
        form: scope.form,
        group: scope.code && scope.subject ? { code: scope.code, subject: scope.subject } : null,
      })),
    ),
    attachment:
      row.attachment_name !== null
        ? {
            fileName: row.attachment_name,
            contentType: row.attachment_type ?? 'application/octet-stream',
            size: Number(row.attachment_size ?? 0),
          }
        : null,
    updatedAt: row.updated_at,
  };
}

export interface DownloadedFile {
  fileName: string;
  contentType: string;
  /** The file's bytes, base64-encoded. */
  data: string;
}

/** The attachment of a notice this user sees; "not found" otherwise, or when it has none. */
export async function noticeAttachment(ctx: Reader, noticeId: string): Promise<DownloadedFile> {
  const now = ctx.now();
  const row = await ctx.db
    .selectFrom('notices as n')
    .where('n.id', '=', noticeId)
    .where((eb) => canSeeNotice(eb, ctx.user, now))
    .select(['n.attachment_name', 'n.attachment_type', 'n.attachment_data'])
    .executeTakeFirst();
  if (!row?.attachment_name || !row.attachment_data) {
    throw new AppError('not_found', 'We could not find that attachment.');
  }
  return {
    fileName: row.attachment_name,
    contentType: row.attachment_type ?? 'application/octet-stream',
    data: Buffer.from(row.attachment_data).toString('base64'),
  };
}
