import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@schoolgate/db';
import { AppError } from '../core';
import { emailUsedByAnotherAccount, moveAccountEmail } from '../accounts';
import { proposedFields, type AppliedDetailType, type ProposedField } from './rules';

/** What accepting a request changed on the contact record, for the audit and for staff. */
export interface AppliedChange {
  fields: ProposedField[];
  /** The parent's portal account had its email changed too (P7: kept in step with the contact). */
  account: { userId: string; username: string; oldEmail: string; newEmail: string } | null;
  /** The contact's name, for the emails that tell them about the change. */
  contactName: string;
}

/** The contact's current values, by column, for showing next to the proposed ones. */
export async function currentContactValues(db: Kysely<DB>, contactId: string) {
  return db
    .selectFrom('contacts')
    .select([
      'id',
      'forename',
      'surname',
      'email',
      'address_line1',
      'address_line2',
      'town',
      'postcode',
      'phone_mobile',
      'phone_home',
      'phone_work',
      'updated_at',
    ])
    .where('id', '=', contactId)
    .executeTakeFirst();
}

/**
 * Applies a request's proposed address, phone numbers or email to the contact, inside the
 * caller's transaction. An email already used by another account is refused before anything is
 * written (the transaction then rolls back, leaving the request open); the contact's own account
 * gets the new email too, so sign-in emails and resets go where the contact record says.
 */
export async function applyProposedChange(
  trx: Transaction<DB>,
  contactId: string,
  detailType: AppliedDetailType,
  proposed: unknown,
  now: Date,
  /** The member of staff accepting it: the contact's "last updated by". */
  actorUserId: string,
): Promise<AppliedChange> {
  const fields = proposedFields(detailType, proposed);
  if (fields.length === 0) {
    throw new AppError(
      'bad_input',
      'This request has no details that can be applied. Reject it with a reply, or ask the parent to send it again.',
    );
  }
  const contact = await trx
    .selectFrom('contacts')
    .select(['id', 'forename', 'surname', 'email'])
    .where('id', '=', contactId)
    .forUpdate()
    .executeTakeFirst();
  if (!contact) throw new AppError('not_found', 'We could not find the parent’s contact record.');

  let account: AppliedChange['account'] = null;
  const newEmail = fields.find((f) => f.field === 'email')?.value ?? null;
  if (newEmail) {
    if (await emailUsedByAnotherAccount(trx, contactId, newEmail)) {
      throw new AppError(
        'conflict',
        `Another portal account already uses ${newEmail}, so nothing was changed and the request is still open. Reply to the parent to ask for a different address.`,
      );
    }
    account = await moveAccountEmail(trx, contactId, newEmail, now);
  }

  const values: Record<string, string | null> = {};
  for (const field of fields) values[field.field] = field.value;
  await trx
    .updateTable('contacts')
    .set({ ...values, updated_at: now, updated_by_user_id: actorUserId })
    .where('id', '=', contactId)
    .execute();
  return { fields, account, contactName: `${contact.forename} ${contact.surname}` };
}
