import { sql } from 'kysely';
import { AppError } from '../../core';
import {
  accountSection,
  devicesSection,
  emailsSection,
  noticesReadSection,
  policyAcceptancesSection,
  sessionsSection,
} from './account-sections';
import { type Db } from './contents';
import { messagesSection } from './messages-section';
import {
  auditTrailSection,
  changeRequestsSection,
  restrictionsSection,
  signInHistoryOf,
  verificationOf,
} from './trail-sections';

// Everything held about a parent or carer.

export async function gatherContact(db: Db, contactId: string) {
  const contact = await db
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!contact) throw new AppError('not_found', 'We could not find that parent or carer.');
  const user = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  const userId = user?.id ?? null;

  const [links, accessRequests] = await Promise.all([
    db
      .selectFrom('student_contacts as l')
      .innerJoin('students as s', 's.id', 'l.student_id')
      .leftJoin('staff as v', 'v.id', 'l.verified_by_staff_id')
      .select([
        'l.id',
        'l.relationship',
        'l.parental_responsibility',
        'l.status',
        'l.created_at',
        'l.updated_at',
        'l.verified_at',
        'l.verification_evidence',
        'l.verification_note',
        's.forename',
        's.surname',
        's.year_group',
        's.form',
        's.leaving_date',
        'v.title as verifier_title',
        'v.forename as verifier_forename',
        'v.surname as verifier_surname',
      ])
      .where('l.contact_id', '=', contactId)
      .orderBy('s.year_group', 'desc')
      .orderBy('s.forename')
      .execute(),
    db
      .selectFrom('access_requests as r')
      .select((eb) => [
        'r.id',
        'r.created_at',
        'r.forename',
        'r.surname',
        'r.email',
        'r.phone',
        'r.relationship',
        'r.status',
        'r.decided_at',
        sql<{ forename: string; surname: string; date_of_birth: string }[]>`coalesce((
          select json_agg(json_build_object('forename', k.forename, 'surname', k.surname,
            'date_of_birth', k.date_of_birth) order by k.surname, k.forename)
          from access_request_children k where k.request_id = ${eb.ref('r.id')}
        ), '[]'::json)`.as('children'),
      ])
      .where('r.contact_id', '=', contactId)
      .orderBy('r.created_at', 'desc')
      .execute(),
  ]);

  const [restrictions, changeRequests, account, sessions, knownDevices, policies, noticesRead] =
    await Promise.all([
      restrictionsSection(db, { linkIds: links.map((l) => l.id), userId, contactId }),
      changeRequestsSection(db, { userId, contactId }),
      accountSection(db, userId),
      sessionsSection(db, userId),
      devicesSection(db, userId),
      policyAcceptancesSection(db, userId),
      noticesReadSection(db, userId),
    ]);
  const [emailsSent, auditTrail, { messages, forReview }] = await Promise.all([
    emailsSection(db, [user?.email, contact.email]),
    auditTrailSection(db, { userId, contactId }),
    messagesSection(db, { kind: 'contact', userId }),
  ]);

  const name = [contact.title, contact.forename, contact.surname].filter(Boolean).join(' ');
  return {
    name,
    userId,
    messagesForReview: forReview,
    sections: {
      personalData: {
        id: contact.id,
        title: contact.title,
        forename: contact.forename,
        surname: contact.surname,
        email: contact.email,
        phoneMobile: contact.phone_mobile,
        phoneHome: contact.phone_home,
        phoneWork: contact.phone_work,
        addressLine1: contact.address_line1,
        addressLine2: contact.address_line2,
        town: contact.town,
        postcode: contact.postcode,
        managementSystemId: contact.source_id,
        createdAt: contact.created_at,
        updatedAt: contact.updated_at,
      },
      children: links.map((l) => ({
        student: `${l.forename} ${l.surname}`,
        yearGroup: l.year_group,
        form: l.form,
        leavingDate: l.leaving_date,
        relationship: l.relationship,
        parentalResponsibility: l.parental_responsibility,
        linkStatus: l.status,
        verification: verificationOf(l),
        linkedAt: l.created_at,
        updatedAt: l.updated_at,
      })),
      accessRestrictions: restrictions,
      accessRequests: accessRequests.map((r) => ({
        submittedAt: r.created_at,
        name: `${r.forename} ${r.surname}`,
        email: r.email,
        phone: r.phone,
        relationship: r.relationship,
        children: r.children.map((k) => ({
          name: `${k.forename} ${k.surname}`,
          dateOfBirth: k.date_of_birth,
        })),
        status: r.status,
        decidedAt: r.decided_at,
      })),
      account,
      signInHistory: signInHistoryOf(auditTrail, userId),
      sessions,
      knownDevices,
      noticesRead,
      changeRequests,
      messages,
      policyAcceptances: policies,
      emailsSent,
      auditTrail,
    },
  };
}
