import type { Kysely } from 'kysely';
import type { DB } from '@schoolgate/db';

/**
 * A contact's email is also their portal account's (P4, P5): sign-in emails and resets go where the
 * contact record says. These two steps keep them in step wherever a contact's email changes (an
 * accepted change request, an office edit), inside the caller's transaction.
 */

/** Whether an account that is not this contact's own already uses `email` (any letter case). */
export async function emailUsedByAnotherAccount(
  db: Kysely<DB>,
  contactId: string,
  email: string,
): Promise<boolean> {
  const clash = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where((eb) => eb.or([eb('contact_id', 'is', null), eb('contact_id', '<>', contactId)]))
    .executeTakeFirst();
  return clash !== undefined;
}

/** What moving an account to a new email changed, for the audit and for staff. */
export interface AccountEmailChange {
  userId: string;
  username: string;
  oldEmail: string;
  newEmail: string;
}

/**
 * Gives the contact's own account, if they have one, the new email. Call it after checking
 * `emailUsedByAnotherAccount`; returns null when the contact has no account.
 */
export async function moveAccountEmail(
  db: Kysely<DB>,
  contactId: string,
  newEmail: string,
  now: Date,
): Promise<AccountEmailChange | null> {
  const own = await db
    .selectFrom('users')
    .select(['id', 'username', 'email'])
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  if (!own) return null;
  await db
    .updateTable('users')
    .set({ email: newEmail, updated_at: now })
    .where('id', '=', own.id)
    .execute();
  return { userId: own.id, username: own.username, oldEmail: own.email, newEmail };
}
