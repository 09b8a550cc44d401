import { reserveAttempt } from '@schoolgate/auth';
import { loadSettings, recordAudit } from '@schoolgate/db';
import { enqueueEmail } from '@schoolgate/email';
import type { Context } from '../core';
import { AppError, actorOf, type SignedInContext } from '../core';
import { accessRequestDeniedEmail, accessRequestReceivedEmail } from './request-emails';
import { schoolIdentity } from '../email';

export interface AccessRequestInput {
  forename: string;
  surname: string;
  email: string;
  phone?: string | undefined;
  relationship: string;
  children: { forename: string; surname: string; dateOfBirth: string }[];
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
  // Counted before anything is written, so requests sent together cannot pass the limit.
  if (meta.ip && !(await reserveAttempt(db, requestKey(meta.ip), now, REQUEST_LIMIT))) {
    throw new AppError(
      'too_many_attempts',
      'We have had several requests from here. Please try again in an hour.',
    );
  }
  const settings = await loadSettings(db);
  await db.transaction().execute(async (trx) => {
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
  });
  return { received: true as const };
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
      return { ...request, children: childMatches, contactMatches: contacts };
    }),
  );
}

async function decide(ctx: SignedInContext, requestId: string) {
  const request = await ctx.db
    .selectFrom('access_requests')
    .select(['id', 'status', 'forename', 'surname', 'email'])
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (!request) throw new AppError('not_found', 'We could not find that request.');
  if (request.status !== 'pending')
    throw new AppError('conflict', 'This request has already been dealt with.');
  return request;
}

/** The request is dealt with: its contact's links were verified (or already were). */
export async function approveAccessRequest(
  ctx: SignedInContext,
  requestId: string,
  contactId: string,
) {
  await decide(ctx, requestId);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('access_requests')
      .set({
        status: 'approved',
        contact_id: contactId,
        decided_by_user_id: ctx.user.id,
        decided_at: now,
      })
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'access.request_approved',
      details: { request_id: requestId, contact_id: contactId },
    });
  });
  return { approved: true as const };
}

/** P3: refused with a reason for the record; the requester gets a neutral email. */
export async function denyAccessRequest(ctx: SignedInContext, requestId: string, reason: string) {
  const request = await decide(ctx, requestId);
  const now = ctx.now();
  const settings = await loadSettings(ctx.db);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('access_requests')
      .set({
        status: 'denied',
        decision_reason: reason,
        decided_by_user_id: ctx.user.id,
        decided_at: now,
      })
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
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
      details: { request_id: requestId },
    });
  });
  return { denied: true as const };
}
