import { type ExpressionBuilder, type Kysely } from 'kysely';
import { loadSettings, type DB } from '@schoolgate/db';
import { AppError } from '../core';
import { type NoticeScope } from './audience';
import { checkAttachment, instantToSchoolTime, schoolTimeToInstant } from './publishing-rules';

// What office staff write into a notice, and the checks it must pass before it is saved.

export type Db = Kysely<DB>;
export type NoticesEb = ExpressionBuilder<DB & { n: DB['notices'] }, 'n'>;

export const NOT_FOUND = 'We could not find that notice.';
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
  /** The rendered form's key: the same form sent again saves once. */
  submissionKey?: string | undefined;
}

export type Problems = Record<string, string[]>;

export function refuse(problems: Problems): never {
  const first = Object.values(problems).flat()[0] ?? 'Please check your answers.';
  throw new AppError('bad_input', first, { fieldErrors: problems });
}

export const unique = <T>(items: readonly T[]) => [...new Set(items)];

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
export async function checkDraft(db: Db, input: NoticeDraftInput, problems: Problems) {
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
export async function timeZoneOf(db: Db): Promise<string> {
  return (await loadSettings(db)).time_zone;
}

/**
 * The expiry as an instant. An unchanged expiry (the same wall-clock minute as saved) is kept as
 * it was; a new one must be in the future. Whether it comes after the publish time is checked
 * once that is known.
 */
export function readExpiry(
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

export function readPublishAt(
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

export function readAttachment(input: SaveNoticeInput, problems: Problems) {
  if (!input.attachment) return input.removeAttachment ? ('remove' as const) : ('keep' as const);
  const bytes = Buffer.from(input.attachment.base64, 'base64');
  const checked = checkAttachment(input.attachment.name, bytes);
  if (!checked.ok) {
    problems.attachment = [checked.message];
    return 'keep' as const;
  }
  return { name: checked.fileName, type: checked.contentType, data: bytes };
}

export async function lockNotice(trx: Db, noticeId: string): Promise<ExistingNotice> {
  const row = await trx
    .selectFrom('notices')
    .select(['id', 'publish_at', 'expires_at'])
    .where('id', '=', noticeId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', NOT_FOUND);
  return row;
}
