import { recordAudit, loadSettings, schoolDate } from '@schoolgate/db';
import { AppError, actorOf, type SignedInContext, staffDisplayName } from '../core';

/** How long decided proposals stay on the page, so a wrong click can be seen and put right. */
const RECENT_DAYS = 30;

export interface LeaverProposalView {
  id: string;
  studentId: string;
  forename: string;
  surname: string;
  preferredName: string | null;
  yearGroup: number;
  form: string;
  upn: string | null;
  admissionDate: string;
  /** Already set on the student (by hand, say) while the proposal was open. */
  leavingDate: string | null;
  proposedAt: Date;
  /** When the student's record last changed. */
  updatedAt: Date;
}

export interface DecidedProposalView {
  id: string;
  studentId: string;
  name: string;
  form: string;
  decision: 'confirmed' | 'dismissed';
  leavingDate: string | null;
  decidedAt: Date;
  decidedBy: string | null;
}

/**
 * Students a full roster import found missing, for the office to confirm or dismiss, and the
 * decisions of the last month. One audit entry names every student shown (P10).
 */
export async function listLeaverProposals(ctx: SignedInContext) {
  const now = ctx.now();
  const since = new Date(now.getTime() - RECENT_DAYS * 24 * 60 * 60 * 1000);
  const [open, decided] = await Promise.all([
    ctx.db
      .selectFrom('leaver_proposals as p')
      .innerJoin('students as s', 's.id', 'p.student_id')
      .select([
        'p.id',
        'p.proposed_at',
        's.id as student_id',
        's.forename',
        's.surname',
        's.preferred_name',
        's.year_group',
        's.form',
        's.upn',
        's.admission_date',
        's.leaving_date',
        's.updated_at',
      ])
      .where('p.decision', 'is', null)
      .orderBy('s.year_group')
      .orderBy('s.surname')
      .orderBy('s.forename')
      .execute(),
    ctx.db
      .selectFrom('leaver_proposals as p')
      .innerJoin('students as s', 's.id', 'p.student_id')
      .leftJoin('users as u', 'u.id', 'p.decided_by_user_id')
      .leftJoin('staff as st', 'st.id', 'u.staff_id')
      .select([
        'p.id',
        'p.decision',
        'p.leaving_date',
        'p.decided_at',
        's.id as student_id',
        's.forename',
        's.surname',
        's.preferred_name',
        's.form',
        'st.title',
        'st.forename as staff_forename',
        'st.surname as staff_surname',
      ])
      .where('p.decision', 'is not', null)
      .where('p.decided_at', '>=', since)
      .orderBy('p.decided_at', 'desc')
      .limit(200)
      .execute(),
  ]);
  const proposals: LeaverProposalView[] = open.map((row) => ({
    id: row.id,
    studentId: row.student_id,
    forename: row.forename,
    surname: row.surname,
    preferredName: row.preferred_name,
    yearGroup: row.year_group,
    form: row.form,
    upn: row.upn,
    admissionDate: row.admission_date,
    leavingDate: row.leaving_date,
    proposedAt: row.proposed_at,
    updatedAt: row.updated_at,
  }));
  const recent: DecidedProposalView[] = decided.map((row) => ({
    id: row.id,
    studentId: row.student_id,
    name: `${row.preferred_name ?? row.forename} ${row.surname}`,
    form: row.form,
    decision: row.decision === 'confirmed' ? 'confirmed' : 'dismissed',
    leavingDate: row.leaving_date,
    decidedAt: row.decided_at ?? now,
    decidedBy: row.staff_surname
      ? staffDisplayName({
          title: row.title,
          forename: row.staff_forename,
          surname: row.staff_surname,
        })
      : null,
  }));
  const settings = await loadSettings(ctx.db);
  await recordAudit(ctx.db, {
    ...actorOf(ctx),
    action: 'view.leaver_proposals',
    details: { student_ids: [...new Set([...proposals, ...recent].map((p) => p.studentId))] },
  });
  return { proposals, recent, today: schoolDate(now, settings.time_zone) };
}

async function openProposal(ctx: SignedInContext, proposalId: string) {
  const proposal = await ctx.db
    .selectFrom('leaver_proposals as p')
    .innerJoin('students as s', 's.id', 'p.student_id')
    .select([
      'p.id',
      'p.decision',
      's.id as student_id',
      's.admission_date',
      's.forename',
      's.preferred_name',
      's.surname',
    ])
    .where('p.id', '=', proposalId)
    .executeTakeFirst();
  if (!proposal) throw new AppError('not_found', 'We could not find that proposed leaver.');
  if (proposal.decision !== null) {
    throw new AppError('conflict', 'Someone has already decided about this student.');
  }
  return {
    ...proposal,
    name: `${proposal.preferred_name ?? proposal.forename} ${proposal.surname}`,
  };
}

const longDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });
/** "2 November 2026" for '2026-11-02'. */
const spelled = (date: string) => longDate.format(new Date(`${date}T00:00:00Z`));

/** The student has left: their leaving date is set, and with it their parents' access ends (P1). */
export async function confirmLeaver(
  ctx: SignedInContext,
  input: { proposalId: string; leavingDate: string },
) {
  const proposal = await openProposal(ctx, input.proposalId);
  if (input.leavingDate < proposal.admission_date) {
    throw new AppError(
      'bad_input',
      `The leaving date cannot be before they joined the school, on ${spelled(proposal.admission_date)}.`,
      { fieldErrors: { leavingDate: ['The leaving date cannot be before the admission date.'] } },
    );
  }
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const decided = await trx
      .updateTable('leaver_proposals')
      .set({
        decision: 'confirmed',
        leaving_date: input.leavingDate,
        decided_by_user_id: ctx.user.id,
        decided_at: now,
      })
      .where('id', '=', proposal.id)
      .where('decision', 'is', null)
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) !== 1) {
      throw new AppError('conflict', 'Someone has already decided about this student.');
    }
    await trx
      .updateTable('students')
      .set({ leaving_date: input.leavingDate, updated_at: now, updated_by_user_id: ctx.user.id })
      .where('id', '=', proposal.student_id)
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'leavers.confirm',
      studentId: proposal.student_id,
      details: { proposal_id: proposal.id, leaving_date: input.leavingDate },
    });
  });
  return { name: proposal.name, leavingDate: input.leavingDate };
}

/** The student is staying: the proposal is closed and nothing about them changes. */
export async function dismissLeaver(ctx: SignedInContext, input: { proposalId: string }) {
  const proposal = await openProposal(ctx, input.proposalId);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const decided = await trx
      .updateTable('leaver_proposals')
      .set({ decision: 'dismissed', decided_by_user_id: ctx.user.id, decided_at: now })
      .where('id', '=', proposal.id)
      .where('decision', 'is', null)
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) !== 1) {
      throw new AppError('conflict', 'Someone has already decided about this student.');
    }
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'leavers.dismiss',
      studentId: proposal.student_id,
      details: { proposal_id: proposal.id },
    });
  });
  return { name: proposal.name };
}
