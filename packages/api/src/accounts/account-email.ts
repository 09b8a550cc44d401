import type { Kysely } from 'kysely';
import type { DB } from '@schoolgate/db';

/**
 * A contact's email is also their portal account's (P4, P5): sign-in emails and resets go where the
 * contact record says. The same holds for a member of staff and their school email. These steps
 * keep them in step wherever such an email changes (an accepted change request, an office edit, a
 * roster import), inside the caller's transaction.
 */

/** Whose account: a parent or carer's (by their contact record) or a member of staff's. */
export type AccountOwner = { contactId: string } | { staffId: string };

const ownerColumn = (owner: AccountOwner) =>
  'contactId' in owner
    ? { column: 'contact_id' as const, id: owner.contactId }
    : { column: 'staff_id' as const, id: owner.staffId };

/** Whether an account that is not the owner's own already uses `email` (any letter case). */
export async function emailTakenByAnotherAccount(
  db: Kysely<DB>,
  owner: AccountOwner,
  email: string,
): Promise<boolean> {
  const { column, id } = ownerColumn(owner);
  const clash = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where((eb) => eb.or([eb(column, 'is', null), eb(column, '<>', id)]))
    .executeTakeFirst();
  return clash !== undefined;
}

/** The owner's own account, if they have one. */
export async function ownAccount(
  db: Kysely<DB>,
  owner: AccountOwner,
): Promise<{ id: string; username: string; email: string } | undefined> {
  const { column, id } = ownerColumn(owner);
  return db
    .selectFrom('users')
    .select(['id', 'username', 'email'])
    .where(column, '=', id)
    .executeTakeFirst();
}

/** What moving an account to a new email changed, for the audit and for staff. */
export interface AccountEmailChange {
  userId: string;
  username: string;
  oldEmail: string;
  newEmail: string;
}

/**
 * Gives the owner's own account, if they have one, the new email. Call it after checking
 * `emailTakenByAnotherAccount`; returns null when the owner has no account.
 */
export async function moveOwnAccountEmail(
  db: Kysely<DB>,
  owner: AccountOwner,
  newEmail: string,
  now: Date,
): Promise<AccountEmailChange | null> {
  const own = await ownAccount(db, owner);
  if (!own) return null;
  await db
    .updateTable('users')
    .set({ email: newEmail, updated_at: now })
    .where('id', '=', own.id)
    .execute();
  return { userId: own.id, username: own.username, oldEmail: own.email, newEmail };
}

/** Whether an account that is not this contact's own already uses `email` (any letter case). */
export const emailUsedByAnotherAccount = (db: Kysely<DB>, contactId: string, email: string) =>
  emailTakenByAnotherAccount(db, { contactId }, email);

/**
 * Gives the contact's own account, if they have one, the new email. Call it after checking
 * `emailUsedByAnotherAccount`; returns null when the contact has no account.
 */
export const moveAccountEmail = (db: Kysely<DB>, contactId: string, newEmail: string, now: Date) =>
  moveOwnAccountEmail(db, { contactId }, newEmail, now);
