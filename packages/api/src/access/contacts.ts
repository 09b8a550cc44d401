import { sql } from 'kysely';
import { recordAudit } from '@schoolgate/db';
import { AppError, actorOf, type SignedInContext } from '../core';

/**
 * A contact's record as the office sees it: details, every link with its parental-responsibility
 * verification, and their account.
 */
export async function contactRecord(ctx: SignedInContext, contactId: string) {
  const { db } = ctx;
  const contact = await db
    .selectFrom('contacts')
    .select([
      'id',
      'title',
      'forename',
      'surname',
      'email',
      'phone_mobile',
      'phone_home',
      'address_line1',
      'address_line2',
      'town',
      'postcode',
      'updated_at',
    ])
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!contact) throw new AppError('not_found', 'We could not find that contact.');
  const [links, account] = await Promise.all([
    db
      .selectFrom('student_contacts as l')
      .innerJoin('students as s', 's.id', 'l.student_id')
      .leftJoin('staff as v', 'v.id', 'l.verified_by_staff_id')
      .select([
        'l.id',
        'l.student_id',
        's.forename as student_forename',
        's.surname as student_surname',
        's.year_group',
        's.form',
        's.leaving_date',
        'l.relationship',
        'l.parental_responsibility',
        'l.status',
        'l.verified_at',
        'l.verification_evidence',
        'l.verification_note',
        'v.forename as verifier_forename',
        'v.surname as verifier_surname',
      ])
      .where('l.contact_id', '=', contactId)
      .orderBy('s.year_group', 'desc')
      .execute(),
    db
      .selectFrom('users')
      .select(['id', 'username', 'email', 'status', 'created_at', 'last_signed_in_at'])
      .where('contact_id', '=', contactId)
      .executeTakeFirst(),
  ]);
  await recordAudit(db, {
    ...actorOf(ctx),
    action: 'view.contact_record',
    details: { contact_id: contactId },
  });
  return {
    contact: {
      id: contact.id,
      title: contact.title,
      forename: contact.forename,
      surname: contact.surname,
      email: contact.email,
      phoneMobile: contact.phone_mobile,
      phoneHome: contact.phone_home,
      address: [contact.address_line1, contact.address_line2, contact.town, contact.postcode]
        .filter(Boolean)
        .join(', '),
      updatedAt: contact.updated_at,
    },
    links: links.map((l) => ({
      id: l.id,
      studentId: l.student_id,
      studentName: `${l.student_forename} ${l.student_surname}`,
      yearGroup: l.year_group,
      form: l.form,
      leavingDate: l.leaving_date,
      relationship: l.relationship,
      parentalResponsibility: l.parental_responsibility,
      status: l.status,
      verifiedAt: l.verified_at,
      verifiedBy: l.verifier_forename ? `${l.verifier_forename} ${l.verifier_surname}` : null,
      evidence: l.verification_evidence,
      note: l.verification_note,
    })),
    account: account
      ? {
          id: account.id,
          username: account.username,
          email: account.email,
          status: account.status,
          createdAt: account.created_at,
          lastSignedInAt: account.last_signed_in_at,
        }
      : null,
  };
}

/** Contacts by name or email, for staff to find a record. */
export async function searchContacts(ctx: SignedInContext, search: string) {
  if (search.length < 2) return [];
  const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return ctx.db
    .selectFrom('contacts')
    .select(['id', 'forename', 'surname', 'email', 'postcode'])
    .where((eb) =>
      eb.or([
        eb(sql<string>`lower(forename || ' ' || surname)`, 'like', pattern),
        eb(eb.fn('lower', ['email']), 'like', pattern),
      ]),
    )
    .orderBy('surname')
    .orderBy('forename')
    .limit(50)
    .execute();
}
