import { recordAudit } from '@schoolgate/db';
import { AppError, actorOf, type SignedInContext } from '../core';
import { CURTAILED_BY_SCHOOL_SYSTEM, isCurtailedBySchoolSystem } from './suspension';

export const EVIDENCE_KINDS = [
  'birth_certificate',
  'adoption_or_court_order',
  'mis_record_photo_id',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface VerifyLinkInput {
  contactId: string;
  studentId: string;
  relationship: string;
  evidence: EvidenceKind;
  note: string;
}

/**
 * P3: a member of staff confirms parental responsibility for one parent-student link, recording
 * the evidence seen, a note, who and when. Creates the link if it did not exist, with
 * `relationship`; an existing link keeps the school's own relationship (the roster's "Father"
 * is not replaced by the "Dad" a parent typed in a request).
 */
export async function verifyLink(ctx: SignedInContext, input: VerifyLinkInput) {
  const { db, user } = ctx;
  if (!user.staffId)
    throw new AppError('forbidden', 'Only school staff can confirm parental responsibility.');
  const now = ctx.now();
  const [contact, student] = await Promise.all([
    db.selectFrom('contacts').select('id').where('id', '=', input.contactId).executeTakeFirst(),
    db.selectFrom('students').select('id').where('id', '=', input.studentId).executeTakeFirst(),
  ]);
  if (!contact) throw new AppError('not_found', 'We could not find that contact.');
  if (!student) throw new AppError('not_found', 'We could not find that student.');
  if (await isCurtailedBySchoolSystem(db, input.contactId)) {
    throw new AppError('bad_input', CURTAILED_BY_SCHOOL_SYSTEM);
  }
  const verification = {
    parental_responsibility: true,
    status: 'verified',
    verified_by_staff_id: user.staffId,
    verified_at: now,
    verification_evidence: input.evidence,
    verification_note: input.note,
    updated_at: now,
  } as const;
  return db.transaction().execute(async (trx) => {
    const link = await trx
      .insertInto('student_contacts')
      .values({
        contact_id: input.contactId,
        student_id: input.studentId,
        created_at: now,
        relationship: input.relationship,
        ...verification,
      })
      .onConflict((oc) => oc.columns(['student_id', 'contact_id']).doUpdateSet(verification))
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'access.parental_responsibility_verified',
      studentId: input.studentId,
      details: { contact_id: input.contactId, link_id: link.id, evidence: input.evidence },
    });
    return { linkId: link.id };
  });
}
