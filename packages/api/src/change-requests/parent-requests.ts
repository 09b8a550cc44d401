import { sql, type Insertable, type Kysely } from 'kysely';
import { recordAudit, type DB } from '@schoolgate/db';
import { AppError, submitOnce } from '../core';
import {
  MAX_OPEN_REQUESTS,
  OPEN_STATUSES,
  RECORD_TYPE_LABELS,
  isOpen,
  normalisePhone,
  normalisePostcode,
  proposedFields,
  requestTitle,
  statusLabel,
  type DetailType,
  type Proposed,
  type RecordType,
} from './rules';
import { canSeeStudent, requireStudentAccess, studentDisplayName, studentView } from '../access';
import { describeStudentRecord } from './records';
import type { SignedInContext } from '../core';

export interface RecordRef {
  studentId: string;
  recordType: RecordType;
  recordId: string;
}

/** What the "Tell us about a change" form sends, once the router has checked it. */
export interface ChangeOfDetailsInput {
  detailType: DetailType;
  message?: string | undefined;
  line1?: string | undefined;
  line2?: string | undefined;
  town?: string | undefined;
  postcode?: string | undefined;
  mobile?: string | undefined;
  home?: string | undefined;
  work?: string | undefined;
  email?: string | undefined;
  studentId?: string | undefined;
  /** The rendered form's key: the same form sent again files one request. */
  submissionKey?: string | undefined;
}

const RECORD_NOT_FOUND = 'We could not find that record.';
const REQUEST_NOT_FOUND = 'We could not find that request.';

/** Change requests are a parent's, made for their own contact record. */
function contactOf(ctx: SignedInContext): string {
  if (!ctx.user.contactId) {
    throw new AppError('forbidden', 'Only parents and carers can send the school changes.');
  }
  return ctx.user.contactId;
}

/**
 * A record described for the "Report a problem" form, checked as every read of a student's data
 * is: the student must be visible to this user (one audit entry for the view), and the record must
 * be that student's. Anything else is "not found".
 */
export async function describeRecord(ctx: SignedInContext, ref: RecordRef) {
  return studentView(ctx, ref.studentId, 'change_request_record', async () => {
    const record = await describeStudentRecord(
      ctx.db,
      ref.studentId,
      ref.recordType,
      ref.recordId,
      ctx.now(),
    );
    if (!record) throw new AppError('not_found', RECORD_NOT_FOUND);
    return {
      record: {
        type: ref.recordType,
        id: ref.recordId,
        typeLabel: RECORD_TYPE_LABELS[ref.recordType],
        summary: record.summary,
        updatedAt: record.updatedAt,
      },
    };
  });
}

/**
 * Refuses a new request while the parent has too many waiting. The parent's requests are filed one
 * at a time (a lock held to the end of the transaction), so requests sent together each count the
 * ones before them: a count without the lock lets every one of them see room for itself.
 */
async function refuseIfTooMany(db: Kysely<DB>, userId: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`schoolgate.change-requests:${userId}`}))`.execute(
    db,
  );
  const open = await db
    .selectFrom('change_requests')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('requester_user_id', '=', userId)
    .where('status', 'in', OPEN_STATUSES)
    .executeTakeFirstOrThrow();
  if (Number(open.n) >= MAX_OPEN_REQUESTS) {
    throw new AppError(
      'conflict',
      `You have ${MAX_OPEN_REQUESTS} requests waiting for the school. Please wait for replies before sending more, or contact the school directly.`,
    );
  }
}

/** A new request's own columns: who sends it, its status and its times are filled in here. */
type NewRequest = Omit<
  Insertable<DB['change_requests']>,
  'id' | 'requester_user_id' | 'status' | 'created_at' | 'updated_at'
> & { kind: 'record_error' | 'change_of_details' };

/**
 * Files a parent's request inside the caller's transaction: refused while they have too many
 * waiting, otherwise stored as submitted with its audit entry (`details` adds to the entry).
 */
async function submitRequest(
  trx: Kysely<DB>,
  ctx: SignedInContext,
  now: Date,
  request: NewRequest,
  details: Record<string, string>,
) {
  await refuseIfTooMany(trx, ctx.user.id);
  const created = await trx
    .insertInto('change_requests')
    .values({
      ...request,
      requester_user_id: ctx.user.id,
      status: 'submitted',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    at: now,
    action: 'change_request.created',
    actorUserId: ctx.user.id,
    studentId: request.student_id ?? null,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: { request_id: created.id, kind: request.kind, ...details },
  });
  return { requestId: created.id, status: 'submitted' as const };
}

/** P7: "Report a problem with this" on a record; the summary is written here, not by the browser. */
export async function reportError(
  ctx: SignedInContext,
  input: RecordRef & { message: string; submissionKey?: string | undefined },
) {
  const contactId = contactOf(ctx);
  const now = ctx.now();
  const submission = { purpose: 'change_request.report_error', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      await requireStudentAccess({ ...ctx, db: trx }, [input.studentId]);
      const record = await describeStudentRecord(
        trx,
        input.studentId,
        input.recordType,
        input.recordId,
        now,
      );
      if (!record) throw new AppError('not_found', RECORD_NOT_FOUND);
      return submitRequest(
        trx,
        ctx,
        now,
        {
          contact_id: contactId,
          student_id: input.studentId,
          kind: 'record_error',
          record_type: input.recordType,
          record_id: input.recordId,
          record_summary: record.summary,
          message: input.message,
        },
        { record_type: input.recordType, record_id: input.recordId },
      );
    }),
  );
}

/** The structured change the router has already checked, in the form it is stored and applied. */
function proposalOf(input: ChangeOfDetailsInput): Proposed | null {
  switch (input.detailType) {
    case 'address':
      return {
        line1: input.line1 ?? '',
        line2: input.line2 ?? null,
        town: input.town ?? '',
        postcode: normalisePostcode(input.postcode ?? '') ?? '',
      };
    case 'phone': {
      const phones: Record<string, string> = {};
      for (const key of ['mobile', 'home', 'work'] as const) {
        const value = input[key] ? normalisePhone(input[key]) : null;
        if (value) phones[key] = value;
      }
      return phones;
    }
    case 'email':
      return { email: (input.email ?? '').trim() };
    default:
      return null;
  }
}

/** P7: "Tell us about a change" to the parent's own details, or medical or other news. */
export async function reportChange(ctx: SignedInContext, input: ChangeOfDetailsInput) {
  const contactId = contactOf(ctx);
  const now = ctx.now();
  const proposed = proposalOf(input);
  const studentId =
    input.detailType === 'medical' || input.detailType === 'other'
      ? (input.studentId ?? null)
      : null;
  // A new address, phone number or email speaks for itself: no words are put in the parent's
  // mouth ("Please update my phone numbers." showed as "Your message" though never written).
  const message = input.message ?? '';
  if (!message && !proposed) {
    throw new AppError('bad_input', 'Please tell us what has changed.', {
      fieldErrors: { message: ['Tell us what has changed.'] },
    });
  }
  const submission = { purpose: 'change_request.report_change', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      if (studentId) await requireStudentAccess({ ...ctx, db: trx }, [studentId]);
      return submitRequest(
        trx,
        ctx,
        now,
        {
          contact_id: contactId,
          student_id: studentId,
          kind: 'change_of_details',
          detail_type: input.detailType,
          proposed: proposed ? JSON.stringify(proposed) : null,
          message,
        },
        { detail_type: input.detailType },
      );
    }),
  );
}

/** The columns every view of a request reads, with the student's name when there is one. */
function requestQuery(db: Kysely<DB>) {
  return db
    .selectFrom('change_requests as r')
    .leftJoin('students as s', 's.id', 'r.student_id')
    .select([
      'r.id',
      'r.kind',
      'r.record_type',
      'r.record_id',
      'r.record_summary',
      'r.detail_type',
      'r.proposed',
      'r.message',
      'r.status',
      'r.staff_reply',
      'r.handled_at',
      'r.created_at',
      'r.updated_at',
      'r.student_id',
      'r.contact_id',
      'r.requester_user_id',
      'r.handled_by_user_id',
      's.forename as student_forename',
      's.preferred_name as student_preferred_name',
      's.surname as student_surname',
    ]);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestQuery>['executeTakeFirstOrThrow']>>;

export function studentNameOf(row: {
  student_forename: string | null;
  student_preferred_name: string | null;
  student_surname: string | null;
}): string | null {
  if (!row.student_forename || !row.student_surname) return null;
  return studentDisplayName({
    forename: row.student_forename,
    preferred_name: row.student_preferred_name,
    surname: row.student_surname,
  });
}

/** What was asked, in the parent's words and the school's: shared by the parent's and staff views. */
export function requestBody(row: RequestRow) {
  return {
    id: row.id,
    kind: row.kind as 'record_error' | 'change_of_details',
    title: requestTitle(row),
    recordType: row.record_type as RecordType | null,
    recordSummary: row.record_summary,
    detailType: row.detail_type as DetailType | null,
    proposed: proposedFields(row.detail_type, row.proposed).map(({ label, value }) => ({
      label,
      value,
    })),
    message: row.message,
    status: row.status,
    statusLabel: statusLabel(row.status),
    open: isOpen(row.status),
    staffReply: row.staff_reply,
    studentName: studentNameOf(row),
    createdAt: row.created_at,
    handledAt: row.handled_at,
    updatedAt: row.updated_at,
  };
}

/** What has happened to a request, oldest first, as the parent follows it. */
function timelineOf(row: RequestRow) {
  const events: { label: string; at: Date; text: string | null }[] = [
    { label: 'Sent to the school', at: row.created_at, text: null },
  ];
  if (row.status === 'in_progress') {
    events.push({ label: 'The school replied', at: row.updated_at, text: row.staff_reply });
  } else if (row.status === 'accepted' || row.status === 'rejected') {
    events.push({
      label: row.status === 'accepted' ? 'Accepted by the school' : 'Rejected by the school',
      at: row.handled_at ?? row.updated_at,
      text: row.staff_reply,
    });
  }
  return events;
}

/** The parent's own requests, newest first. */
export async function myRequests(ctx: SignedInContext) {
  const rows = await requestQuery(ctx.db)
    .where('r.requester_user_id', '=', ctx.user.id)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .limit(200)
    .execute();
  return rows.map((row) => {
    const body = requestBody(row);
    return {
      id: body.id,
      kind: body.kind,
      title: body.title,
      summary: body.recordSummary,
      studentName: body.studentName,
      status: body.status,
      statusLabel: body.statusLabel,
      staffReply: body.staffReply,
      createdAt: body.createdAt,
      handledAt: body.handledAt,
      updatedAt: body.updatedAt,
    };
  });
}

/** One of the parent's own requests; anyone else's is "not found", as a missing one is. */
export async function myRequest(ctx: SignedInContext, requestId: string) {
  const row = await requestQuery(ctx.db)
    .where('r.id', '=', requestId)
    .where('r.requester_user_id', '=', ctx.user.id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', REQUEST_NOT_FOUND);
  return { ...requestBody(row), timeline: timelineOf(row) };
}

/** For the "Tell us about a change" form: the details the school holds now, and the children. */
export async function myDetails(ctx: SignedInContext) {
  const contactId = contactOf(ctx);
  const now = ctx.now();
  const [contact, children] = await Promise.all([
    ctx.db
      .selectFrom('contacts')
      .select([
        'address_line1',
        'address_line2',
        'town',
        'postcode',
        'phone_mobile',
        'phone_home',
        'phone_work',
        'email',
        'updated_at',
      ])
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('students as s')
      .select(['s.id', 's.forename', 's.preferred_name', 's.surname'])
      .where((eb) => canSeeStudent(eb, ctx.user, now))
      .orderBy('s.year_group', 'desc')
      .orderBy('s.forename')
      .execute(),
  ]);
  return {
    contact: {
      address: [contact.address_line1, contact.address_line2, contact.town, contact.postcode]
        .filter(Boolean)
        .join(', '),
      phoneMobile: contact.phone_mobile,
      phoneHome: contact.phone_home,
      phoneWork: contact.phone_work,
      email: contact.email,
      updatedAt: contact.updated_at,
    },
    children: children.map((c) => ({
      id: c.id,
      displayName: studentDisplayName(c),
    })),
  };
}

export { requestQuery, type RequestRow };
