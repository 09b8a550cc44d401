import type { Kysely } from 'kysely';
import type { DB } from '@schoolgate/db';

export interface ExistingStudent {
  id: string;
  source_id: string | null;
  upn: string | null;
  forename: string;
  surname: string;
  preferred_name: string | null;
  date_of_birth: string;
  year_group: number;
  form: string;
  admission_date: string;
  leaving_date: string | null;
}

export interface ExistingContact {
  id: string;
  source_id: string | null;
  forename: string;
  surname: string;
  email: string | null;
  phone_mobile: string | null;
  phone_home: string | null;
}

export interface ExistingStaff {
  id: string;
  source_id: string | null;
  forename: string;
  surname: string;
  email: string;
  teaches: boolean;
}

export interface ExistingGroup {
  id: string;
  source_id: string | null;
  code: string;
  title: string | null;
  subject: string;
  year_group: number | null;
  room: string | null;
  teacher_staff_id: string | null;
}

export interface ExistingCurtailment {
  id: string;
  contact_id: string;
  link_id: string | null;
  cause: string;
}

/** What the portal holds that a roster can touch, each table read once. */
export interface Existing {
  students: ExistingStudent[];
  contacts: ExistingContact[];
  staff: ExistingStaff[];
  groups: ExistingGroup[];
  /** "groupId studentId" for every member of every teaching group. */
  memberships: Set<string>;
  /** "studentId contactId" for every link to a contact that came from a roster. */
  links: Set<string>;
  /** The same links by that key: their id, and whether they give access (verified, with PR). */
  linkRows: Map<string, { id: string; studentId: string; contactId: string; grants: boolean }>;
  /** Curtailments by the school's system still in force or lifted by the office (not ended). */
  openCurtailments: ExistingCurtailment[];
  /** Students with a proposal to confirm or dismiss. */
  openProposals: Map<string, string>;
}

export async function loadExisting(db: Kysely<DB>): Promise<Existing> {
  const [students, contacts, staff, teachers, groups, memberships, links, proposals, curtailed] =
    await Promise.all([
      db
        .selectFrom('students')
        .select([
          'id',
          'source_id',
          'upn',
          'forename',
          'surname',
          'preferred_name',
          'date_of_birth',
          'year_group',
          'form',
          'admission_date',
          'leaving_date',
        ])
        .execute(),
      db
        .selectFrom('contacts')
        .select(['id', 'source_id', 'forename', 'surname', 'email', 'phone_mobile', 'phone_home'])
        .where('source_id', 'is not', null)
        .execute(),
      db.selectFrom('staff').select(['id', 'source_id', 'forename', 'surname', 'email']).execute(),
      db.selectFrom('staff_roles').select('staff_id').where('role', '=', 'teacher').execute(),
      db
        .selectFrom('teaching_groups')
        .select([
          'id',
          'source_id',
          'code',
          'title',
          'subject',
          'year_group',
          'room',
          'teacher_staff_id',
        ])
        .execute(),
      db.selectFrom('teaching_group_members').select(['group_id', 'student_id']).execute(),
      db
        .selectFrom('student_contacts as l')
        .innerJoin('contacts as c', 'c.id', 'l.contact_id')
        .select(['l.id', 'l.student_id', 'l.contact_id', 'l.status', 'l.parental_responsibility'])
        .where('c.source_id', 'is not', null)
        .execute(),
      db
        .selectFrom('leaver_proposals')
        .select(['id', 'student_id'])
        .where('decision', 'is', null)
        .execute(),
      db
        .selectFrom('mis_curtailments')
        .select(['id', 'contact_id', 'link_id', 'cause'])
        .where('ended_at', 'is', null)
        .execute(),
    ]);
  const teacherIds = new Set(teachers.map((t) => t.staff_id));
  return {
    students,
    contacts,
    staff: staff.map((s) => ({ ...s, teaches: teacherIds.has(s.id) })),
    groups,
    memberships: new Set(memberships.map((m) => `${m.group_id} ${m.student_id}`)),
    links: new Set(links.map((l) => `${l.student_id} ${l.contact_id}`)),
    linkRows: new Map(
      links.map((l) => [
        `${l.student_id} ${l.contact_id}`,
        {
          id: l.id,
          studentId: l.student_id,
          contactId: l.contact_id,
          grants: l.status === 'verified' && l.parental_responsibility,
        },
      ]),
    ),
    openCurtailments: curtailed,
    openProposals: new Map(proposals.map((p) => [p.student_id, p.id])),
  };
}
