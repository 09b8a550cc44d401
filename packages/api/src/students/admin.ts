import { sql } from 'kysely';
import { loadSettings, recordAudit, schoolDate } from '@schoolgate/db';
import { AppError, holdsAny } from '../core';
import { findRestrictions, studentView, type SignedIn } from '../access';

/** Who last changed a record, from `users` (and `staff` when it was a member of staff). */
export function editorName(row: {
  editor_forename: string | null;
  editor_surname: string | null;
  editor_username: string | null;
}): string | null {
  if (row.editor_forename || row.editor_surname) {
    return [row.editor_forename, row.editor_surname].filter(Boolean).join(' ');
  }
  return row.editor_username;
}

/** A parent's or carer's portal account as the office sees it on a student's page. */
export type AccountStatus = 'none' | 'pending' | 'active' | 'disabled' | 'revoked';

const personName = (p: { title: string | null; forename: string; surname: string }) =>
  [p.title, p.forename, p.surname].filter(Boolean).join(' ');

/**
 * Everything the office keeps about one student (issue 5): their details with who last changed
 * them, every parent or carer link with its parental-responsibility verification, each linked
 * person's account, the restrictions bearing on them, active and past, and whether a
 * safeguarding hold is in place. Office staff learn only that access is on hold; the reason and
 * who placed it are for DSLs and admins (P14). One audit entry for the whole view (P10).
 */
export async function staffStudentRecord(ctx: SignedIn, studentId: string) {
  const seesHoldReasons = holdsAny(ctx.user.roles, ['dsl', 'admin']);
  return studentView(ctx, studentId, 'staff_student', async () => {
    const { db } = ctx;
    const [details, links, restrictions, hold] = await Promise.all([
      db
        .selectFrom('students as s')
        .leftJoin('users as eu', 'eu.id', 's.updated_by_user_id')
        .leftJoin('staff as es', 'es.id', 'eu.staff_id')
        .leftJoin('users as su', 'su.student_id', 's.id')
        .select([
          's.id',
          's.forename',
          's.surname',
          's.preferred_name',
          's.date_of_birth',
          's.upn',
          's.year_group',
          's.form',
          's.admission_date',
          's.leaving_date',
          's.source_id',
          's.updated_at',
          'es.forename as editor_forename',
          'es.surname as editor_surname',
          'eu.username as editor_username',
          'su.id as account_id',
          'su.username as account_username',
          'su.status as account_status',
        ])
        .where('s.id', '=', studentId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('student_contacts as l')
        .innerJoin('contacts as c', 'c.id', 'l.contact_id')
        .leftJoin('users as u', 'u.contact_id', 'c.id')
        .leftJoin('staff as v', 'v.id', 'l.verified_by_staff_id')
        .select((eb) => [
          'l.id',
          'l.contact_id',
          'l.relationship',
          'l.parental_responsibility',
          'l.status',
          'l.verified_at',
          'l.verification_evidence',
          'l.verification_note',
          'l.updated_at',
          'c.title',
          'c.forename',
          'c.surname',
          'c.email',
          'v.forename as verifier_forename',
          'v.surname as verifier_surname',
          'u.id as user_id',
          'u.username',
          'u.status as user_status',
          'u.last_signed_in_at',
          // Revoked as a person (their contact record or their account), not only for one child.
          eb
            .exists(
              eb
                .selectFrom('access_restrictions as ar')
                .select(sql`1`.as('one'))
                .where('ar.lifted_at', 'is', null)
                .where((w) =>
                  w.or([
                    w('ar.contact_id', '=', w.ref('c.id')),
                    w('ar.user_id', '=', w.ref('u.id')),
                  ]),
                ),
            )
            .as('person_revoked'),
          // Parental responsibility confirmed for at least one child: an account can be made.
          eb
            .exists(
              eb
                .selectFrom('student_contacts as vl')
                .select(sql`1`.as('one'))
                .whereRef('vl.contact_id', '=', 'c.id')
                .where('vl.status', '=', 'verified')
                .where('vl.parental_responsibility', '=', true),
            )
            .as('has_verified_link'),
        ])
        .where('l.student_id', '=', studentId)
        .orderBy('l.parental_responsibility', 'desc')
        .orderBy('c.surname')
        .orderBy('c.forename')
        .execute(),
      findRestrictions(db, { studentId }),
      db
        .selectFrom('safeguarding_holds as h')
        .leftJoin('users as pu', 'pu.id', 'h.placed_by_user_id')
        .leftJoin('staff as ps', 'ps.id', 'pu.staff_id')
        .select([
          'h.id',
          'h.reason',
          'h.scope',
          'h.scope_reason',
          'h.placed_at',
          'ps.forename as placed_by_forename',
          'ps.surname as placed_by_surname',
        ])
        .where('h.student_id', '=', studentId)
        .where('h.lifted_at', 'is', null)
        .orderBy('h.placed_at', 'desc')
        .executeTakeFirst(),
    ]);

    const activeOnLink = (linkId: string) =>
      restrictions.filter((r) => r.active && r.kind === 'link' && r.linkId === linkId);
    const activeOnPerson = (contactId: string) =>
      restrictions.filter((r) => r.active && r.kind === 'contact' && r.contactId === contactId);

    return {
      details: {
        id: details.id,
        forename: details.forename,
        surname: details.surname,
        preferredName: details.preferred_name,
        dateOfBirth: details.date_of_birth,
        upn: details.upn,
        yearGroup: details.year_group,
        form: details.form,
        admissionDate: details.admission_date,
        leavingDate: details.leaving_date,
        sourceId: details.source_id,
        updatedAt: details.updated_at,
        updatedBy: editorName(details),
      },
      account: details.account_id
        ? {
            userId: details.account_id,
            username: details.account_username ?? '',
            status: restrictions.some(
              (r) => r.active && r.kind === 'user' && r.userId === details.account_id,
            )
              ? ('revoked' as const)
              : ((details.account_status ?? 'pending') as AccountStatus),
          }
        : null,
      links: links.map((l) => {
        const accountStatus: AccountStatus = !l.user_id
          ? 'none'
          : l.person_revoked
            ? 'revoked'
            : ((l.user_status ?? 'pending') as AccountStatus);
        return {
          linkId: l.id,
          contactId: l.contact_id,
          contactName: personName(l),
          contactEmail: l.email,
          relationship: l.relationship,
          parentalResponsibility: l.parental_responsibility,
          status: l.status,
          verification:
            l.status === 'verified'
              ? {
                  evidence: l.verification_evidence,
                  note: l.verification_note,
                  verifiedAt: l.verified_at,
                  verifiedBy: l.verifier_forename
                    ? `${l.verifier_forename} ${l.verifier_surname ?? ''}`.trim()
                    : null,
                }
              : null,
          updatedAt: l.updated_at,
          account: l.user_id
            ? {
                userId: l.user_id,
                username: l.username ?? '',
                lastSignedInAt: l.last_signed_in_at,
              }
            : null,
          accountStatus,
          canInvite: !l.user_id && !l.person_revoked && Boolean(l.email) && l.has_verified_link,
          linkRestrictions: activeOnLink(l.id),
          personRestrictions: activeOnPerson(l.contact_id),
        };
      }),
      restrictions,
      hold: hold
        ? {
            onHold: true as const,
            // Only the fact for the office; what and who for DSLs and admins (P14).
            details: seesHoldReasons
              ? {
                  reason: hold.reason,
                  scope: hold.scope,
                  scopeReason: hold.scope_reason,
                  placedAt: hold.placed_at,
                  placedBy: hold.placed_by_forename
                    ? `${hold.placed_by_forename} ${hold.placed_by_surname ?? ''}`.trim()
                    : null,
                }
              : null,
          }
        : { onHold: false as const, details: null },
    };
  });
}

export interface StudentEdit {
  studentId: string;
  forename: string;
  surname: string;
  preferredName?: string | null | undefined;
  dateOfBirth: string;
  upn?: string | null | undefined;
  yearGroup: number;
  form: string;
  admissionDate: string;
  leavingDate?: string | null | undefined;
}

/** The editable columns, each with the input field that sets it. */
const STUDENT_FIELDS = [
  ['forename', 'forename'],
  ['surname', 'surname'],
  ['preferredName', 'preferred_name'],
  ['dateOfBirth', 'date_of_birth'],
  ['upn', 'upn'],
  ['yearGroup', 'year_group'],
  ['form', 'form'],
  ['admissionDate', 'admission_date'],
  ['leavingDate', 'leaving_date'],
] as const;

/**
 * The office corrects a student's details (issue 5). Every field is the new value; an optional
 * one left out is cleared. Written in one transaction with who and when, and audited with each
 * changed field's old and new value. A leaving date before today takes the student off roll, so
 * their parents' access ends at once (P1): the access policy works it out on every request.
 */
export async function updateStudent(ctx: SignedIn, input: StudentEdit) {
  const now = ctx.now();
  const settings = await loadSettings(ctx.db);
  const today = schoolDate(now, settings.time_zone);
  if (input.dateOfBirth > today) {
    const message = 'The date of birth cannot be in the future.';
    throw new AppError('bad_input', `Please check your answers: ${message}`, {
      fieldErrors: { dateOfBirth: [message] },
    });
  }
  const wanted: {
    forename: string;
    surname: string;
    preferred_name: string | null;
    date_of_birth: string;
    upn: string | null;
    year_group: number;
    form: string;
    admission_date: string;
    leaving_date: string | null;
  } = {
    forename: input.forename,
    surname: input.surname,
    preferred_name: input.preferredName ?? null,
    date_of_birth: input.dateOfBirth,
    upn: input.upn ?? null,
    year_group: input.yearGroup,
    form: input.form,
    admission_date: input.admissionDate,
    leaving_date: input.leavingDate ?? null,
  };

  return ctx.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('students')
      .select([
        'id',
        'forename',
        'surname',
        'preferred_name',
        'date_of_birth',
        'upn',
        'year_group',
        'form',
        'admission_date',
        'leaving_date',
        'updated_at',
      ])
      .where('id', '=', input.studentId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new AppError('not_found', 'We could not find that student.');

    if (wanted.upn !== null && wanted.upn !== current.upn) {
      const twin = await trx
        .selectFrom('students')
        .select(['forename', 'surname'])
        .where('upn', '=', wanted.upn)
        .where('id', '<>', current.id)
        .executeTakeFirst();
      if (twin) {
        const message = `Another student (${twin.forename} ${twin.surname}) already has this UPN.`;
        throw new AppError('conflict', `${message} Nothing was changed.`, {
          fieldErrors: { upn: [message] },
        });
      }
    }

    const changes: Record<string, { from: string | number | null; to: string | number | null }> =
      {};
    for (const [field, column] of STUDENT_FIELDS) {
      const from = current[column];
      const to = wanted[column];
      if (from !== to) changes[field] = { from, to };
    }
    const changed = Object.keys(changes);
    const leftRoll = wanted.leaving_date !== null && wanted.leaving_date < today;
    if (changed.length === 0) {
      return { studentId: current.id, changed, updatedAt: current.updated_at, leftRoll };
    }
    await trx
      .updateTable('students')
      .set({ ...wanted, updated_at: now, updated_by_user_id: ctx.user.id })
      .where('id', '=', current.id)
      .execute();
    await recordAudit(trx, {
      at: now,
      action: 'student.updated',
      actorUserId: ctx.user.id,
      studentId: current.id,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
      details: { changes },
    });
    return { studentId: current.id, changed, updatedAt: now, leftRoll };
  });
}
