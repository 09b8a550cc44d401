import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { loadSettings, recordAudit, type DB } from '@schoolgate/db';
import { AppError } from '../errors';
import { renderMarkdown } from '../policy/markdown';
import { describeAudience, type NoticeScope } from '../policy/notice-audience';
import {
  checkAttachment,
  describeRecipients,
  instantToSchoolTime,
  NOTICE_STATUS_LABELS,
  noticeStatus,
  schoolTimeToInstant,
  type NoticeStatus,
  type RecipientCounts,
} from '../policy/notice-publishing';
import { onRoll } from '../policy/student-access';
import { queueNoticeEmails } from './notice-emails';
import { recipientCounts, recipientPreview, type RecipientSample } from './notice-recipients';
import { actorOf, type SignedInContext } from './staff-context';

type Db = Kysely<DB>;
type NoticesEb = ExpressionBuilder<DB & { n: DB['notices'] }, 'n'>;

const NOT_FOUND = 'We could not find that notice.';
export const ADMIN_NOTICES_PAGE_SIZE = 20;

export interface NoticeScopesInput {
  yearGroups: number[];
  forms: string[];
  groupIds: string[];
}

/** What a notice says and who it is for: the fields a preview needs. */
export interface NoticeDraftInput {
  noticeId?: string | undefined;
  title: string;
  bodyMarkdown: string;
  forParents: boolean;
  forStudents: boolean;
  forStaff: boolean;
  forGovernors: boolean;
  scopes: NoticeScopesInput;
  emailParents: boolean;
  /** The school's wall-clock time it stops showing ('2026-12-01T09:00'); null or absent: never. */
  expiresAt?: string | null | undefined;
}

export interface SaveNoticeInput extends NoticeDraftInput {
  /**
   * When it is shown: null keeps (or makes) it a draft, 'now' publishes it at once, a school
   * wall-clock time schedules it; absent leaves it as it is (a new notice is then a draft). A
   * notice already published keeps its publish time: withdraw it instead.
   */
  publishAt?: 'now' | string | null | undefined;
  attachment?: { name: string; contentType: string; base64: string } | undefined;
  removeAttachment?: boolean | undefined;
}

type Problems = Record<string, string[]>;

function refuse(problems: Problems): never {
  const first = Object.values(problems).flat()[0] ?? 'Please check your answers.';
  throw new AppError('bad_input', first, { fieldErrors: problems });
}

const unique = <T>(items: readonly T[]) => [...new Set(items)];

interface ExistingNotice {
  id: string;
  publish_at: Date | null;
  expires_at: Date | null;
}

/**
 * The checks a notice's wording and audience must pass, whatever happens to it next: at least one
 * audience; year groups, forms and teaching groups only for parents or students (they narrow
 * which families it reaches); real forms and groups; email only with parents.
 */
async function checkDraft(db: Db, input: NoticeDraftInput, problems: Problems) {
  const scopes = {
    yearGroups: unique(input.scopes.yearGroups).sort((a, b) => a - b),
    forms: unique(input.scopes.forms.map((form) => form.trim()).filter(Boolean)).sort(),
    groupIds: unique(input.scopes.groupIds),
  };
  const anyScope = scopes.yearGroups.length + scopes.forms.length + scopes.groupIds.length > 0;
  if (!input.forParents && !input.forStudents && !input.forStaff && !input.forGovernors) {
    problems.audience = ['Choose who the notice is for: parents, students, staff or governors.'];
  }
  if (anyScope && !input.forParents && !input.forStudents) {
    problems.scopes = [
      'Year groups, forms and teaching groups choose which families a notice reaches: tick Parents or Students, or clear them.',
    ];
  }
  if (input.emailParents && !input.forParents) {
    problems.emailParents = ['Only parents are emailed: tick Parents, or untick the email.'];
  }
  if (scopes.forms.length > 0) {
    const known = await db
      .selectFrom('students')
      .select('form')
      .distinct()
      .where('form', 'in', scopes.forms)
      .execute();
    const missing = scopes.forms.filter((form) => !known.some((row) => row.form === form));
    if (missing.length > 0) {
      problems.scopes = [
        ...(problems.scopes ?? []),
        `There is no form ${missing.join(', ')} in the school.`,
      ];
    }
  }
  const groups =
    scopes.groupIds.length > 0
      ? await db
          .selectFrom('teaching_groups')
          .select(['id', 'code', 'subject'])
          .where('id', 'in', scopes.groupIds)
          .execute()
      : [];
  if (groups.length !== scopes.groupIds.length) {
    problems.scopes = [
      ...(problems.scopes ?? []),
      'One of the teaching groups no longer exists. Choose the groups again.',
    ];
  }
  const labels: NoticeScope[] = [
    ...scopes.yearGroups.map((yearGroup) => ({ yearGroup, form: null, group: null })),
    ...scopes.forms.map((form) => ({ yearGroup: null, form, group: null })),
    ...groups.map((g) => ({
      yearGroup: null,
      form: null,
      group: { code: g.code, subject: g.subject },
    })),
  ];
  return { scopes, labels };
}

/** The school's time zone, for reading and showing the form's wall-clock times. */
async function timeZoneOf(db: Db): Promise<string> {
  return (await loadSettings(db)).time_zone;
}

/**
 * The expiry as an instant. An unchanged expiry (the same wall-clock minute as saved) is kept as
 * it was; a new one must be in the future. Whether it comes after the publish time is checked
 * once that is known.
 */
function readExpiry(
  value: string | null | undefined,
  existing: ExistingNotice | null,
  context: { now: Date; timeZone: string },
  problems: Problems,
): Date | null {
  if (!value) return null;
  if (
    existing?.expires_at &&
    instantToSchoolTime(existing.expires_at, context.timeZone) === value
  ) {
    return existing.expires_at;
  }
  const instant = schoolTimeToInstant(value, context.timeZone);
  if (!instant) {
    problems.expiresAt = ['Enter the expiry as a real date and time.'];
    return null;
  }
  if (instant <= context.now) problems.expiresAt = ['Choose an expiry in the future.'];
  return instant;
}

function readPublishAt(
  value: SaveNoticeInput['publishAt'],
  existing: ExistingNotice | null,
  context: { now: Date; timeZone: string },
  problems: Problems,
): Date | null {
  const { now, timeZone } = context;
  const current = existing?.publish_at ?? null;
  if (current && current <= now) {
    // Published already: the publish time is history, not something to edit.
    const unchanged =
      value === undefined || value === 'now' || value === instantToSchoolTime(current, timeZone);
    if (!unchanged) {
      problems.publishAt = [
        'This notice has already been published, so its publish time cannot change. To take it down, withdraw it.',
      ];
    }
    return current;
  }
  if (value === undefined) return current;
  if (value === null) return null;
  if (current && value === instantToSchoolTime(current, timeZone)) return current;
  if (value === 'now') return now;
  const instant = schoolTimeToInstant(value, timeZone);
  if (!instant) {
    problems.publishAt = ['Enter the publish time as a real date and time.'];
    return null;
  }
  if (instant <= now) {
    problems.publishAt = ['Choose a time in the future, or publish the notice now.'];
  }
  return instant;
}

function readAttachment(input: SaveNoticeInput, problems: Problems) {
  if (!input.attachment) return input.removeAttachment ? ('remove' as const) : ('keep' as const);
  const bytes = Buffer.from(input.attachment.base64, 'base64');
  const checked = checkAttachment(input.attachment.name, bytes);
  if (!checked.ok) {
    problems.attachment = [checked.message];
    return 'keep' as const;
  }
  return { name: checked.fileName, type: checked.contentType, data: bytes };
}

async function lockNotice(trx: Db, noticeId: string): Promise<ExistingNotice> {
  const row = await trx
    .selectFrom('notices')
    .select(['id', 'publish_at', 'expires_at'])
    .where('id', '=', noticeId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', NOT_FOUND);
  return row;
}

export interface SavedNotice {
  id: string;
  status: NoticeStatus;
  /** Parents emailed now (the notice went live with email on); null when none were due. */
  emailsQueued: number | null;
}

/**
 * Creates or updates a notice and its scopes in one transaction, audited as `notice.saved`. If
 * the notice is live once saved and asks for email, the parents' emails are queued in the same
 * transaction (once per notice). Nothing is written when any check fails.
 */
export async function saveNotice(
  ctx: SignedInContext,
  input: SaveNoticeInput,
): Promise<SavedNotice> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const existing = input.noticeId ? await lockNotice(trx, input.noticeId) : null;
    const timeZone = await timeZoneOf(trx);
    const problems: Problems = {};
    const { scopes, labels } = await checkDraft(trx, input, problems);
    const publishAt = readPublishAt(input.publishAt, existing, { now, timeZone }, problems);
    const expiresAt = readExpiry(input.expiresAt, existing, { now, timeZone }, problems);
    if (publishAt && expiresAt && expiresAt <= publishAt && !problems.expiresAt) {
      problems.expiresAt = [
        'The notice must stop showing after it is published: choose a later expiry.',
      ];
    }
    const attachment = readAttachment(input, problems);
    if (Object.keys(problems).length > 0) refuse(problems);

    const fields = {
      title: input.title,
      body_markdown: input.bodyMarkdown,
      for_parents: input.forParents,
      for_students: input.forStudents,
      for_staff: input.forStaff,
      for_governors: input.forGovernors,
      publish_at: publishAt,
      expires_at: expiresAt,
      email_parents: input.emailParents,
      updated_at: now,
      ...(attachment === 'remove'
        ? { attachment_name: null, attachment_type: null, attachment_data: null }
        : attachment === 'keep'
          ? {}
          : {
              attachment_name: attachment.name,
              attachment_type: attachment.type,
              attachment_data: attachment.data,
            }),
    };
    const id = existing
      ? (
          await trx
            .updateTable('notices')
            .set(fields)
            .where('id', '=', existing.id)
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
      : (
          await trx
            .insertInto('notices')
            .values({ ...fields, author_user_id: ctx.user.id, created_at: now })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
    await writeScopes(trx, id, scopes);

    const emailsQueued = await queueNoticeEmails(trx, id, {
      now,
      portalUrl: ctx.portalUrl,
      actorUserId: ctx.user.id,
    });
    const status = noticeStatus(publishAt, expiresAt, now);
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'notice.saved',
      details: {
        notice_id: id,
        created: existing === null,
        title: input.title,
        status,
        audience: describeAudience(input, labels),
        publish_at: publishAt?.toISOString() ?? null,
        expires_at: expiresAt?.toISOString() ?? null,
        email_parents: input.emailParents,
        attachment:
          attachment === 'keep'
            ? 'unchanged'
            : attachment === 'remove'
              ? 'removed'
              : attachment.name,
      },
    });
    return { id, status, emailsQueued };
  });
}

async function writeScopes(trx: Db, noticeId: string, scopes: NoticeScopesInput): Promise<void> {
  await trx.deleteFrom('notice_scopes').where('notice_id', '=', noticeId).execute();
  const rows = [
    ...scopes.yearGroups.map((year_group) => ({ notice_id: noticeId, year_group })),
    ...scopes.forms.map((form) => ({ notice_id: noticeId, form })),
    ...scopes.groupIds.map((group_id) => ({ notice_id: noticeId, group_id })),
  ];
  if (rows.length > 0) await trx.insertInto('notice_scopes').values(rows).execute();
}

export interface RecipientsView {
  counts: RecipientCounts;
  /** "This notice will reach 58 parents and 30 students." */
  sentence: string;
  /** The first 20 of them, parents first. */
  sample: RecipientSample[];
}

async function recipientsView(db: Db, noticeId: string, now: Date): Promise<RecipientsView> {
  const { counts, sample } = await recipientPreview(db, noticeId, now);
  return { counts, sentence: describeRecipients(counts), sample };
}

/** Thrown to roll a preview's transaction back, carrying what the preview found. */
class PreviewDone<T> extends Error {
  constructor(readonly result: T) {
    super('preview rolled back');
  }
}

export interface NoticePreview {
  title: string;
  /** The body as it will look, rendered safely by `renderMarkdown`. */
  html: string;
  audience: string;
  recipients: RecipientsView;
}

/**
 * What a notice would look like and whom it would reach, before it is saved: the wording and
 * audience are written into a transaction that is then rolled back, so the reach is worked out
 * by the same rule as for a saved notice and nothing is kept. The view of names is audited.
 */
export async function previewNotice(
  ctx: SignedInContext,
  input: NoticeDraftInput,
): Promise<NoticePreview> {
  const now = ctx.now();
  let preview: NoticePreview | undefined;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const problems: Problems = {};
      const { scopes, labels } = await checkDraft(trx, input, problems);
      if (Object.keys(problems).length > 0) refuse(problems);
      const { id } = await trx
        .insertInto('notices')
        .values({
          title: input.title,
          body_markdown: input.bodyMarkdown,
          for_parents: input.forParents,
          for_students: input.forStudents,
          for_staff: input.forStaff,
          for_governors: input.forGovernors,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeScopes(trx, id, scopes);
      throw new PreviewDone<NoticePreview>({
        title: input.title,
        html: renderMarkdown(input.bodyMarkdown),
        audience: describeAudience(input, labels),
        recipients: await recipientsView(trx, id, now),
      });
    });
  } catch (error) {
    if (!(error instanceof PreviewDone)) throw error;
    preview = error.result as NoticePreview;
  }
  if (!preview) throw new Error('The notice preview did not finish.');
  await auditRecipientsView(ctx, input.noticeId ?? null, preview.recipients.counts.total);
  return preview;
}

async function auditRecipientsView(ctx: SignedInContext, noticeId: string | null, total: number) {
  await recordAudit(ctx.db, {
    ...actorOf(ctx),
    action: 'view.notice_recipients',
    details: { notice_id: noticeId, recipients: total },
  });
}

async function requireNotice(db: Db, noticeId: string): Promise<void> {
  const found = await db
    .selectFrom('notices')
    .select('id')
    .where('id', '=', noticeId)
    .executeTakeFirst();
  if (!found) throw new AppError('not_found', NOT_FOUND);
}

/** Whom a saved notice reaches now (as if it were showing), with the first 20 names. */
export async function noticeRecipients(
  ctx: SignedInContext,
  noticeId: string,
): Promise<RecipientsView> {
  await requireNotice(ctx.db, noticeId);
  const view = await recipientsView(ctx.db, noticeId, ctx.now());
  await auditRecipientsView(ctx, noticeId, view.counts.total);
  return view;
}

export interface PublishedNotice {
  id: string;
  status: NoticeStatus;
  publishAt: Date;
  emailsQueued: number | null;
}

/**
 * Publishes a draft or scheduled notice now, or schedules it for a later wall-clock time. Going
 * live with email on queues the parents' emails in the same transaction; a scheduled notice is
 * emailed by the `jobs.noticeEmails` job once its time has come.
 */
export async function publishNotice(
  ctx: SignedInContext,
  input: { noticeId: string; publishAt?: string | undefined },
): Promise<PublishedNotice> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const notice = await lockNotice(trx, input.noticeId);
    const status = noticeStatus(notice.publish_at, notice.expires_at, now);
    if (status === 'live' || status === 'expired') {
      throw new AppError('conflict', 'This notice has already been published.');
    }
    let at = now;
    if (input.publishAt) {
      const instant = schoolTimeToInstant(input.publishAt, await timeZoneOf(trx));
      const problem = !instant
        ? 'Enter the publish time as a real date and time.'
        : instant <= now
          ? 'Choose a time in the future, or publish the notice now.'
          : null;
      if (problem || !instant) refuse({ publishAt: [problem ?? ''] });
      at = instant;
    }
    if (notice.expires_at && notice.expires_at <= at) {
      refuse({
        expiresAt: [
          'The notice would expire before it is published. Change its expiry first, then publish it.',
        ],
      });
    }
    await trx
      .updateTable('notices')
      .set({ publish_at: at, updated_at: now })
      .where('id', '=', notice.id)
      .execute();
    const emailsQueued = await queueNoticeEmails(trx, notice.id, {
      now,
      portalUrl: ctx.portalUrl,
      actorUserId: ctx.user.id,
    });
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'notice.published',
      details: { notice_id: notice.id, publish_at: at.toISOString(), emails_queued: emailsQueued },
    });
    return {
      id: notice.id,
      status: noticeStatus(at, notice.expires_at, now),
      publishAt: at,
      emailsQueued,
    };
  });
}

/**
 * Takes a notice down. A scheduled notice, which nobody has seen, goes back to being a draft. A
 * live one is withdrawn: it expires now, so it disappears for everyone at once while the record of
 * what was shown, from when to when, and who read it stays (a published notice is never turned
 * back into an editable draft or deleted). Emails already queued are not recalled.
 */
export async function unpublishNotice(
  ctx: SignedInContext,
  noticeId: string,
): Promise<{ id: string; status: NoticeStatus }> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const notice = await lockNotice(trx, noticeId);
    const status = noticeStatus(notice.publish_at, notice.expires_at, now);
    if (status === 'draft') {
      throw new AppError('conflict', 'This notice is a draft, so it is not published.');
    }
    if (status === 'expired') {
      throw new AppError('conflict', 'This notice has already expired, so nobody sees it now.');
    }
    // Live since this very instant: nobody can have read it, so it is a draft again.
    const toDraft = status === 'scheduled' || notice.publish_at?.getTime() === now.getTime();
    await trx
      .updateTable('notices')
      .set(toDraft ? { publish_at: null, updated_at: now } : { expires_at: now, updated_at: now })
      .where('id', '=', notice.id)
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: toDraft ? 'notice.unpublished' : 'notice.withdrawn',
      details: { notice_id: notice.id, was: status },
    });
    return { id: notice.id, status: toDraft ? ('draft' as const) : ('expired' as const) };
  });
}

/** Deletes a draft. Anything that has been scheduled or published is kept: withdraw it instead. */
export async function deleteNotice(
  ctx: SignedInContext,
  noticeId: string,
): Promise<{ id: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    const notice = await lockNotice(trx, noticeId);
    if (notice.publish_at !== null) {
      throw new AppError(
        'conflict',
        'Only a draft can be deleted. A scheduled notice can be taken back to a draft first; a published one can be withdrawn.',
      );
    }
    const { title } = await trx
      .deleteFrom('notices')
      .where('id', '=', notice.id)
      .returning('title')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'notice.deleted',
      details: { notice_id: notice.id, title },
    });
    return { id: notice.id };
  });
}

/** The scopes of `notices as n`, with each teaching group's code and subject. */
function scopesOf(eb: NoticesEb) {
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

function scopeLabels(rows: readonly ScopeRow[]): NoticeScope[] {
  return rows.map((row) => ({
    yearGroup: row.year_group,
    form: row.form,
    group: row.code && row.subject ? { code: row.code, subject: row.subject } : null,
  }));
}

function addressees(row: {
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

function authorName(eb: NoticesEb) {
  return eb
    .selectFrom('users as au')
    .innerJoin('staff as st', 'st.id', 'au.staff_id')
    .select(sql<string>`concat_ws(' ', st.title, st.forename, st.surname)`.as('name'))
    .whereRef('au.id', '=', 'n.author_user_id');
}

function readCount(eb: NoticesEb) {
  return eb
    .selectFrom('notice_reads as r')
    .select((sub) => sub.fn.countAll<string>().as('n'))
    .whereRef('r.notice_id', '=', 'n.id');
}

/** When the parents' emails for `notices as n` were queued, and how many; null if never. */
function emailedEntry(eb: NoticesEb) {
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

export interface NoticeChoices {
  yearGroups: number[];
  forms: string[];
  groups: { id: string; code: string; subject: string; yearGroup: number | null }[];
  timeZone: string;
}

/**
 * What a notice can be narrowed to: the year groups and forms with students on roll, and every
 * teaching group, by year. `keep` adds a notice's own choices, even if nobody is in them now.
 */
export async function noticeChoices(
  db: Db,
  now: Date,
  keep: { yearGroups: number[]; forms: string[] } = { yearGroups: [], forms: [] },
): Promise<NoticeChoices> {
  const [classes, groups, settings] = await Promise.all([
    db
      .selectFrom('students as s')
      .select(['s.year_group', 's.form'])
      .distinct()
      .where((eb) => onRoll(eb, now))
      .execute(),
    db
      .selectFrom('teaching_groups')
      .select(['id', 'code', 'subject', 'year_group'])
      .orderBy('year_group')
      .orderBy('subject')
      .orderBy('code')
      .execute(),
    loadSettings(db),
  ]);
  const yearGroups = unique([...classes.map((c) => c.year_group), ...keep.yearGroups]).sort(
    (a, b) => a - b,
  );
  const forms = unique([...classes.map((c) => c.form), ...keep.forms]).sort((a, b) =>
    a.localeCompare(b, 'en-GB', { numeric: true }),
  );
  return {
    yearGroups,
    forms,
    groups: groups.map((g) => ({
      id: g.id,
      code: g.code,
      subject: g.subject,
      yearGroup: g.year_group,
    })),
    timeZone: settings.time_zone,
  };
}

/** The choices for a new notice's form. */
export async function newNoticeForm(ctx: SignedInContext) {
  return { choices: await noticeChoices(ctx.db, ctx.now()) };
}

/**
 * One notice for editing, with everything its page shows: the fields as the form takes them
 * (times as the school's wall-clock), its body rendered, its status and audience, whether its
 * parents' emails have gone, who it reaches (audited, as it names people) and the choices.
 */
export async function getAdminNotice(ctx: SignedInContext, noticeId: string) {
  const now = ctx.now();
  const row = await ctx.db
    .selectFrom('notices as n')
    .where('n.id', '=', noticeId)
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
      'n.email_parents',
      'n.attachment_name',
      'n.attachment_type',
      'n.created_at',
      'n.updated_at',
      sql<number | null>`octet_length(n.attachment_data)`.as('attachment_size'),
      scopesOf(eb).as('scopes'),
      authorName(eb).as('author_name'),
      readCount(eb).as('read_count'),
      emailedEntry(eb).as('emailed'),
    ])
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', NOT_FOUND);

  const yearGroups = row.scopes.flatMap((s) => (s.year_group === null ? [] : [s.year_group]));
  const forms = row.scopes.flatMap((s) => (s.form === null ? [] : [s.form]));
  const choices = await noticeChoices(ctx.db, now, { yearGroups, forms });
  const recipients = await recipientsView(ctx.db, noticeId, now);
  await auditRecipientsView(ctx, noticeId, recipients.counts.total);
  const status = noticeStatus(row.publish_at, row.expires_at, now);
  const local = (at: Date | null) => (at ? instantToSchoolTime(at, choices.timeZone) : null);
  return {
    notice: {
      id: row.id,
      title: row.title,
      bodyMarkdown: row.body_markdown,
      html: renderMarkdown(row.body_markdown),
      ...addressees(row),
      scopes: {
        yearGroups,
        forms,
        groupIds: row.scopes.flatMap((s) => (s.group_id === null ? [] : [s.group_id])),
      },
      audience: describeAudience(addressees(row), scopeLabels(row.scopes)),
      status,
      statusLabel: NOTICE_STATUS_LABELS[status],
      publishAt: row.publish_at,
      expiresAt: row.expires_at,
      publishAtLocal: local(row.publish_at),
      expiresAtLocal: local(row.expires_at),
      emailParents: row.email_parents,
      emailed: row.emailed
        ? { at: new Date(row.emailed.at), count: Number(row.emailed.count ?? 0) }
        : null,
      attachment:
        row.attachment_name !== null
          ? {
              fileName: row.attachment_name,
              contentType: row.attachment_type ?? 'application/octet-stream',
              size: Number(row.attachment_size ?? 0),
            }
          : null,
      authorName: row.author_name,
      readCount: Number(row.read_count ?? 0),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
    recipients,
    choices,
  };
}

/** A notice's attachment for the staff who write notices, whatever its status. */
export async function adminNoticeAttachment(ctx: SignedInContext, noticeId: string) {
  const row = await ctx.db
    .selectFrom('notices')
    .select(['attachment_name', 'attachment_type', 'attachment_data'])
    .where('id', '=', noticeId)
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
