import type { Transaction } from 'kysely';
import { loadSettings, recordAudit, type DB } from '@schoolgate/db';
import { enqueueEmail } from '@schoolgate/email';
import { AppError, actorOf, submitOnce, type SignedInContext } from '../core';
import {
  OPEN_STATUSES,
  isAppliedDetail,
  isOpen,
  proposedFields,
  requestTitle,
  statusLabel,
  type RecordType,
  type RequestStatus,
} from './rules';
import { applyProposedChange, currentContactValues } from './apply';
import { accountEmailChangedEmail, requestUpdateEmail, type RequestUpdate } from './emails';
import { describeStudentRecord } from './records';
import { requestBody, requestQuery, studentNameOf, type RequestRow } from './parent-requests';
import { schoolIdentity } from '../email';

export const QUEUE_FILTERS = [
  'open',
  'submitted',
  'in_progress',
  'accepted',
  'rejected',
  'all',
] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export const QUEUE_PAGE_SIZE = 25;

const DAY_MS = 24 * 60 * 60 * 1000;
const REQUEST_NOT_FOUND = 'We could not find that request.';
const CLOSED =
  'This request has already been closed (accepted or rejected), so it cannot be changed. The parent can send a new one.';

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The staff queue: open requests oldest first (the longest waiting at the top), closed ones
 * most recently decided first; 25 a page.
 */
export async function listRequests(
  ctx: SignedInContext,
  options: { status?: QueueFilter | undefined; page?: number | undefined },
) {
  const filter = options.status ?? 'open';
  const page = options.page ?? 1;
  const statuses: readonly RequestStatus[] | null =
    filter === 'all' ? null : filter === 'open' ? OPEN_STATUSES : [filter];
  const base = ctx.db
    .selectFrom('change_requests as r')
    .$if(statuses !== null, (q) => q.where('r.status', 'in', statuses ?? []));
  const oldestFirst = statuses !== null && statuses.every((s) => isOpen(s));
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    base
      .innerJoin('users as u', 'u.id', 'r.requester_user_id')
      .leftJoin('contacts as c', 'c.id', 'r.contact_id')
      .leftJoin('students as s', 's.id', 'r.student_id')
      .select([
        'r.id',
        'r.kind',
        'r.record_type',
        'r.record_summary',
        'r.detail_type',
        'r.proposed',
        'r.message',
        'r.status',
        'r.created_at',
        'r.handled_at',
        'r.updated_at',
        'u.username',
        'c.forename as contact_forename',
        'c.surname as contact_surname',
        's.forename as student_forename',
        's.preferred_name as student_preferred_name',
        's.surname as student_surname',
      ])
      .$if(oldestFirst, (q) => q.orderBy('r.created_at', 'asc'))
      .$if(!oldestFirst, (q) =>
        q.orderBy((eb) => eb.fn.coalesce('r.handled_at', 'r.created_at'), 'desc'),
      )
      .orderBy('r.id')
      .limit(QUEUE_PAGE_SIZE)
      .offset((page - 1) * QUEUE_PAGE_SIZE)
      .execute(),
  ]);
  const now = ctx.now().getTime();
  const total = Number(count.n);
  return {
    filter,
    page,
    pageSize: QUEUE_PAGE_SIZE,
    total,
    pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)),
    requests: rows.map((row) => {
      const proposed = proposedFields(row.detail_type, row.proposed)
        .map((f) => f.value)
        .filter(Boolean)
        .join(', ');
      return {
        id: row.id,
        title: requestTitle(row),
        summary: row.record_summary ?? (proposed || shorten(row.message, 120)),
        requesterName: row.contact_forename
          ? `${row.contact_forename} ${row.contact_surname}`
          : row.username,
        studentName: studentNameOf(row),
        kind: row.kind as 'record_error' | 'change_of_details',
        status: row.status,
        statusLabel: statusLabel(row.status),
        createdAt: row.created_at,
        ageDays: Math.max(0, Math.floor((now - row.created_at.getTime()) / DAY_MS)),
        handledAt: row.handled_at,
        updatedAt: row.updated_at,
      };
    }),
  };
}

/**
 * One request in full for staff: who sent it, about which student, the record as the parent saw
 * it and as it stands now, or the contact's current details next to the proposed ones.
 */
export async function requestForStaff(ctx: SignedInContext, requestId: string) {
  const { db } = ctx;
  const row = await requestQuery(db).where('r.id', '=', requestId).executeTakeFirst();
  if (!row) throw new AppError('not_found', REQUEST_NOT_FOUND);
  const [requester, handler, contact, currentRecord] = await Promise.all([
    db
      .selectFrom('users as u')
      .leftJoin('contacts as c', 'c.id', 'u.contact_id')
      .select(['u.id', 'u.username', 'u.email', 'c.forename', 'c.surname'])
      .where('u.id', '=', row.requester_user_id)
      .executeTakeFirstOrThrow(),
    row.handled_by_user_id
      ? db
          .selectFrom('users as u')
          .leftJoin('staff as st', 'st.id', 'u.staff_id')
          .select(['u.username', 'st.forename', 'st.surname'])
          .where('u.id', '=', row.handled_by_user_id)
          .executeTakeFirst()
      : undefined,
    row.contact_id ? currentContactValues(db, row.contact_id) : undefined,
    row.kind === 'record_error' && row.student_id && row.record_type && row.record_id
      ? describeStudentRecord(
          db,
          row.student_id,
          row.record_type as RecordType,
          row.record_id,
          ctx.now(),
        )
      : null,
  ]);
  const student = row.student_id
    ? await db
        .selectFrom('students')
        .select(['id', 'year_group', 'form'])
        .where('id', '=', row.student_id)
        .executeTakeFirst()
    : undefined;
  const account =
    row.detail_type === 'email' && row.contact_id
      ? await db
          .selectFrom('users')
          .select(['username', 'email'])
          .where('contact_id', '=', row.contact_id)
          .executeTakeFirst()
      : undefined;

  const applies = row.kind === 'change_of_details' && isAppliedDetail(row.detail_type);
  const comparison = applies
    ? proposedFields(row.detail_type, row.proposed).map((f) => ({
        label: f.label,
        current: contact ? (contact[f.field] ?? null) : null,
        proposed: f.value,
      }))
    : [];

  await recordAudit(db, {
    ...actorOf(ctx),
    action: 'view.change_request',
    studentId: row.student_id,
    details: { request_id: row.id },
  });

  const body = requestBody(row);
  return {
    ...body,
    requester: {
      userId: requester.id,
      name: requester.forename ? `${requester.forename} ${requester.surname}` : requester.username,
      username: requester.username,
      email: requester.email,
      contactId: row.contact_id,
    },
    student: student
      ? {
          id: student.id,
          name: body.studentName ?? '',
          yearGroup: student.year_group,
          form: student.form,
        }
      : null,
    record:
      row.kind === 'record_error'
        ? {
            summaryWhenReported: row.record_summary,
            summaryNow: currentRecord?.summary ?? null,
            updatedAt: currentRecord?.updatedAt ?? null,
          }
        : null,
    appliesToContact: applies,
    comparison,
    contactUpdatedAt: contact?.updated_at ?? null,
    account: account ?? null,
    handledBy: handler
      ? handler.forename
        ? `${handler.forename} ${handler.surname}`
        : handler.username
      : null,
  };
}

/** The request, locked for this transaction, if it is still open; "closed" or "not found" if not. */
async function openRequest(trx: Transaction<DB>, requestId: string): Promise<RequestRow> {
  const row = await requestQuery(trx)
    .where('r.id', '=', requestId)
    .forUpdate('r')
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', REQUEST_NOT_FOUND);
  if (!isOpen(row.status)) throw new AppError('conflict', CLOSED);
  return row;
}

/** Tells the parent, by email, that their request moved on; the details stay in the portal. */
async function notifyRequester(
  trx: Transaction<DB>,
  ctx: SignedInContext,
  row: RequestRow,
  update: RequestUpdate,
) {
  const requester = await trx
    .selectFrom('users as u')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .select(['u.email', 'u.status', 'u.username', 'c.forename', 'c.surname'])
    .where('u.id', '=', row.requester_user_id)
    .executeTakeFirst();
  if (!requester || requester.status !== 'active') return;
  const settings = await loadSettings(trx);
  const name = requester.forename
    ? `${requester.forename} ${requester.surname}`
    : requester.username;
  const link = ctx.portalUrl ? `${ctx.portalUrl}/requests/${row.id}` : null;
  await enqueueEmail(
    trx,
    {
      ...requestUpdateEmail(schoolIdentity(settings), name, update, requestBody(row).title, link),
      to: requester.email,
      kind: 'change_request_update',
    },
    ctx.now(),
  );
}

/** What the office's reply and decision forms send, with the rendered form's key. */
export interface OfficeAnswer {
  requestId: string;
  reply: string;
  submissionKey?: string | undefined;
}

/**
 * A reply to the parent: the request shows as "In progress" with the school's words. The same
 * form sent twice replies (and emails the parent) once.
 */
export async function replyToRequest(ctx: SignedInContext, input: OfficeAnswer) {
  const { requestId, reply } = input;
  const now = ctx.now();
  const submission = { purpose: 'change_request.reply', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const row = await openRequest(trx, requestId);
      await trx
        .updateTable('change_requests')
        .set({ staff_reply: reply, status: 'in_progress', updated_at: now })
        .where('id', '=', requestId)
        .execute();
      await notifyRequester(trx, ctx, row, 'replied');
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'change_request.replied',
        studentId: row.student_id,
        details: { request_id: requestId },
      });
      return { status: 'in_progress' as const, message: 'Your reply has been sent to the parent.' };
    }),
  );
}

/** Rejected, always with a reply saying why; the same form sent twice gets the first answer. */
export async function rejectRequest(ctx: SignedInContext, input: OfficeAnswer) {
  const { requestId, reply } = input;
  const now = ctx.now();
  const submission = { purpose: 'change_request.reject', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const row = await openRequest(trx, requestId);
      await trx
        .updateTable('change_requests')
        .set({
          staff_reply: reply,
          status: 'rejected',
          handled_by_user_id: ctx.user.id,
          handled_at: now,
          updated_at: now,
        })
        .where('id', '=', requestId)
        .execute();
      await notifyRequester(trx, ctx, row, 'rejected');
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'change_request.rejected',
        studentId: row.student_id,
        details: { request_id: requestId },
      });
      return {
        status: 'rejected' as const,
        message: 'The request is rejected. The parent can see your reply.',
      };
    }),
  );
}

/**
 * Accepted. A new address, phone number or email is written to the parent's contact record in
 * the same transaction (and an email to their account too); if that cannot be done, nothing is
 * and the request stays open. Other requests are simply closed: records that come from the
 * school's management information system are corrected there. The same form sent twice gets
 * the first answer.
 */
export async function acceptRequest(
  ctx: SignedInContext,
  input: Omit<OfficeAnswer, 'reply'> & { reply?: string | undefined },
) {
  const { requestId, reply } = input;
  const now = ctx.now();
  const submission = { purpose: 'change_request.accept', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const row = await openRequest(trx, requestId);
      const applied =
        row.kind === 'change_of_details' && isAppliedDetail(row.detail_type)
          ? await (async () => {
              if (!row.contact_id) {
                throw new AppError('not_found', 'We could not find the parent’s contact record.');
              }
              return applyProposedChange(
                trx,
                row.contact_id,
                row.detail_type as 'address' | 'phone' | 'email',
                row.proposed,
                now,
                ctx.user.id,
              );
            })()
          : null;
      await trx
        .updateTable('change_requests')
        .set({
          status: 'accepted',
          staff_reply: reply ?? row.staff_reply,
          handled_by_user_id: ctx.user.id,
          handled_at: now,
          updated_at: now,
        })
        .where('id', '=', requestId)
        .execute();
      await notifyRequester(trx, ctx, row, 'accepted');
      if (applied?.account) {
        const settings = await loadSettings(trx);
        await enqueueEmail(
          trx,
          {
            ...accountEmailChangedEmail(
              schoolIdentity(settings),
              applied.contactName,
              applied.account.newEmail,
            ),
            to: applied.account.oldEmail,
            kind: 'account_email_changed',
          },
          now,
        );
      }
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'change_request.accepted',
        studentId: row.student_id,
        targetUserId: applied?.account?.userId ?? null,
        details: {
          request_id: requestId,
          kind: row.kind,
          detail_type: row.detail_type,
          contact_id: applied ? row.contact_id : null,
          changed: applied ? Object.fromEntries(applied.fields.map((f) => [f.field, f.value])) : {},
          account_email_changed: applied?.account !== null && applied?.account !== undefined,
        },
      });
      const changed = applied?.fields.map((f) => f.label.toLowerCase()) ?? [];
      const parts = ['The request is accepted.'];
      if (changed.length > 0) {
        parts.push(`The parent’s contact record now has the new ${listOf(changed)}.`);
      }
      if (applied?.account) {
        parts.push(
          `Their portal account (${applied.account.username}) now uses ${applied.account.newEmail} too; a note has gone to the old address.`,
        );
      }
      if (row.kind === 'record_error') {
        parts.push(
          'Correct the record in the school’s management information system if you have not yet.',
        );
      }
      return {
        status: 'accepted' as const,
        changed,
        accountEmailChanged: applied?.account !== null && applied?.account !== undefined,
        message: parts.join(' '),
      };
    }),
  );
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
