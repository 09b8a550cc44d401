import { sql } from 'kysely';
import { AppError, staffDisplayName } from '../../core';
import { explainCode } from '../../attendance';
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
import { auditTrailForRelease } from './review-section';
import {
  changeRequestsSection,
  restrictionsSection,
  signInHistoryOf,
  verificationOf,
} from './trail-sections';

// Everything held about a student.

export async function gatherStudent(db: Db, studentId: string, now: Date) {
  const student = await db
    .selectFrom('students')
    .selectAll()
    .where('id', '=', studentId)
    .executeTakeFirst();
  if (!student) throw new AppError('not_found', 'We could not find that student.');
  const user = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('student_id', '=', studentId)
    .executeTakeFirst();
  const userId = user?.id ?? null;

  const [links, attendance, behaviour, reports, draftReports] = await Promise.all([
    db
      .selectFrom('student_contacts as l')
      .innerJoin('contacts as c', 'c.id', 'l.contact_id')
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
        'c.title',
        'c.forename',
        'c.surname',
        'v.title as verifier_title',
        'v.forename as verifier_forename',
        'v.surname as verifier_surname',
      ])
      .where('l.student_id', '=', studentId)
      .orderBy('c.surname')
      .orderBy('c.forename')
      .execute(),
    db
      .selectFrom('attendance_marks as m')
      .leftJoin('staff as st', 'st.id', 'm.recorded_by_staff_id')
      .select([
        'm.on_date',
        'm.session',
        'm.code',
        'm.minutes_late',
        'm.note',
        'm.recorded_at',
        'm.updated_at',
        'st.title',
        'st.forename',
        'st.surname',
      ])
      .where('m.student_id', '=', studentId)
      .orderBy('m.on_date')
      .orderBy('m.session')
      .execute(),
    db
      .selectFrom('behaviour_events as e')
      .leftJoin('staff as st', 'st.id', 'e.recorded_by_staff_id')
      .select([
        'e.occurred_on',
        'e.kind',
        'e.category',
        'e.points',
        'e.description',
        'e.place',
        'e.action_taken',
        'e.action_date',
        'e.created_at',
        'e.updated_at',
        'st.title',
        'st.forename',
        'st.surname',
      ])
      .where('e.student_id', '=', studentId)
      .orderBy('e.occurred_on')
      .orderBy('e.created_at')
      .execute(),
    db
      .selectFrom('reports as r')
      .innerJoin('report_cycles as c', 'c.id', 'r.cycle_id')
      .leftJoin('staff as t', 't.id', 'r.tutor_staff_id')
      .select((eb) => [
        'r.id',
        'c.name',
        'c.publish_at',
        'r.tutor_comment',
        'r.updated_at',
        't.title',
        't.forename',
        't.surname',
        sql<
          {
            subject: string;
            attainment: string | null;
            target: string | null;
            effort: string | null;
            comment: string | null;
            teacher: string | null;
          }[]
        >`coalesce((
          select json_agg(json_build_object(
            'subject', rs.subject, 'attainment', rs.attainment, 'target', rs.target,
            'effort', rs.effort, 'comment', rs.comment,
            'teacher', case when ts.surname is null then null
              else coalesce(ts.title, ts.forename) || ' ' || ts.surname end
          ) order by rs.sort_order, rs.subject)
          from report_subjects rs left join staff ts on ts.id = rs.teacher_staff_id
          where rs.report_id = ${eb.ref('r.id')}
        ), '[]'::json)`.as('subjects'),
      ])
      .where('r.student_id', '=', studentId)
      .where('c.publish_at', 'is not', null)
      .where('c.publish_at', '<=', now)
      .orderBy('c.publish_at')
      .execute(),
    db
      .selectFrom('reports as r')
      .innerJoin('report_cycles as c', 'c.id', 'r.cycle_id')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('r.student_id', '=', studentId)
      .where((eb) => eb.or([eb('c.publish_at', 'is', null), eb('c.publish_at', '>', now)]))
      .executeTakeFirstOrThrow(),
  ]);

  const [restrictions, changeRequests, account, sessions, knownDevices, policies, noticesRead] =
    await Promise.all([
      restrictionsSection(db, { linkIds: links.map((l) => l.id), userId }),
      changeRequestsSection(db, { studentId }),
      accountSection(db, userId),
      sessionsSection(db, userId),
      devicesSection(db, userId),
      policyAcceptancesSection(db, userId),
      noticesReadSection(db, userId),
    ]);
  const [emailsSent, { auditTrail, reviewBeforeRelease }, { messages, forReview }] =
    await Promise.all([
      emailsSection(db, [user?.email]),
      auditTrailForRelease(db, { userId, studentId }),
      messagesSection(db, { kind: 'student', studentId, userId }),
    ]);

  const drafts = Number(draftReports.n);
  const name = `${student.forename} ${student.surname}`;
  return {
    name,
    userId,
    draftReports: drafts,
    reviewBeforeRelease: { ...reviewBeforeRelease, messages: forReview },
    sections: {
      personalData: {
        id: student.id,
        forename: student.forename,
        surname: student.surname,
        preferredName: student.preferred_name,
        dateOfBirth: student.date_of_birth,
        yearGroup: student.year_group,
        form: student.form,
        upn: student.upn,
        admissionDate: student.admission_date,
        leavingDate: student.leaving_date,
        managementSystemId: student.source_id,
        createdAt: student.created_at,
        updatedAt: student.updated_at,
      },
      parentsAndCarers: links.map((l) => ({
        name: [l.title, l.forename, l.surname].filter(Boolean).join(' '),
        relationship: l.relationship,
        parentalResponsibility: l.parental_responsibility,
        linkStatus: l.status,
        verification: verificationOf(l),
        linkedAt: l.created_at,
        updatedAt: l.updated_at,
      })),
      accessRestrictions: restrictions,
      attendance: attendance.map((m) => ({
        date: m.on_date,
        session: m.session,
        code: m.code,
        meaning: explainCode(m.code),
        minutesLate: m.minutes_late,
        note: m.note,
        recordedBy: staffDisplayName(m),
        recordedAt: m.recorded_at,
        updatedAt: m.updated_at,
      })),
      behaviour: behaviour.map((e) => ({
        date: e.occurred_on,
        kind: e.kind,
        category: e.category,
        points: e.points,
        description: e.description,
        place: e.place,
        actionTaken: e.action_taken,
        actionDate: e.action_date,
        recordedBy: staffDisplayName(e),
        createdAt: e.created_at,
        updatedAt: e.updated_at,
      })),
      reports: reports.map((r) => ({
        cycle: r.name,
        publishedAt: r.publish_at,
        tutor: staffDisplayName(r),
        tutorComment: r.tutor_comment,
        subjects: r.subjects,
        updatedAt: r.updated_at,
      })),
      noticesRead,
      changeRequests,
      messages,
      account,
      signInHistory: signInHistoryOf(auditTrail, userId),
      sessions,
      knownDevices,
      policyAcceptances: policies,
      emailsSent,
      auditTrail,
    },
  };
}
