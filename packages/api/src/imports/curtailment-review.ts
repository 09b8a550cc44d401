import { recordAudit } from '@schoolgate/db';
import { AppError, type SignedInContext } from '../core';
import { CURTAILMENT_REASONS, type CurtailmentCause } from './oneroster/curtailments';

export interface CurtailmentView {
  id: string;
  contactId: string;
  contactName: string;
  /** The student, for a curtailed link; null when the whole person is curtailed. */
  studentId: string | null;
  studentName: string | null;
  reason: string;
  since: Date;
}

/**
 * Access the school's management system curtailed at an import and still in force, for the office
 * to confirm (leave as it is) or restore after checking. One audit entry names the students (P10).
 */
export async function listCurtailments(ctx: SignedInContext): Promise<CurtailmentView[]> {
  const rows = await ctx.db
    .selectFrom('mis_curtailments as mc')
    .innerJoin('contacts as c', 'c.id', 'mc.contact_id')
    .leftJoin('student_contacts as l', 'l.id', 'mc.link_id')
    .leftJoin('students as s', 's.id', 'l.student_id')
    .select([
      'mc.id',
      'mc.cause',
      'mc.created_at',
      'c.id as contact_id',
      'c.forename',
      'c.surname',
      's.id as student_id',
      's.forename as student_forename',
      's.preferred_name as student_preferred',
      's.surname as student_surname',
    ])
    .where('mc.ended_at', 'is', null)
    .where('mc.lifted_at', 'is', null)
    .orderBy('mc.created_at', 'desc')
    .orderBy('c.surname')
    .limit(500)
    .execute();
  const views = rows.map((row) => ({
    id: row.id,
    contactId: row.contact_id,
    contactName: `${row.forename} ${row.surname}`,
    studentId: row.student_id,
    studentName: row.student_surname
      ? `${row.student_preferred ?? row.student_forename} ${row.student_surname}`
      : null,
    reason: CURTAILMENT_REASONS[row.cause as CurtailmentCause] ?? row.cause,
    since: row.created_at,
  }));
  await recordAudit(ctx.db, {
    at: ctx.now(),
    action: 'view.mis_curtailments',
    actorUserId: ctx.user.id,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: { shown: views.length, student_ids: views.flatMap((v) => v.studentId ?? []) },
  });
  return views;
}

/**
 * The office has checked and restores the access: the curtailment is lifted, with their note, and
 * stays lifted until the school's system stops saying so and later says so again.
 */
export async function restoreCurtailedAccess(
  ctx: SignedInContext,
  input: { id: string; note: string },
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const lifted = await trx
      .updateTable('mis_curtailments')
      .set({ lifted_at: now, lifted_by_user_id: ctx.user.id, lift_note: input.note })
      .where('id', '=', input.id)
      .where('ended_at', 'is', null)
      .where('lifted_at', 'is', null)
      .returning(['contact_id', 'link_id', 'cause'])
      .executeTakeFirst();
    if (!lifted) {
      throw new AppError('not_found', 'That stop on access has already ended or been restored.');
    }
    const link = lifted.link_id
      ? await trx
          .selectFrom('student_contacts')
          .select('student_id')
          .where('id', '=', lifted.link_id)
          .executeTakeFirst()
      : undefined;
    await recordAudit(trx, {
      at: now,
      action: 'access.mis_curtailment_lifted',
      actorUserId: ctx.user.id,
      studentId: link?.student_id ?? null,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
      details: { contact_id: lifted.contact_id, cause: lifted.cause, note: input.note },
    });
    return { restored: true as const };
  });
}
