import { recordAudit, type Database } from '@schoolgate/db';
import { AppError, actorOf, type Context, type SignedInContext } from '../core';
import { renderMarkdown } from '../documents';
import {
  DEFAULTS_PREPARED_ON,
  PUBLIC_PAGE_MAX_CHARACTERS,
  PUBLIC_PAGE_TITLES,
  defaultPublicPage,
  type PublicPage,
  type SchoolDetails,
} from './public-page-defaults';

async function schoolDetails(db: Database): Promise<SchoolDetails> {
  const row = await db
    .selectFrom('school_settings')
    .select(['school_name', 'enquiries_email'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { schoolName: row.school_name, enquiriesEmail: row.enquiries_email };
}

/** Line endings as a browser's form sends them (CRLF) made plain, and the ends trimmed. */
export function normalisePageText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/**
 * The accessibility statement or the privacy notice as anyone may read it (issue 12): the
 * school's own text, or the built-in one for this school, rendered to safe HTML. `updatedOn` is
 * the day it last changed: the school's edit, or the day the built-in text was written.
 */
export async function readPublicPage(ctx: Context, page: PublicPage) {
  const [school, row] = await Promise.all([
    schoolDetails(ctx.db),
    ctx.db
      .selectFrom('public_pages')
      .select(['markdown', 'updated_at'])
      .where('page', '=', page)
      .executeTakeFirst(),
  ]);
  return {
    page,
    title: PUBLIC_PAGE_TITLES[page],
    html: renderMarkdown(row?.markdown ?? defaultPublicPage(page, school)),
    custom: row !== undefined,
    updatedAt: row?.updated_at ?? null,
    defaultPreparedOn: DEFAULTS_PREPARED_ON,
  };
}

/** Both pages for the settings form: the text in force, the built-in text, who changed it last. */
export async function publicPagesForEditing(ctx: SignedInContext) {
  const [school, rows] = await Promise.all([
    schoolDetails(ctx.db),
    ctx.db
      .selectFrom('public_pages as p')
      .leftJoin('users as u', 'u.id', 'p.updated_by_user_id')
      .leftJoin('staff as st', 'st.id', 'u.staff_id')
      .select(['p.page', 'p.markdown', 'p.updated_at', 'st.forename', 'st.surname'])
      .execute(),
  ]);
  return (['accessibility', 'privacy'] as const).map((page) => {
    const row = rows.find((r) => r.page === page);
    const builtIn = defaultPublicPage(page, school);
    const updatedBy = row ? `${row.forename ?? ''} ${row.surname ?? ''}`.trim() : '';
    return {
      page,
      title: PUBLIC_PAGE_TITLES[page],
      markdown: row?.markdown ?? builtIn,
      custom: row !== undefined,
      updatedAt: row?.updated_at ?? null,
      updatedBy: updatedBy || null,
      maxCharacters: PUBLIC_PAGE_MAX_CHARACTERS,
    };
  });
}

/** Why this text cannot be saved as the page, or null when it can. */
export function pageTextProblem(page: PublicPage, text: string): string | null {
  const length = [...text].length;
  if (length <= PUBLIC_PAGE_MAX_CHARACTERS) return null;
  const n = (value: number) => value.toLocaleString('en-GB');
  return `The ${PUBLIC_PAGE_TITLES[page].toLowerCase()} can be at most ${n(PUBLIC_PAGE_MAX_CHARACTERS)} characters. It has ${n(length)}: shorten it by ${n(length - PUBLIC_PAGE_MAX_CHARACTERS)} and save again.`;
}

/**
 * Saves the school's text for a page. Empty text, or the built-in text unchanged, goes back to
 * the built-in one (which keeps following the school's name and address). One transaction: the
 * page and one audit entry with the old and the new text (null for the built-in text).
 */
export async function updatePublicPage(ctx: SignedInContext, page: PublicPage, text: string) {
  const markdown = normalisePageText(text);
  const problem = pageTextProblem(page, markdown);
  if (problem) throw new AppError('bad_input', problem, { fieldErrors: { markdown: [problem] } });
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    // One administrator at a time: the settings row is the lock every settings change takes.
    await trx
      .selectFrom('school_settings')
      .select('id')
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const school = await schoolDetails(trx);
    const builtIn =
      markdown === '' || markdown === normalisePageText(defaultPublicPage(page, school));
    const old = await trx
      .selectFrom('public_pages')
      .select('markdown')
      .where('page', '=', page)
      .executeTakeFirst();
    const from = old?.markdown ?? null;
    const to = builtIn ? null : markdown;
    if (from === to) return { changed: false, custom: to !== null };
    if (to === null) {
      await trx.deleteFrom('public_pages').where('page', '=', page).execute();
    } else {
      await trx
        .insertInto('public_pages')
        .values({ page, markdown: to, updated_at: now, updated_by_user_id: ctx.user.id })
        .onConflict((oc) =>
          oc
            .column('page')
            .doUpdateSet({ markdown: to, updated_at: now, updated_by_user_id: ctx.user.id }),
        )
        .execute();
    }
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'settings.page_updated',
      details: { page, from, to },
    });
    return { changed: true, custom: to !== null };
  });
}
