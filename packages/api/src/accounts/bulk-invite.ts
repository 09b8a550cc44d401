import { sql } from 'kysely';
import { AppError, schoolToday, submitOnce, type SignedInContext } from '../core';
import { makeParentAccount } from './parent-accounts';

/** Why a contact of the chosen year gets no invitation, in the office's words. */
export type SkipReason = 'no_email' | 'email_in_use' | 'email_shared' | 'revoked' | 'curtailed';

export const SKIP_REASONS: Record<SkipReason, string> = {
  no_email: 'No registered email address: add one to their record first.',
  email_in_use: 'Another account already uses their email address.',
  email_shared: 'Another parent in this list has the same email address: each needs their own.',
  revoked: 'Their access has been revoked.',
  curtailed: 'The school’s management system does not allow them access.',
};

export interface InvitationCandidate {
  contactId: string;
  name: string;
  email: string | null;
  /** Their children in the chosen year whose parental responsibility is confirmed. */
  children: string[];
}

/** The most contacts one invitation form takes; the page sends a year group in parts of 25. */
export const MAX_INVITATIONS_PER_CALL = 500;

/**
 * Issue 12 item 3: everyone who could be invited for a year group, in one statement. A candidate
 * has confirmed parental responsibility for a child on roll in that year and no account yet; each
 * one is ready, or skipped with the reason the single "make account" would refuse them.
 */
export async function invitationPreview(ctx: SignedInContext, input: { yearGroup: number }) {
  const today = schoolToday(ctx.now());
  const rows = await ctx.db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.forename', 'c.surname', 'c.email'])
    .select(
      sql<string[]>`(
        select array_agg(s.forename || ' ' || s.surname order by s.surname, s.forename)
        from student_contacts sc join students s on s.id = sc.student_id
        where sc.contact_id = c.id and sc.status = 'verified' and sc.parental_responsibility
          and s.year_group = ${input.yearGroup}
          and (s.leaving_date is null or s.leaving_date >= ${today}::date)
      )`.as('children'),
    )
    .select(
      sql<boolean>`exists (
        select 1 from access_restrictions ar where ar.contact_id = c.id and ar.lifted_at is null
      )`.as('revoked'),
    )
    .select(
      sql<boolean>`exists (
        select 1 from mis_curtailments m where m.contact_id = c.id and m.link_id is null
          and m.ended_at is null and m.lifted_at is null
      )`.as('curtailed'),
    )
    .select(
      sql<boolean>`exists (
        select 1 from users eu where lower(eu.email) = lower(c.email)
      )`.as('email_in_use'),
    )
    .where(sql<boolean>`not exists (select 1 from users u where u.contact_id = c.id)`)
    .where(
      sql<boolean>`exists (
        select 1 from student_contacts sc join students s on s.id = sc.student_id
        where sc.contact_id = c.id and sc.status = 'verified' and sc.parental_responsibility
          and s.year_group = ${input.yearGroup}
          and (s.leaving_date is null or s.leaving_date >= ${today}::date)
      )`,
    )
    .orderBy('c.surname')
    .orderBy('c.forename')
    .orderBy('c.id')
    .execute();

  const emailCounts = new Map<string, number>();
  for (const row of rows) {
    const email = row.email?.trim().toLowerCase();
    if (email) emailCounts.set(email, (emailCounts.get(email) ?? 0) + 1);
  }
  const ready: InvitationCandidate[] = [];
  const skipped: Array<InvitationCandidate & { reason: string }> = [];
  for (const row of rows) {
    const candidate = {
      contactId: row.id,
      name: `${row.forename} ${row.surname}`,
      email: row.email,
      children: row.children ?? [],
    };
    const reason = skipReasonOf(row, emailCounts);
    if (reason) skipped.push({ ...candidate, reason: SKIP_REASONS[reason] });
    else ready.push(candidate);
  }
  return { yearGroup: input.yearGroup, ready, skipped };
}

function skipReasonOf(
  row: { email: string | null; revoked: boolean; curtailed: boolean; email_in_use: boolean },
  emailCounts: Map<string, number>,
): SkipReason | null {
  if (row.revoked) return 'revoked';
  if (row.curtailed) return 'curtailed';
  if (!row.email?.trim()) return 'no_email';
  if (row.email_in_use) return 'email_in_use';
  if ((emailCounts.get(row.email.trim().toLowerCase()) ?? 0) > 1) return 'email_shared';
  return null;
}

/**
 * Makes an account and emails an activation link for each contact, exactly as "make account"
 * does one at a time, with the same checks: one who no longer qualifies (given an account by a
 * colleague meanwhile, say) is reported and the rest go ahead. All of one call's accounts are made
 * in one transaction, so a failure part-way leaves none of them; the same form sent again (the
 * same key and contacts) gives the first answer and sends nothing twice.
 */
export async function sendInvitations(
  ctx: SignedInContext,
  input: { contactIds: string[]; submissionKey?: string | undefined },
) {
  const contactIds = [...new Set(input.contactIds)];
  if (contactIds.length === 0)
    throw new AppError('bad_input', 'Choose at least one person to invite.');
  const submission = {
    purpose: 'account.invite_many',
    userId: ctx.user.id,
    input: { ...input, contactIds },
  };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, ctx.now(), submission, async () => {
      const names = new Map(
        (
          await trx
            .selectFrom('contacts')
            .select(['id', 'forename', 'surname'])
            .where('id', 'in', contactIds)
            .execute()
        ).map((c) => [c.id, `${c.forename} ${c.surname}`]),
      );
      const invited: Array<{ contactId: string; name: string; username: string; sentTo: string }> =
        [];
      const notInvited: Array<{ contactId: string; name: string | null; reason: string }> = [];
      for (const contactId of contactIds) {
        const name = names.get(contactId) ?? null;
        try {
          const account = await makeParentAccount(ctx, trx, contactId, { bulk: true });
          invited.push({
            contactId,
            name: name!,
            username: account.username,
            sentTo: account.sentTo,
          });
        } catch (error) {
          // A refusal is one of the checks, each a read: the transaction is still good.
          if (!(error instanceof AppError)) throw error;
          notInvited.push({ contactId, name, reason: error.message });
        }
      }
      return { invited, notInvited };
    }),
  );
}
