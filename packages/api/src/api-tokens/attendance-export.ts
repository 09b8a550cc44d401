import { sql } from 'kysely';
import { recordAudit } from '@schoolgate/db';
import type { ApiTokenIdentity, Context } from '../core';
import { AppError } from '../core';
import { categoryOf, explainCode } from '../attendance';
import { linkIsBlocked } from '../access';
import { toCsv } from '../audit';

type TokenContext = Context & { apiToken: ApiTokenIdentity };

/** The longest range one call reads: a month and a day, enough for a monthly export. */
export const MAX_EXPORT_DAYS = 31;

export interface AttendanceExportInput {
  from: string;
  to: string;
  /** Only N marks (absent, no reason yet): what the school texts parents about each morning. */
  unexplainedOnly?: boolean | undefined;
}

/** Days from `from` to `to`, both counted; dates are validated ISO dates (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return (
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
  );
}

/**
 * Attendance marks in a range of days for an internal tool (issue 15, `attendance:read`), each with
 * the student and the contacts a school's SMS provider would text. The student-access policy for
 * a token (docs/internal-tools.md, "What a token never sees"):
 * - a student under a child-protection hold (P14), of either scope, is left out entirely: the hold
 *   suspends every party's access, and a text about the child could reach the very people the hold
 *   is about; the office handles those children by hand;
 * - a mark is exported only for a day the student was on roll (admitted, not yet left);
 * - contacts are only those the school has verified as having parental responsibility (P3: an
 *   imported link is unverified until staff check it), whose link grants access now (not revoked,
 *   not curtailed by the school's system: `linkIsBlocked`) and who are not themselves revoked
 *   (P13): the parents the portal itself would show the child to;
 * - a teacher's note on a mark is never exported.
 * The read is audited with every student it returned (P10), beside the call's own entry.
 */
export async function attendanceExport(ctx: TokenContext, input: AttendanceExportInput) {
  if (input.from > input.to) {
    throw new AppError('bad_input', 'The first day must be on or before the last day.', {
      fieldErrors: { to: ['The last day must be on or after the first day.'] },
    });
  }
  if (daysBetween(input.from, input.to) > MAX_EXPORT_DAYS) {
    throw new AppError(
      'bad_input',
      `Ask for at most ${MAX_EXPORT_DAYS} days at once, and make several calls for a longer time.`,
      { fieldErrors: { to: [`The range can be at most ${MAX_EXPORT_DAYS} days.`] } },
    );
  }
  let query = ctx.db
    .selectFrom('attendance_marks as m')
    .innerJoin('students as s', 's.id', 'm.student_id')
    .select([
      'm.on_date',
      'm.session',
      'm.code',
      'm.minutes_late',
      's.id as student_id',
      's.upn',
      's.forename',
      's.surname',
      's.preferred_name',
      's.year_group',
      's.form',
    ])
    .where('m.on_date', '>=', input.from)
    .where('m.on_date', '<=', input.to)
    .whereRef('s.admission_date', '<=', 'm.on_date')
    .where((eb) =>
      eb.or([eb('s.leaving_date', 'is', null), eb('s.leaving_date', '>=', eb.ref('m.on_date'))]),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('safeguarding_holds as h')
            .select(sql`1`.as('one'))
            .whereRef('h.student_id', '=', 's.id')
            .where('h.lifted_at', 'is', null),
        ),
      ),
    );
  if (input.unexplainedOnly) query = query.where('m.code', '=', 'N');
  const marks = await query
    .orderBy('m.on_date')
    .orderBy('m.session')
    .orderBy('s.surname')
    .orderBy('s.forename')
    .orderBy('s.id')
    .execute();

  const studentIds = [...new Set(marks.map((m) => m.student_id))];
  const contacts =
    studentIds.length === 0
      ? []
      : await ctx.db
          .selectFrom('student_contacts as l')
          .innerJoin('contacts as c', 'c.id', 'l.contact_id')
          .select([
            'l.student_id',
            'l.relationship',
            'c.title',
            'c.forename',
            'c.surname',
            'c.phone_mobile',
            'c.email',
          ])
          .where('l.student_id', 'in', studentIds)
          .where('l.parental_responsibility', '=', true)
          .where('l.status', '=', 'verified')
          .where((eb) => eb.not(linkIsBlocked()))
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('access_restrictions as ar')
                  .select(sql`1`.as('one'))
                  .whereRef('ar.contact_id', '=', 'l.contact_id')
                  .where('ar.lifted_at', 'is', null),
              ),
            ),
          )
          .orderBy('c.surname')
          .orderBy('c.forename')
          .orderBy('c.id')
          .execute();
  const contactsOf = new Map<string, typeof contacts>();
  for (const c of contacts) {
    contactsOf.set(c.student_id, [...(contactsOf.get(c.student_id) ?? []), c]);
  }

  await recordAudit(ctx.db, {
    at: ctx.now(),
    action: 'api_token.attendance_read',
    actorUserId: ctx.apiToken.ownerUserId,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: {
      token_id: ctx.apiToken.id,
      token_name: ctx.apiToken.name,
      from: input.from,
      to: input.to,
      unexplained_only: input.unexplainedOnly === true,
      marks: marks.length,
      // So that searching the audit log by student finds the export (P10).
      student_ids: studentIds,
    },
  });

  return marks.map((m) => ({
    date: m.on_date,
    session: m.session as 'AM' | 'PM',
    code: m.code,
    category: categoryOf(m.code) ?? 'not_possible',
    meaning: explainCode(m.code),
    minutesLate: m.minutes_late,
    student: {
      id: m.student_id,
      upn: m.upn,
      forename: m.forename,
      surname: m.surname,
      preferredName: m.preferred_name,
      yearGroup: m.year_group,
      form: m.form,
    },
    contacts: (contactsOf.get(m.student_id) ?? []).map((c) => ({
      title: c.title,
      forename: c.forename,
      surname: c.surname,
      relationship: c.relationship,
      mobile: c.phone_mobile,
      email: c.email,
    })),
  }));
}

export type AttendanceExportRow = Awaited<ReturnType<typeof attendanceExport>>[number];

const CSV_HEADER = [
  'date',
  'session',
  'code',
  'meaning',
  'upn',
  'forename',
  'surname',
  'year',
  'form',
  'contact_name',
  'relationship',
  'mobile',
] as const;

/**
 * The export as CSV for an SMS provider's upload (formula-safe): one line per mark and contact to
 * text, so each line is one message; a mark with no contact to text still gets one line, with the
 * contact's columns empty, so nobody is left out silently.
 */
export function attendanceExportCsv(rows: readonly AttendanceExportRow[]): string {
  return toCsv(
    CSV_HEADER,
    rows.flatMap((row) => {
      const mark = [
        row.date,
        row.session,
        row.code,
        row.meaning,
        row.student.upn,
        row.student.preferredName ?? row.student.forename,
        row.student.surname,
        row.student.yearGroup,
        row.student.form,
      ];
      if (row.contacts.length === 0) return [[...mark, null, null, null]];
      return row.contacts.map((c) => [
        ...mark,
        [c.title, c.forename, c.surname].filter(Boolean).join(' '),
        c.relationship,
        c.mobile,
      ]);
    }),
  );
}
