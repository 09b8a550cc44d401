import { recordAudit, type Database } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';
import { AppError } from '../core';
import type { RestrictionTargetKind } from './restrictions';

type StaffContext = Context & { user: SessionUser };

const personName = (p: {
  forename: string | null;
  surname: string | null;
  title?: string | null;
}): string | null =>
  p.forename === null && p.surname === null
    ? null
    : [p.title, p.forename, p.surname].filter(Boolean).join(' ');

async function auditView(ctx: StaffContext, view: string, studentId: string | null, details = {}) {
  await recordAudit(ctx.db, {
    at: ctx.now(),
    action: `view.${view}`,
    actorUserId: ctx.user.id,
    studentId,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details,
  });
}

/**
 * A student, their own account, and every parent or carer linked to them, for the office to
 * choose whose access to revoke or reinstate (P13). Safeguarding holds are not shown here: only
 * DSLs and admins may know of them (P14).
 */
export async function studentLinksForRestrictions(ctx: StaffContext, studentId: string) {
  const { db } = ctx;
  const student = await db
    .selectFrom('students as s')
    .leftJoin('users as u', 'u.student_id', 's.id')
    .select([
      's.id',
      's.forename',
      's.surname',
      's.preferred_name',
      's.year_group',
      's.form',
      's.leaving_date',
      'u.id as user_id',
      'u.username',
      'u.status as user_status',
    ])
    .where('s.id', '=', studentId)
    .executeTakeFirst();
  if (!student) throw new AppError('not_found', 'We could not find that student.');
  const links = await db
    .selectFrom('student_contacts as l')
    .innerJoin('contacts as c', 'c.id', 'l.contact_id')
    .leftJoin('users as u', 'u.contact_id', 'c.id')
    .select([
      'l.id',
      'l.contact_id',
      'l.relationship',
      'l.status',
      'l.parental_responsibility',
      'c.title',
      'c.forename',
      'c.surname',
      'u.id as user_id',
      'u.username',
      'u.status as user_status',
    ])
    .where('l.student_id', '=', studentId)
    .orderBy('c.surname')
    .orderBy('c.forename')
    .execute();
  await auditView(ctx, 'student_contacts', studentId);
  return {
    student: {
      id: student.id,
      forename: student.forename,
      surname: student.surname,
      preferredName: student.preferred_name,
      yearGroup: student.year_group,
      form: student.form,
      leavingDate: student.leaving_date,
    },
    account: student.user_id
      ? { userId: student.user_id, username: student.username, status: student.user_status }
      : null,
    links: links.map((l) => ({
      linkId: l.id,
      contactId: l.contact_id,
      contactName: personName(l) ?? '',
      relationship: l.relationship,
      status: l.status,
      parentalResponsibility: l.parental_responsibility,
      account: l.user_id
        ? { userId: l.user_id, username: l.username, status: l.user_status }
        : null,
    })),
  };
}

export type RestrictionFilter = { contactId: string } | { studentId: string };

/**
 * Every restriction, active or lifted, bearing on one person (their record, their links, their
 * account) or on one student (their links, the people linked to them, their account), newest
 * first, with who placed and lifted each one.
 */
export async function listRestrictions(ctx: StaffContext, filter: RestrictionFilter) {
  const restrictions = await findRestrictions(ctx.db, filter);
  await auditView(
    ctx,
    'access_restrictions',
    'studentId' in filter ? filter.studentId : null,
    'contactId' in filter ? { contact_id: filter.contactId } : {},
  );
  return restrictions;
}

/** The restrictions `listRestrictions` shows, without its audit entry: for views that write their own. */
export async function findRestrictions(db: Database, filter: RestrictionFilter) {
  let query = db
    .selectFrom('access_restrictions as ar')
    .leftJoin('student_contacts as l', 'l.id', 'ar.link_id')
    .leftJoin('users as tu', 'tu.id', 'ar.user_id')
    .leftJoin('contacts as c', (join) =>
      join.on((eb) => eb('c.id', '=', eb.fn.coalesce('ar.contact_id', 'l.contact_id'))),
    )
    .leftJoin('students as s', (join) =>
      join.on((eb) => eb('s.id', '=', eb.fn.coalesce('l.student_id', 'tu.student_id'))),
    )
    .leftJoin('staff as ts', 'ts.id', 'tu.staff_id')
    .leftJoin('users as cu', 'cu.id', 'ar.created_by_user_id')
    .leftJoin('staff as cs', 'cs.id', 'cu.staff_id')
    .leftJoin('users as lu', 'lu.id', 'ar.lifted_by_user_id')
    .leftJoin('staff as ls', 'ls.id', 'lu.staff_id')
    .select([
      'ar.id',
      'ar.contact_id',
      'ar.link_id',
      'ar.user_id',
      'ar.reason',
      'ar.court_order_type',
      'ar.court_order_date',
      'ar.court_order_scope',
      'ar.court_order_reference',
      'ar.note',
      'ar.created_at',
      'ar.lifted_at',
      'ar.lift_note',
      'c.id as person_id',
      'c.title as person_title',
      'c.forename as person_forename',
      'c.surname as person_surname',
      's.id as student_id',
      's.forename as student_forename',
      's.surname as student_surname',
      'tu.username as account_username',
      'ts.forename as staff_forename',
      'ts.surname as staff_surname',
      'cs.forename as created_by_forename',
      'cs.surname as created_by_surname',
      'ls.forename as lifted_by_forename',
      'ls.surname as lifted_by_surname',
    ])
    .orderBy('ar.created_at', 'desc')
    .orderBy('ar.id');
  if ('contactId' in filter) {
    const { contactId } = filter;
    query = query.where((eb) =>
      eb.or([
        eb('ar.contact_id', '=', contactId),
        eb('l.contact_id', '=', contactId),
        eb('tu.contact_id', '=', contactId),
      ]),
    );
  } else {
    const { studentId } = filter;
    query = query.where((eb) =>
      eb.or([
        eb('l.student_id', '=', studentId),
        eb('tu.student_id', '=', studentId),
        eb(
          'ar.contact_id',
          'in',
          eb
            .selectFrom('student_contacts as sl')
            .select('sl.contact_id')
            .where('sl.student_id', '=', studentId),
        ),
      ]),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => {
    const kind: RestrictionTargetKind = r.contact_id ? 'contact' : r.link_id ? 'link' : 'user';
    return {
      id: r.id,
      kind,
      contactId: r.person_id,
      contactName: personName({
        title: r.person_title,
        forename: r.person_forename,
        surname: r.person_surname,
      }),
      linkId: r.link_id,
      studentId: r.student_id,
      studentName: personName({ forename: r.student_forename, surname: r.student_surname }),
      userId: r.user_id,
      accountUsername: r.account_username,
      staffName: personName({ forename: r.staff_forename, surname: r.staff_surname }),
      reason: r.reason,
      courtOrder:
        r.reason === 'court_order'
          ? {
              type: r.court_order_type,
              date: r.court_order_date,
              scope: r.court_order_scope,
              reference: r.court_order_reference,
            }
          : null,
      note: r.note,
      active: r.lifted_at === null,
      createdAt: r.created_at,
      createdBy: personName({ forename: r.created_by_forename, surname: r.created_by_surname }),
      liftedAt: r.lifted_at,
      liftedBy: personName({ forename: r.lifted_by_forename, surname: r.lifted_by_surname }),
      liftNote: r.lift_note,
    };
  });
}
