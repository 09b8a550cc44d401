import { sql } from 'kysely';
import { loadSettings } from '@schoolgate/db';
import { AppError, type SignedInContext } from '../core';
import { renderMarkdown } from '../documents';
import { describeAudience } from './audience';
import { instantToSchoolTime, NOTICE_STATUS_LABELS, noticeStatus } from './publishing-rules';
import { onRoll } from '../access';
import {
  addressees,
  authorName,
  emailedEntry,
  readCount,
  scopeLabels,
  scopesOf,
} from './admin-list';
import { type Db, NOT_FOUND, unique } from './draft-checks';
import { auditRecipientsView, recipientsView } from './recipients-preview';

// What the notice editor needs: the audience choices and one notice with its scopes.

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
