import { sql, type ExpressionBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';
import { AppError } from '../core';
import { markdownExcerpt, renderMarkdown } from '../documents';
import { canSeeInfoPage } from '../notices';
import type { DownloadedFile } from '../notices';

type Reader = Pick<Context, 'db' | 'now'> & { user: SessionUser };
type PagesEb = ExpressionBuilder<DB & { p: DB['info_pages'] }, 'p'>;

export interface InfoDocument {
  id: string;
  title: string;
  fileName: string;
  contentType: string;
  size: number;
  updatedAt: Date;
}

/** A page's documents, without their bytes, as a JSON array on `info_pages as p`. */
function documentsOf(eb: PagesEb) {
  return jsonArrayFrom(
    eb
      .selectFrom('info_documents as d')
      .select([
        'd.id',
        'd.title',
        'd.file_name',
        'd.content_type',
        'd.updated_at',
        sql<number>`octet_length(d.data)`.as('size'),
      ])
      .whereRef('d.page_id', '=', 'p.id')
      .orderBy('d.title'),
  ).as('documents');
}

function toDocuments(
  rows: {
    id: string;
    title: string;
    file_name: string;
    content_type: string;
    updated_at: Date | string;
    size: number;
  }[],
): InfoDocument[] {
  return rows.map((d) => ({
    id: d.id,
    title: d.title,
    fileName: d.file_name,
    contentType: d.content_type,
    size: Number(d.size),
    // Dates inside a JSON array arrive as text.
    updatedAt: new Date(d.updated_at),
  }));
}

export interface InfoPageSummary {
  slug: string;
  title: string;
  summary: string;
  documents: InfoDocument[];
  updatedAt: Date;
}

/** The school's information pages this user's audience sees, in the school's order. */
export async function listInfoPages(ctx: Reader): Promise<InfoPageSummary[]> {
  const rows = await ctx.db
    .selectFrom('info_pages as p')
    .where((eb) => canSeeInfoPage(eb, ctx.user))
    .select((eb) => [
      'p.slug',
      'p.title',
      'p.summary',
      'p.body_markdown',
      'p.updated_at',
      documentsOf(eb),
    ])
    .orderBy('p.sort_order')
    .orderBy('p.title')
    .execute();
  return rows.map((row) => ({
    slug: row.slug,
    title: row.title,
    summary: row.summary?.trim() || markdownExcerpt(row.body_markdown),
    documents: toDocuments(row.documents),
    updatedAt: row.updated_at,
  }));
}

export interface InfoPage {
  slug: string;
  title: string;
  summary: string | null;
  /** The body as HTML, rendered safely from Markdown by `renderMarkdown`. */
  html: string;
  documents: InfoDocument[];
  updatedAt: Date;
}

/** One page by its address; "not found" alike when there is none and when it is not for this user. */
export async function getInfoPage(ctx: Reader, slug: string): Promise<InfoPage> {
  const row = await ctx.db
    .selectFrom('info_pages as p')
    .where('p.slug', '=', slug)
    .where((eb) => canSeeInfoPage(eb, ctx.user))
    .select((eb) => [
      'p.slug',
      'p.title',
      'p.summary',
      'p.body_markdown',
      'p.updated_at',
      documentsOf(eb),
    ])
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'We could not find that page.');
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    html: renderMarkdown(row.body_markdown),
    documents: toDocuments(row.documents),
    updatedAt: row.updated_at,
  };
}

/** A document on a page this user sees; "not found" otherwise. */
export async function infoDocument(ctx: Reader, documentId: string): Promise<DownloadedFile> {
  const row = await ctx.db
    .selectFrom('info_documents as d')
    .where('d.id', '=', documentId)
    .where(
      'd.page_id',
      'in',
      ctx.db
        .selectFrom('info_pages as p')
        .select('p.id')
        .where((eb) => canSeeInfoPage(eb, ctx.user)),
    )
    .select(['d.file_name', 'd.content_type', 'd.data'])
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'We could not find that document.');
  return {
    fileName: row.file_name,
    contentType: row.content_type,
    data: Buffer.from(row.data).toString('base64'),
  };
}
