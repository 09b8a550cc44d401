import type { Kysely } from 'kysely';
import { reserveAttempt } from '@schoolgate/auth';
import { loadSettings, recordAudit, type DB } from '@schoolgate/db';
import { enqueueEmail } from '@schoolgate/email';
import type { Context } from '../core';
import { AppError, actorOf, submitOnce, type SignedInContext } from '../core';
import { accessRequestDeniedEmail, accessRequestReceivedEmail } from './request-emails';
import { schoolIdentity } from '../email';

export interface AccessRequestInput {
  forename: string;
  surname: string;
  email: string;
  phone?: string | undefined;
  relationship: string;
  children: { forename: string; surname: string; dateOfBirth: string }[];
  /** The rendered form's key: the same form sent again is one request and one email. */
  submissionKey?: string | undefined;
}

// Each submission counts against its address: a handful an hour is plenty for a family.
const REQUEST_LIMIT = { maxFailures: 5, windowSeconds: 3600, lockoutSeconds: 3600 };
const requestKey = (ip: string) => `access-request:${ip}`;

/**
 * P3: a parent asks for access. The answer is the same whoever they are: nothing here says
 * whether the school knows them or whether they already have an account.
 */
export async function submitAccessRequest(ctx: Context, input: AccessRequestInput) {
  const { db, meta } = ctx;
  const now = ctx.now();
  const settings = await loadSettings(db);
  const submission = { purpose: 'access.request', userId: null, input };
  return db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      // Counted before anything is written, and in this transaction: requests sent together queue
      // on the address's row, so they cannot pass the limit, and a repeat of the same form (which
      // never gets here) is not counted at all.
      if (meta.ip && !(await reserveAttempt(trx, requestKey(meta.ip), now, REQUEST_LIMIT))) {
        throw new AppError(
          'too_many_attempts',
          'We have had several requests from here. Please try again in an hour.',
        );
      }
      const request = await trx
        .insertInto('access_requests')
        .values({
          created_at: now,
          forename: input.forename,
          surname: input.surname,
          email: input.email,
          phone: input.phone ?? null,
          relationship: input.relationship,
          ip: meta.ip,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('access_request_children')
        .values(
          input.children.map((child) => ({
            request_id: request.id,
            forename: child.forename,
            surname: child.surname,
            date_of_birth: child.dateOfBirth,
          })),
        )
        .execute();
      await enqueueEmail(
        trx,
        {
          ...accessRequestReceivedEmail(
            schoolIdentity(settings),
            `${input.forename} ${input.surname}`,
          ),
          to: input.email,
          kind: 'access_request_received',
        },
        now,
      );
      await recordAudit(trx, {
        at: now,
        action: 'access.requested',
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { request_id: request.id },
      });
      return { received: true as const };
    }),
  );
}

/** Pending requests, oldest first, each child with the students and contacts that may be them. */
export async function pendingAccessRequests(ctx: SignedInContext) {
  const { db } = ctx;
  const requests = await db
    .selectFrom('access_requests')
    .select(['id', 'created_at', 'forename', 'surname', 'email', 'phone', 'relationship'])
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .limit(100)
    .execute();
  return Promise.all(
    requests.map(async (request) => {
      const [children, contacts] = await Promise.all([
        db
          .selectFrom('access_request_children')
          .select(['id', 'forename', 'surname', 'date_of_birth'])
          .where('request_id', '=', request.id)
          .execute(),
        db
          .selectFrom('contacts')
          .select(['id', 'forename', 'surname', 'email', 'postcode'])
          .select((eb) =>
            eb
              .exists(
                eb
                  .selectFrom('users')
                  .select('users.id')
                  .whereRef('users.contact_id', '=', 'contacts.id'),
              )
              .as('has_account'),
          )
          .where((eb) =>
            eb.or([
              eb(eb.fn('lower', ['email']), '=', request.email.toLowerCase()),
              eb.and([
                eb(eb.fn('lower', ['surname']), '=', request.surname.toLowerCase()),
                eb(eb.fn('lower', ['forename']), '=', request.forename.toLowerCase()),
              ]),
            ]),
          )
          .limit(5)
          .execute(),
      ]);
      const childMatches = await Promise.all(
        children.map(async (child) => ({
          ...child,
          matches: await db
            .selectFrom('students')
            .select(['id', 'forename', 'surname', 'date_of_birth', 'year_group', 'form'])
            .where('date_of_birth', '=', child.date_of_birth)
            .where((eb) =>
              eb.or([
                eb(eb.fn('lower', ['surname']), '=', child.surname.toLowerCase()),
                eb(eb.fn('lower', ['forename']), '=', child.forename.toLowerCase()),
              ]),
            )
            .limit(5)
            .execute(),
        })),
      );
      const links = await linksBetween(
        db,
        contacts.map((c) => c.id),
        childMatches.flatMap((child) => child.matches.map((student) => student.id)),
      );
      return { ...request, children: childMatches, contactMatches: contacts, links };
    }),
  );
}

/**
 * What the school already records between the matching contacts and students: the school's own
 * relationship, and whether (by whom, when, on what evidence) parental responsibility was
 * confirmed, so the office sees each child's state instead of the same empty form again.
 */
async function linksBetween(db: Kysely<DB>, contactIds: string[], studentIds: string[]) {
  if (contactIds.length === 0 || studentIds.length === 0) return [];
  return db
    .selectFrom('student_contacts as sc')
    .leftJoin('staff', 'staff.id', 'sc.verified_by_staff_id')
    .select([
      'sc.contact_id',
      'sc.student_id',
      'sc.relationship',
      'sc.status',
      'sc.parental_responsibility',
      'sc.verified_at',
      'sc.verification_evidence',
    ])
    .select((eb) =>
      eb
        .fn<string | null>('concat_ws', [eb.val(' '), 'staff.forename', 'staff.surname'])
        .as('verified_by'),
    )
    .where('sc.contact_id', 'in', contactIds)
    .where('sc.student_id', 'in', studentIds)
    .execute();
}

/** The pending request, locked until the transaction ends, so two decisions cannot both pass. */
async function decide(trx: Kysely<DB>, requestId: string) {
  const request = await trx
    .selectFrom('access_requests')
    .select(['id', 'status', 'forename', 'surname', 'email'])
    .where('id', '=', requestId)
    .forUpdate()
    .executeTakeFirst();
  if (!request) throw new AppError('not_found', 'We could not find that request.');
  if (request.status !== 'pending')
    throw new AppError('conflict', 'This request has already been dealt with.');
  return request;
}

/** A decision form and its key: the same form sent again answers as the first did. */
interface DecisionForm {
  requestId: string;
  submissionKey?: string | undefined;
}

/** The request is dealt with: its contact's links were verified (or already were). */
export async function approveAccessRequest(
  ctx: SignedInContext,
  input: DecisionForm & { contactId: string },
) {
  const now = ctx.now();
  const submission = { purpose: 'access.request_approve', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      await decide(trx, input.requestId);
      await trx
        .updateTable('access_requests')
        .set({
          status: 'approved',
          contact_id: input.contactId,
          decided_by_user_id: ctx.user.id,
          decided_at: now,
        })
        .where('id', '=', input.requestId)
        .execute();
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'access.request_approved',
        details: { request_id: input.requestId, contact_id: input.contactId },
      });
      return { approved: true as const };
    }),
  );
}

/** P3: refused with a reason for the record; the requester gets one neutral email. */
export async function denyAccessRequest(
  ctx: SignedInContext,
  input: DecisionForm & { reason: string },
) {
  const now = ctx.now();
  const settings = await loadSettings(ctx.db);
  const submission = { purpose: 'access.request_deny', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const request = await decide(trx, input.requestId);
      await trx
        .updateTable('access_requests')
        .set({
          status: 'denied',
          decision_reason: input.reason,
          decided_by_user_id: ctx.user.id,
          decided_at: now,
        })
        .where('id', '=', input.requestId)
        .execute();
      await enqueueEmail(
        trx,
        {
          ...accessRequestDeniedEmail(
            schoolIdentity(settings),
            `${request.forename} ${request.surname}`,
          ),
          to: request.email,
          kind: 'access_request_denied',
        },
        now,
      );
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'access.request_denied',
        details: { request_id: input.requestId },
      });
      return { denied: true as const };
    }),
  );
}
