import { sql } from 'kysely';
import { recordAudit, schoolDate } from '@schoolgate/db';
import {
  AppError,
  isCalendarDate,
  loadSchoolCalendar,
  actorOf,
  submitOnce,
  type SignedInContext,
} from '../core';
import {
  dueLabel,
  INFORMATION_REQUEST_KIND_LABELS,
  INFORMATION_REQUEST_TIME_LIMITS,
  informationRequestDueOn,
  type InformationRequestKind,
} from './deadlines';
import { findStudentsByName } from '../audit';

/**
 * The log of subject-access and educational-record requests (P10, P15): each with its statutory
 * deadline, worked out from the day it was received (never typed), and what became of it.
 */

export const INFORMATION_REQUEST_STATUSES = ['open', 'completed', 'withdrawn'] as const;
export type InformationRequestStatus = (typeof INFORMATION_REQUEST_STATUSES)[number];

const STATUS_LABELS: Record<InformationRequestStatus, string> = {
  open: 'Open',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
};

export interface NewInformationRequest {
  kind: InformationRequestKind;
  studentId?: string | undefined;
  contactId?: string | undefined;
  requester: string;
  receivedOn: string;
  note?: string | undefined;
  /** The rendered form's key: the same form sent again logs one request. */
  submissionKey?: string | undefined;
}

const NOT_FOUND = 'We could not find that request.';

/** Every request: open ones first, soonest due first; then the rest, most recently changed first. */
export async function listInformationRequests(
  ctx: SignedInContext,
  filter: { status: 'open' | 'all' },
) {
  const { db } = ctx;
  const calendar = await loadSchoolCalendar(db);
  const today = schoolDate(ctx.now(), calendar.timeZone);
  const rows = await db
    .selectFrom('information_requests as r')
    .leftJoin('students as s', 's.id', 'r.student_id')
    .leftJoin('contacts as c', 'c.id', 'r.contact_id')
    .leftJoin('users as cu', 'cu.id', 'r.created_by_user_id')
    .leftJoin('staff as st', 'st.id', 'cu.staff_id')
    .select([
      'r.id',
      'r.kind',
      'r.student_id',
      'r.contact_id',
      'r.requester',
      'r.received_on',
      'r.due_on',
      'r.status',
      'r.completed_at',
      'r.note',
      'r.created_at',
      'r.updated_at',
      's.forename as student_forename',
      's.surname as student_surname',
      's.year_group',
      's.form',
      'c.title as contact_title',
      'c.forename as contact_forename',
      'c.surname as contact_surname',
      'st.forename as logged_by_forename',
      'st.surname as logged_by_surname',
    ])
    .$if(filter.status === 'open', (q) => q.where('r.status', '=', 'open'))
    .orderBy(sql`case when r.status = 'open' then 0 else 1 end`)
    .orderBy(sql`case when r.status = 'open' then r.due_on end`, 'asc')
    .orderBy('r.updated_at', 'desc')
    .orderBy('r.received_on', 'desc')
    .orderBy('r.id')
    .limit(500)
    .execute();
  await recordAudit(db, {
    ...actorOf(ctx),
    action: 'view.information_requests',
    details: { status: filter.status, requests: rows.length },
  });
  const requests = rows.map((r) => {
    const kind = r.kind as InformationRequestKind;
    const status = r.status as InformationRequestStatus;
    const subject = r.student_id
      ? {
          kind: 'student' as const,
          id: r.student_id,
          name: `${r.student_forename} ${r.student_surname}`,
          detail: `Student, Year ${r.year_group}, form ${r.form}`,
        }
      : {
          kind: 'contact' as const,
          id: r.contact_id!,
          name: [r.contact_title, r.contact_forename, r.contact_surname].filter(Boolean).join(' '),
          detail: 'Parent or carer',
        };
    return {
      id: r.id,
      kind,
      kindLabel: INFORMATION_REQUEST_KIND_LABELS[kind] ?? r.kind,
      timeLimit: INFORMATION_REQUEST_TIME_LIMITS[kind] ?? null,
      subject,
      requester: r.requester,
      receivedOn: r.received_on,
      dueOn: r.due_on,
      status,
      statusLabel: STATUS_LABELS[status] ?? r.status,
      /** "Due in 12 days", "Overdue by 3 days": only while the request is open. */
      dueLabel: status === 'open' ? dueLabel(r.due_on, today) : null,
      overdue: status === 'open' && r.due_on < today,
      completedAt: r.completed_at,
      note: r.note,
      loggedBy: r.logged_by_forename ? `${r.logged_by_forename} ${r.logged_by_surname}` : null,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
  return {
    today,
    open: requests.filter((r) => r.status === 'open').length,
    overdue: requests.filter((r) => r.overdue).length,
    requests,
  };
}

/** Logs a request with its deadline, worked out from the day it was received. */
export async function createInformationRequest(ctx: SignedInContext, input: NewInformationRequest) {
  const { db } = ctx;
  const now = ctx.now();
  const calendar = await loadSchoolCalendar(db);
  const today = schoolDate(now, calendar.timeZone);
  if (!isCalendarDate(input.receivedOn)) {
    throw new AppError('bad_input', 'Enter the date the request was received.', {
      fieldErrors: { receivedOn: ['Enter a real date, for example 17/11/2026.'] },
    });
  }
  if (input.receivedOn > today) {
    throw new AppError('bad_input', 'The date received cannot be in the future.', {
      fieldErrors: { receivedOn: ['The date received cannot be in the future.'] },
    });
  }
  const [student, contact] = await Promise.all([
    input.studentId
      ? db.selectFrom('students').select('id').where('id', '=', input.studentId).executeTakeFirst()
      : undefined,
    input.contactId
      ? db.selectFrom('contacts').select('id').where('id', '=', input.contactId).executeTakeFirst()
      : undefined,
  ]);
  if (input.studentId && !student) {
    throw new AppError('not_found', 'We could not find that student.');
  }
  if (input.contactId && !contact) {
    throw new AppError('not_found', 'We could not find that parent or carer.');
  }
  const { dueOn, beyondCalendar } = informationRequestDueOn(input.kind, input.receivedOn, calendar);
  const submission = { purpose: 'information_request.log', userId: ctx.user.id, input };
  return db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const row = await trx
        .insertInto('information_requests')
        .values({
          kind: input.kind,
          student_id: input.studentId ?? null,
          contact_id: input.contactId ?? null,
          requester: input.requester,
          received_on: input.receivedOn,
          due_on: dueOn,
          note: input.note || null,
          created_by_user_id: ctx.user.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'information_request.logged',
        studentId: input.studentId ?? null,
        details: {
          request_id: row.id,
          kind: input.kind,
          ...(input.contactId ? { contact_id: input.contactId } : {}),
          received_on: input.receivedOn,
          due_on: dueOn,
        },
      });
      return {
        id: row.id,
        dueOn,
        /** True when term dates ran out: weekdays were counted, so check the date once they are set. */
        beyondCalendar,
      };
    }),
  );
}

async function closeRequest(
  ctx: SignedInContext,
  id: string,
  status: 'completed' | 'withdrawn',
  note: string | undefined,
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const request = await trx
      .selectFrom('information_requests')
      .select(['id', 'status', 'student_id', 'contact_id', 'note'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!request) throw new AppError('not_found', NOT_FOUND);
    if (request.status !== 'open') {
      throw new AppError(
        'conflict',
        `That request is already ${request.status === 'completed' ? 'completed' : 'withdrawn'}.`,
      );
    }
    const combinedNote = note ? (request.note ? `${request.note}\n${note}` : note) : request.note;
    await trx
      .updateTable('information_requests')
      .set({
        status,
        completed_at: status === 'completed' ? now : null,
        note: combinedNote,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: `information_request.${status}`,
      studentId: request.student_id,
      details: {
        request_id: id,
        ...(request.contact_id ? { contact_id: request.contact_id } : {}),
      },
    });
    return { id, status, updatedAt: now };
  });
}

/** Marks a request answered. */
export function completeInformationRequest(ctx: SignedInContext, id: string, note?: string) {
  return closeRequest(ctx, id, 'completed', note);
}

/** Marks a request withdrawn by the person who made it. */
export function withdrawInformationRequest(ctx: SignedInContext, id: string, note?: string) {
  return closeRequest(ctx, id, 'withdrawn', note);
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Whom a request can be about: students and parents or carers matching a name (or, for a contact,
 * an email address), or the one given by id. The search is audited like any list of people.
 */
export async function findRequestSubjects(
  ctx: SignedInContext,
  input: {
    search?: string | undefined;
    studentId?: string | undefined;
    contactId?: string | undefined;
  },
) {
  const { db } = ctx;
  const search = input.search?.trim() ?? '';
  const pattern = `%${likeEscape(search.toLowerCase().replace(/\s+/g, ' '))}%`;
  const [students, contacts] = await Promise.all([
    input.studentId
      ? db
          .selectFrom('students')
          .select([
            'id',
            'forename',
            'surname',
            'preferred_name',
            'year_group',
            'form',
            'date_of_birth',
            'leaving_date',
          ])
          .where('id', '=', input.studentId)
          .execute()
          .then((rows) =>
            rows.map((r) => ({
              id: r.id,
              name: `${r.preferred_name ?? r.forename} ${r.surname}`,
              yearGroup: r.year_group,
              form: r.form,
              dateOfBirth: r.date_of_birth,
              leavingDate: r.leaving_date,
            })),
          )
      : search.length >= 2
        ? findStudentsByName(db, search)
        : Promise.resolve([]),
    input.contactId || search.length >= 2
      ? db
          .selectFrom('contacts as c')
          .select(['c.id', 'c.title', 'c.forename', 'c.surname', 'c.email', 'c.postcode'])
          .$if(!!input.contactId, (q) => q.where('c.id', '=', input.contactId!))
          .$if(!input.contactId, (q) =>
            q.where((eb) =>
              eb.or([
                sql<boolean>`lower(c.forename || ' ' || c.surname) like ${pattern}`,
                sql<boolean>`lower(c.surname || ', ' || c.forename) like ${pattern}`,
                sql<boolean>`lower(coalesce(c.email, '')) like ${pattern}`,
              ]),
            ),
          )
          .orderBy('c.surname')
          .orderBy('c.forename')
          .limit(20)
          .execute()
      : Promise.resolve([]),
  ]);
  const foundContacts = input.studentId && !input.contactId ? [] : contacts;
  const foundStudents = input.contactId && !input.studentId ? [] : students;
  await recordAudit(db, {
    ...actorOf(ctx),
    action: 'view.information_request_search',
    details: {
      ...(search ? { search } : {}),
      student_ids: foundStudents.map((s) => s.id),
      contacts: foundContacts.length,
    },
  });
  return {
    students: foundStudents,
    contacts: foundContacts.map((c) => ({
      id: c.id,
      name: [c.title, c.forename, c.surname].filter(Boolean).join(' '),
      email: c.email,
      postcode: c.postcode,
    })),
  };
}
