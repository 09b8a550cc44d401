import { endUserSessions } from '@schoolgate/auth';
import { recordAudit } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';
import { AppError, submitOnce } from '../core';
import { accountsSuspendedBy } from './suspension';

export const HOLD_SCOPES = ['all_access', 'this_student_only'] as const;
export type HoldScope = (typeof HOLD_SCOPES)[number];

type DslContext = Context & { user: SessionUser };

export interface NewHold {
  studentId: string;
  reason: string;
  scope: HoldScope;
  scopeReason?: string | undefined;
  /** The rendered form's key: the same form sent again places one hold. */
  submissionKey?: string | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far back "recently lifted" holds are listed. */
const RECENTLY_LIFTED_DAYS = 30;

/**
 * Places a child-protection hold on a student (P14). Everyone it concerns is suspended at once, in
 * the same transaction: the student's own account and, unless the DSL narrowed it to this
 * student's links, every parent or carer linked to the student in any way. The reason is stored
 * for DSLs and admins only; it never goes into the audit log or any message. The same form sent
 * twice places one hold (the "already has an active hold" check comes after the form's claim).
 */
export async function placeHold(ctx: DslContext, input: NewHold) {
  const now = ctx.now();
  const submission = { purpose: 'safeguarding.hold_place', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const student = await trx
        .selectFrom('students')
        .select('id')
        .where('id', '=', input.studentId)
        .executeTakeFirst();
      if (!student) throw new AppError('not_found', 'We could not find that student.');
      const existing = await trx
        .selectFrom('safeguarding_holds')
        .select('id')
        .where('student_id', '=', student.id)
        .where('lifted_at', 'is', null)
        .executeTakeFirst();
      if (existing) {
        throw new AppError(
          'conflict',
          'This student already has an active hold. Lift it first if it needs to change.',
        );
      }
      const row = await trx
        .insertInto('safeguarding_holds')
        .values({
          student_id: student.id,
          reason: input.reason,
          scope: input.scope,
          scope_reason: input.scope === 'this_student_only' ? (input.scopeReason ?? null) : null,
          placed_by_user_id: ctx.user.id,
          placed_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const suspended = await accountsSuspendedBy(trx, {
        kind: 'hold',
        studentId: student.id,
        allAccess: input.scope === 'all_access',
      }).execute();
      const sessionsEnded = await endUserSessions(
        trx,
        suspended.map((u) => u.id),
        now,
        'suspended',
      );
      await recordAudit(trx, {
        at: now,
        action: 'safeguarding.hold_placed',
        actorUserId: ctx.user.id,
        studentId: student.id,
        ip: ctx.meta.ip,
        userAgent: ctx.meta.userAgent,
        details: {
          hold_id: row.id,
          scope: input.scope,
          accounts_suspended: suspended.length,
          sessions_ended: sessionsEnded,
        },
      });
      return { id: row.id, sessionsEnded };
    }),
  );
}

/**
 * Lifts a hold. Suspension is worked out from what is active, so this restores exactly what the
 * hold suspended: anyone revoked for another reason, or under another hold, stays suspended.
 */
export async function liftHold(ctx: DslContext, input: { id: string; note: string }) {
  const now = ctx.now();
  const hold = await ctx.db
    .selectFrom('safeguarding_holds')
    .select(['id', 'student_id', 'lifted_at'])
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (!hold) throw new AppError('not_found', 'We could not find that hold.');
  if (hold.lifted_at) throw new AppError('conflict', 'That hold has already been lifted.');
  await ctx.db.transaction().execute(async (trx) => {
    const lifted = await trx
      .updateTable('safeguarding_holds')
      .set({ lifted_at: now, lifted_by_user_id: ctx.user.id, lift_note: input.note })
      .where('id', '=', hold.id)
      .where('lifted_at', 'is', null)
      .executeTakeFirst();
    if (Number(lifted.numUpdatedRows) !== 1) {
      throw new AppError('conflict', 'That hold has already been lifted.');
    }
    await recordAudit(trx, {
      at: now,
      action: 'safeguarding.hold_lifted',
      actorUserId: ctx.user.id,
      studentId: hold.student_id,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
      details: { hold_id: hold.id },
    });
  });
  return { id: hold.id, liftedAt: now };
}

/** Active holds, oldest first, with their age; and, when asked, those lifted in the last 30 days. */
export async function listHolds(ctx: DslContext, filter: { includeLifted: boolean }) {
  const now = ctx.now();
  let query = ctx.db
    .selectFrom('safeguarding_holds as h')
    .innerJoin('students as s', 's.id', 'h.student_id')
    .leftJoin('users as pu', 'pu.id', 'h.placed_by_user_id')
    .leftJoin('staff as ps', 'ps.id', 'pu.staff_id')
    .leftJoin('users as lu', 'lu.id', 'h.lifted_by_user_id')
    .leftJoin('staff as ls', 'ls.id', 'lu.staff_id')
    .select([
      'h.id',
      'h.reason',
      'h.scope',
      'h.scope_reason',
      'h.placed_at',
      'h.lifted_at',
      'h.lift_note',
      's.id as student_id',
      's.forename',
      's.surname',
      's.preferred_name',
      's.year_group',
      's.form',
      'ps.forename as placed_by_forename',
      'ps.surname as placed_by_surname',
      'ls.forename as lifted_by_forename',
      'ls.surname as lifted_by_surname',
    ])
    .orderBy('h.placed_at')
    .orderBy('h.id');
  const liftedSince = new Date(now.getTime() - RECENTLY_LIFTED_DAYS * DAY_MS);
  query = filter.includeLifted
    ? query.where((eb) =>
        eb.or([eb('h.lifted_at', 'is', null), eb('h.lifted_at', '>=', liftedSince)]),
      )
    : query.where('h.lifted_at', 'is', null);
  const rows = await query.execute();
  await recordAudit(ctx.db, {
    at: now,
    action: 'view.safeguarding_holds',
    actorUserId: ctx.user.id,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: { student_ids: [...new Set(rows.map((r) => r.student_id))] },
  });
  const name = (forename: string | null, surname: string | null) =>
    [forename, surname].filter(Boolean).join(' ') || null;
  return rows.map((r) => ({
    id: r.id,
    student: {
      id: r.student_id,
      forename: r.forename,
      surname: r.surname,
      preferredName: r.preferred_name,
      yearGroup: r.year_group,
      form: r.form,
    },
    reason: r.reason,
    scope: r.scope as HoldScope,
    scopeReason: r.scope_reason,
    placedAt: r.placed_at,
    placedBy: name(r.placed_by_forename, r.placed_by_surname),
    ageDays: Math.max(0, Math.floor((now.getTime() - r.placed_at.getTime()) / DAY_MS)),
    active: r.lifted_at === null,
    liftedAt: r.lifted_at,
    liftedBy: name(r.lifted_by_forename, r.lifted_by_surname),
    liftNote: r.lift_note,
  }));
}
