import { endUserSessions } from '@schoolgate/auth';
import { loadSettings, recordAudit, schoolDate, type Database } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';
import { AppError, holdsAny, submitOnce } from '../core';
import { accountsSuspendedBy } from './suspension';

export const RESTRICTION_REASONS = [
  'parental_responsibility_questioned',
  'court_order',
  'policy_breach',
  'other',
] as const;
export type RestrictionReason = (typeof RESTRICTION_REASONS)[number];

export const COURT_ORDER_TYPES = [
  'child_arrangements',
  'prohibited_steps',
  'specific_issue',
  'other',
] as const;
export type CourtOrderType = (typeof COURT_ORDER_TYPES)[number];

/** A whole person (their contact record), one parent-student link, or a student's or staff account. */
export const RESTRICTION_TARGETS = ['contact', 'link', 'user'] as const;
export type RestrictionTargetKind = (typeof RESTRICTION_TARGETS)[number];

type StaffContext = Context & { user: SessionUser };

export type NewRestriction = {
  target: { kind: RestrictionTargetKind; id: string };
  note: string;
  /** The rendered form's key: the same form sent again records one restriction. */
  submissionKey?: string | undefined;
} & (
  | {
      reason: 'court_order';
      courtOrderType: CourtOrderType;
      courtOrderDate: string;
      courtOrderScope: string;
      courtOrderReference: string;
    }
  | { reason: Exclude<RestrictionReason, 'court_order'> }
);

/** What a restriction's target turns out to be, for the row, the sessions and the audit. */
interface ResolvedTarget {
  column: 'contact_id' | 'link_id' | 'user_id';
  /** The student concerned: a link's, or a student's own account's. */
  studentId: string | null;
  /** The account the restriction bears on, if the person has one. */
  targetUserId: string | null;
  /** Whose accounts it suspends outright; a link suspends nobody outright. */
  suspends: Parameters<typeof accountsSuspendedBy>[1] | null;
  /** Students linked to a revoked person, so the audit can be searched by student (P10). */
  linkedStudentIds: string[];
}

const ONLY_ADMIN_FOR_STAFF = "Only an administrator can change a staff member's access.";

async function resolveTarget(
  ctx: StaffContext,
  target: NewRestriction['target'],
): Promise<ResolvedTarget> {
  const { db } = ctx;
  if (target.kind === 'contact') {
    const contact = await db
      .selectFrom('contacts as c')
      .leftJoin('users as u', 'u.contact_id', 'c.id')
      .select(['c.id', 'u.id as user_id'])
      .where('c.id', '=', target.id)
      .executeTakeFirst();
    if (!contact) throw new AppError('not_found', 'We could not find that person.');
    const links = await db
      .selectFrom('student_contacts')
      .select('student_id')
      .where('contact_id', '=', contact.id)
      .execute();
    return {
      column: 'contact_id',
      studentId: links.length === 1 ? (links[0]?.student_id ?? null) : null,
      targetUserId: contact.user_id,
      suspends: { kind: 'contact', contactId: contact.id },
      linkedStudentIds: links.map((l) => l.student_id),
    };
  }
  if (target.kind === 'link') {
    const found = await db
      .selectFrom('student_contacts as l')
      .leftJoin('users as u', 'u.contact_id', 'l.contact_id')
      .select(['l.id', 'l.student_id', 'u.id as user_id'])
      .where('l.id', '=', target.id)
      .executeTakeFirst();
    if (!found) {
      throw new AppError(
        'not_found',
        'We could not find that link between a parent and a student.',
      );
    }
    return {
      column: 'link_id',
      studentId: found.student_id,
      targetUserId: found.user_id,
      suspends: null,
      linkedStudentIds: [found.student_id],
    };
  }
  const account = await db
    .selectFrom('users')
    .select(['id', 'contact_id', 'student_id', 'staff_id'])
    .where('id', '=', target.id)
    .executeTakeFirst();
  if (!account) throw new AppError('not_found', 'We could not find that account.');
  if (account.contact_id) {
    // One way to revoke a parent: their contact record, which also covers a future account.
    throw new AppError(
      'bad_input',
      "That is a parent's or carer's account: revoke the person, or one of their links, instead.",
    );
  }
  if (account.id === ctx.user.id) {
    throw new AppError('bad_input', 'You cannot revoke your own access.');
  }
  if (account.staff_id && !holdsAny(ctx.user.roles, ['admin'])) {
    throw new AppError('forbidden', ONLY_ADMIN_FOR_STAFF);
  }
  return {
    column: 'user_id',
    studentId: account.student_id,
    targetUserId: account.id,
    suspends: { kind: 'user', userId: account.id },
    linkedStudentIds: account.student_id ? [account.student_id] : [],
  };
}

/**
 * Revokes or denies access for a recorded reason (P13). A person or an account is suspended at
 * once: their sessions end in the same transaction. A link simply stops granting access to that
 * one child from the next query on.
 */
export async function createRestriction(ctx: StaffContext, input: NewRestriction) {
  const now = ctx.now();
  const target = await resolveTarget(ctx, input.target);
  const courtOrder = input.reason === 'court_order' ? input : null;
  if (courtOrder) {
    const settings = await loadSettings(ctx.db);
    if (courtOrder.courtOrderDate > schoolDate(now, settings.time_zone)) {
      throw new AppError('bad_input', 'The date of the court order cannot be in the future.', {
        fieldErrors: { courtOrderDate: ['The date of the court order cannot be in the future.'] },
      });
    }
  }

  const submission = { purpose: 'access.revoke', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const row = await trx
        .insertInto('access_restrictions')
        .values({
          contact_id: target.column === 'contact_id' ? input.target.id : null,
          link_id: target.column === 'link_id' ? input.target.id : null,
          user_id: target.column === 'user_id' ? input.target.id : null,
          reason: input.reason,
          court_order_type: courtOrder?.courtOrderType ?? null,
          court_order_date: courtOrder?.courtOrderDate ?? null,
          court_order_scope: courtOrder?.courtOrderScope ?? null,
          court_order_reference: courtOrder?.courtOrderReference ?? null,
          note: input.note,
          created_by_user_id: ctx.user.id,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const suspended = target.suspends
        ? (await accountsSuspendedBy(trx, target.suspends).execute()).map((u) => u.id)
        : [];
      const sessionsEnded = await endUserSessions(trx, suspended, now, 'suspended');
      await recordAudit(trx, {
        at: now,
        action: 'access.revoked',
        actorUserId: ctx.user.id,
        studentId: target.studentId,
        targetUserId: target.targetUserId,
        ip: ctx.meta.ip,
        userAgent: ctx.meta.userAgent,
        // The note stays on the restriction itself; the audit says what happened and to whom.
        details: {
          restriction_id: row.id,
          target: input.target.kind,
          [target.column]: input.target.id,
          reason: input.reason,
          ...(courtOrder ? { court_order_type: courtOrder.courtOrderType } : {}),
          student_ids: target.linkedStudentIds,
          sessions_ended: sessionsEnded,
        },
      });
      return { id: row.id, sessionsEnded };
    }),
  );
}

async function loadRestriction(db: Database, id: string) {
  return db
    .selectFrom('access_restrictions as ar')
    .leftJoin('student_contacts as l', 'l.id', 'ar.link_id')
    .leftJoin('users as tu', 'tu.id', 'ar.user_id')
    .select((eb) => [
      'ar.id',
      'ar.lifted_at',
      'ar.contact_id',
      'ar.link_id',
      'ar.user_id',
      'tu.staff_id',
      eb.fn.coalesce('l.student_id', 'tu.student_id').as('student_id'),
      eb
        .selectFrom('users as cu')
        .select('cu.id')
        .where((sub) => sub('cu.contact_id', '=', sub.fn.coalesce('ar.contact_id', 'l.contact_id')))
        .as('contact_user_id'),
    ])
    .where('ar.id', '=', id)
    .executeTakeFirst();
}

/**
 * Reinstates access by lifting one restriction, recorded with who, when and why (P13). Anything
 * else still active (another restriction, a safeguarding hold) goes on applying.
 */
export async function liftRestriction(ctx: StaffContext, input: { id: string; note: string }) {
  const now = ctx.now();
  const found = await loadRestriction(ctx.db, input.id);
  if (!found) throw new AppError('not_found', 'We could not find that restriction.');
  if (found.lifted_at) throw new AppError('conflict', 'That restriction has already been lifted.');
  if (found.staff_id && !holdsAny(ctx.user.roles, ['admin'])) {
    throw new AppError('forbidden', ONLY_ADMIN_FOR_STAFF);
  }
  await ctx.db.transaction().execute(async (trx) => {
    const lifted = await trx
      .updateTable('access_restrictions')
      .set({ lifted_at: now, lifted_by_user_id: ctx.user.id, lift_note: input.note })
      .where('id', '=', found.id)
      .where('lifted_at', 'is', null)
      .executeTakeFirst();
    if (Number(lifted.numUpdatedRows) !== 1) {
      throw new AppError('conflict', 'That restriction has already been lifted.');
    }
    await recordAudit(trx, {
      at: now,
      action: 'access.reinstated',
      actorUserId: ctx.user.id,
      studentId: found.student_id,
      targetUserId: found.user_id ?? found.contact_user_id,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
      details: {
        restriction_id: found.id,
        target: found.contact_id ? 'contact' : found.link_id ? 'link' : 'user',
      },
    });
  });
  return { id: found.id, liftedAt: now };
}
