import type { Database } from '@schoolgate/db';
import { TEST_NOW } from './factories';

const DAY = 24 * 60 * 60 * 1000;

/** A moment `days` days before (negative: after) the tests' clock. */
export const daysAgo = (days: number) => new Date(TEST_NOW.getTime() - days * DAY);

/** A tiny but real PDF, for attachments and documents. */
export const SMALL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export type NoticeScopeInput = { yearGroup: number } | { form: string } | { groupId: string };

export interface NoticeInput {
  title: string;
  body?: string;
  forParents?: boolean;
  forStudents?: boolean;
  forStaff?: boolean;
  forGovernors?: boolean;
  scopes?: NoticeScopeInput[];
  /** Null for a draft; a day before the tests' clock unless given. */
  publishAt?: Date | null;
  expiresAt?: Date | null;
  authorUserId?: string | null;
  attachment?: { name: string; type: string; data: Buffer };
}

/** A notice with its scopes; published a day ago and never expiring unless told otherwise. */
export async function newNotice(db: Database, input: NoticeInput): Promise<string> {
  const row = await db
    .insertInto('notices')
    .values({
      title: input.title,
      body_markdown: input.body ?? `About ${input.title}.`,
      author_user_id: input.authorUserId ?? null,
      for_parents: input.forParents ?? false,
      for_students: input.forStudents ?? false,
      for_staff: input.forStaff ?? false,
      for_governors: input.forGovernors ?? false,
      publish_at: input.publishAt === undefined ? daysAgo(1) : input.publishAt,
      expires_at: input.expiresAt ?? null,
      attachment_name: input.attachment?.name ?? null,
      attachment_type: input.attachment?.type ?? null,
      attachment_data: input.attachment?.data ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.scopes?.length) {
    await db
      .insertInto('notice_scopes')
      .values(
        input.scopes.map((scope) => ({
          notice_id: row.id,
          year_group: 'yearGroup' in scope ? scope.yearGroup : null,
          form: 'form' in scope ? scope.form : null,
          group_id: 'groupId' in scope ? scope.groupId : null,
        })),
      )
      .execute();
  }
  return row.id;
}

let groupCounter = 0;

/** A teaching group taught by `teacherStaffId` (or nobody), with `studentIds` in it. */
export async function newTeachingGroup(
  db: Database,
  options: { subject?: string; yearGroup?: number; teacherStaffId?: string; studentIds?: string[] },
): Promise<string> {
  const subject = options.subject ?? 'Mathematics';
  const row = await db
    .insertInto('teaching_groups')
    .values({
      code: `${options.yearGroup ?? 9}${subject.slice(0, 2)}${++groupCounter}-${Date.now().toString(36)}`,
      subject,
      year_group: options.yearGroup ?? 9,
      teacher_staff_id: options.teacherStaffId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (options.studentIds?.length) {
    await db
      .insertInto('teaching_group_members')
      .values(options.studentIds.map((studentId) => ({ group_id: row.id, student_id: studentId })))
      .execute();
  }
  return row.id;
}

export interface InfoPageInput {
  slug: string;
  title?: string;
  summary?: string | null;
  body?: string;
  forParents?: boolean;
  forStudents?: boolean;
  forStaff?: boolean;
  forGovernors?: boolean;
  sortOrder?: number;
}

/** An information page; for every audience unless told otherwise, as the schema's defaults are. */
export async function newInfoPage(db: Database, input: InfoPageInput): Promise<string> {
  const row = await db
    .insertInto('info_pages')
    .values({
      slug: input.slug,
      title: input.title ?? input.slug,
      summary: input.summary === undefined ? `All about ${input.slug}.` : input.summary,
      body_markdown: input.body ?? `Information about ${input.slug}.`,
      for_parents: input.forParents ?? true,
      for_students: input.forStudents ?? true,
      for_staff: input.forStaff ?? true,
      for_governors: input.forGovernors ?? true,
      sort_order: input.sortOrder ?? 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A document on an information page. */
export async function newInfoDocument(
  db: Database,
  pageId: string,
  input: { title: string; fileName?: string; contentType?: string; data?: Buffer },
): Promise<string> {
  const row = await db
    .insertInto('info_documents')
    .values({
      page_id: pageId,
      title: input.title,
      file_name: input.fileName ?? 'document.pdf',
      content_type: input.contentType ?? 'application/pdf',
      data: input.data ?? SMALL_PDF,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An active safeguarding hold on `studentId`, as a DSL would place it. */
export async function placeHold(
  db: Database,
  studentId: string,
  placedByUserId: string,
  scope: 'all_access' | 'this_student_only' = 'this_student_only',
): Promise<void> {
  await db
    .insertInto('safeguarding_holds')
    .values({
      student_id: studentId,
      reason: 'Concern under investigation',
      scope,
      scope_reason: scope === 'this_student_only' ? 'Other children unaffected' : null,
      placed_by_user_id: placedByUserId,
      placed_at: daysAgo(2),
    })
    .execute();
}
