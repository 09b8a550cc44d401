import { recordAudit } from '@schoolgate/db';
import { AppError, actorOf, type SignedInContext } from '../core';
import { editorName } from './admin';
import { emailUsedByAnotherAccount, moveAccountEmail } from '../accounts';

/** A contact's details as the office edits them, with who changed them last (P7). */
export async function contactForEditing(ctx: SignedInContext, contactId: string) {
  const { db } = ctx;
  const row = await db
    .selectFrom('contacts as c')
    .leftJoin('users as eu', 'eu.id', 'c.updated_by_user_id')
    .leftJoin('staff as es', 'es.id', 'eu.staff_id')
    .leftJoin('users as u', 'u.contact_id', 'c.id')
    .select([
      'c.id',
      'c.title',
      'c.forename',
      'c.surname',
      'c.email',
      'c.phone_mobile',
      'c.phone_home',
      'c.phone_work',
      'c.address_line1',
      'c.address_line2',
      'c.town',
      'c.postcode',
      'c.source_id',
      'c.updated_at',
      'es.forename as editor_forename',
      'es.surname as editor_surname',
      'eu.username as editor_username',
      'u.id as user_id',
      'u.username',
      'u.status as user_status',
    ])
    .where('c.id', '=', contactId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'We could not find that contact.');
  await recordAudit(db, {
    ...actorOf(ctx),
    action: 'view.contact_details',
    targetUserId: row.user_id,
    details: { contact_id: contactId },
  });
  return {
    contact: {
      id: row.id,
      title: row.title,
      forename: row.forename,
      surname: row.surname,
      email: row.email,
      phoneMobile: row.phone_mobile,
      phoneHome: row.phone_home,
      phoneWork: row.phone_work,
      addressLine1: row.address_line1,
      addressLine2: row.address_line2,
      town: row.town,
      postcode: row.postcode,
      sourceId: row.source_id,
      updatedAt: row.updated_at,
      updatedBy: editorName(row),
    },
    account: row.user_id
      ? { userId: row.user_id, username: row.username ?? '', status: row.user_status ?? 'pending' }
      : null,
  };
}

export interface ContactEdit {
  contactId: string;
  title?: string | null | undefined;
  forename: string;
  surname: string;
  email?: string | null | undefined;
  phoneMobile?: string | null | undefined;
  phoneHome?: string | null | undefined;
  phoneWork?: string | null | undefined;
  addressLine1?: string | null | undefined;
  addressLine2?: string | null | undefined;
  town?: string | null | undefined;
  postcode?: string | null | undefined;
}

/** The editable columns, each with the input field that sets it. */
const CONTACT_FIELDS = [
  ['title', 'title'],
  ['forename', 'forename'],
  ['surname', 'surname'],
  ['email', 'email'],
  ['phoneMobile', 'phone_mobile'],
  ['phoneHome', 'phone_home'],
  ['phoneWork', 'phone_work'],
  ['addressLine1', 'address_line1'],
  ['addressLine2', 'address_line2'],
  ['town', 'town'],
  ['postcode', 'postcode'],
] as const;

type ContactColumn = (typeof CONTACT_FIELDS)[number][1];

const refuse = (kind: 'bad_input' | 'conflict', field: string, message: string): never => {
  throw new AppError(kind, `${message} Nothing was changed.`, {
    fieldErrors: { [field]: [message] },
  });
};

/**
 * The office corrects a parent's or carer's details (issue 5). Every field is the new value; an
 * optional one left out is cleared. The contact's portal account keeps the contact's email (P4,
 * P5), in the same transaction, sharing the rule an accepted change request follows: an address
 * another account already uses is refused and nothing is written. Audited with each changed
 * field's old and new value.
 */
export async function updateContact(ctx: SignedInContext, input: ContactEdit) {
  const now = ctx.now();
  const wanted: Record<Exclude<ContactColumn, 'forename' | 'surname'>, string | null> & {
    forename: string;
    surname: string;
  } = {
    title: input.title ?? null,
    forename: input.forename,
    surname: input.surname,
    email: input.email ?? null,
    phone_mobile: input.phoneMobile ?? null,
    phone_home: input.phoneHome ?? null,
    phone_work: input.phoneWork ?? null,
    address_line1: input.addressLine1 ?? null,
    address_line2: input.addressLine2 ?? null,
    town: input.town ?? null,
    postcode: input.postcode ?? null,
  };

  return ctx.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('contacts')
      .select([
        'id',
        'title',
        'forename',
        'surname',
        'email',
        'phone_mobile',
        'phone_home',
        'phone_work',
        'address_line1',
        'address_line2',
        'town',
        'postcode',
        'updated_at',
      ])
      .where('id', '=', input.contactId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new AppError('not_found', 'We could not find that contact.');
    const account = await trx
      .selectFrom('users')
      .select('id')
      .where('contact_id', '=', current.id)
      .executeTakeFirst();

    const changes: Record<string, { from: string | null; to: string | null }> = {};
    for (const [field, column] of CONTACT_FIELDS) {
      const from = current[column];
      const to = wanted[column];
      if (from !== to) changes[field] = { from, to };
    }
    const changed = Object.keys(changes);
    if (changed.length === 0) {
      return { contactId: current.id, changed, updatedAt: current.updated_at, accountEmail: null };
    }

    let accountEmail: string | null = null;
    if (changes.email) {
      const newEmail = wanted.email;
      if (newEmail === null) {
        if (account) {
          refuse(
            'bad_input',
            'email',
            'This person has a portal account, so they need an email address: enter the new one instead.',
          );
        }
      } else {
        // Their own account does not count: a change of letter case alone is allowed.
        if (await emailUsedByAnotherAccount(trx, current.id, newEmail)) {
          refuse(
            'conflict',
            'email',
            `Another portal account already uses ${newEmail}. Each person needs an email address of their own.`,
          );
        }
        accountEmail = (await moveAccountEmail(trx, current.id, newEmail, now))?.newEmail ?? null;
      }
    }
    const linked = await trx
      .selectFrom('student_contacts')
      .select('student_id')
      .where('contact_id', '=', current.id)
      .execute();

    await trx
      .updateTable('contacts')
      .set({ ...wanted, updated_at: now, updated_by_user_id: ctx.user.id })
      .where('id', '=', current.id)
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'contact.updated',
      targetUserId: account?.id ?? null,
      details: {
        contact_id: current.id,
        // So the audit can be searched by student (P10).
        student_ids: linked.map((l) => l.student_id),
        changes,
        account_email_changed: accountEmail !== null,
      },
    });
    return { contactId: current.id, changed, updatedAt: now, accountEmail };
  });
}
