import type { AccountOwner } from '../../accounts';
import type { ImportCounts, ImportProblem } from '../types';
import { planCurtailments, type CurtailmentWrites } from './curtailments';
import type { Existing } from './existing';
import type { Roster } from './roster';

export interface StudentRow {
  id: string;
  source_id: string;
  upn: string | null;
  forename: string;
  surname: string;
  preferred_name: string | null;
  date_of_birth: string;
  year_group: number;
  form: string;
  admission_date: string;
}

export interface ContactRow {
  id: string;
  source_id: string;
  forename: string;
  surname: string;
  email: string | null;
  phone_mobile: string | null;
  phone_home: string | null;
}

export interface StaffRow {
  id: string;
  source_id: string;
  forename: string;
  surname: string;
  email: string;
}

export interface GroupRow {
  id: string;
  source_id: string;
  code: string;
  title: string | null;
  subject: string;
  year_group: number | null;
  room: string | null;
  teacher_staff_id: string | null;
}

/**
 * A parent's, carer's or teacher's email that changes: their portal account, if they have one,
 * moves with it (P4, P5). `line` is their row of users.csv.
 */
export interface EmailChange {
  owner: AccountOwner;
  line: number;
  email: string;
}

/** Every row the import would write, worked out before anything is written. */
export interface Writes {
  staff: { add: StaffRow[]; change: StaffRow[]; teacherRoles: string[] };
  students: { add: StudentRow[]; change: StudentRow[] };
  contacts: { add: ContactRow[]; change: ContactRow[] };
  emailChanges: EmailChange[];
  links: { student_id: string; contact_id: string; relationship: string }[];
  groups: { add: GroupRow[]; change: GroupRow[] };
  members: { add: [string, string][]; remove: [string, string][] };
  leavers: { propose: string[]; withdraw: string[] };
  curtailments: CurtailmentWrites;
}

export interface Diff {
  writes: Writes;
  /** Students in the files whom the portal records as having left: they stay recorded so. */
  leftButListed: number;
  /** Every student added or changed, or whose links, classes or leaver proposal change. */
  studentIds: string[];
  counts: Record<string, ImportCounts>;
  problems: ImportProblem[];
}

/** The labels staff see for each kind of record, in the order they see them. */
export const RECORD_LABELS = {
  students: 'Students',
  contacts: 'Parents and carers',
  links: 'Links between parents or carers and students',
  teachers: 'Teachers',
  groups: 'Classes',
  members: 'Class memberships',
  leavers: 'Proposed leavers',
} as const;

const counts = (add: number, change: number, unchanged: number): ImportCounts => ({
  add,
  change,
  unchanged,
});

/**
 * The mobile the portal holds, when the files give none. Imports once stored the landline as the
 * mobile when there was no `sms`: that copy goes now that the landline has its own place.
 */
const keptMobile = (
  match: { phone_mobile: string | null } | undefined,
  landline: string | null,
): string | null =>
  match?.phone_mobile && match.phone_mobile !== landline ? match.phone_mobile : null;

const same = <T extends object>(a: T, b: T): boolean =>
  (Object.keys(a) as (keyof T)[]).every((key) => a[key] === b[key]);

/**
 * Compares what the files say with what the portal holds, matching people and classes by their
 * OneRoster sourcedId (or, the first time, a student by UPN, a teacher by email and a class by
 * its code), and works out every row to add or change. Nothing here reads or writes the database.
 */
export function diffRoster(
  roster: Roster,
  existing: Existing,
  options: {
    today: string;
    full: boolean;
    newId: () => string;
    /**
     * Whether a line already has a problem: its record is refused, so it is neither written nor
     * counted (a refused row is never "unchanged").
     */
    refused?: (file: 'users.csv' | 'classes.csv', line: number) => boolean;
  },
): Diff {
  const problems: ImportProblem[] = [];
  const report = (line: number, message: string, file = 'users.csv') =>
    problems.push({ file, line, message });
  const { today, newId } = options;
  const refused = options.refused ?? (() => false);

  // Teachers: by sourcedId, else by email (staff entered by hand before the first import).
  const staffBySource = new Map(
    existing.staff.flatMap((s) => (s.source_id ? [[s.source_id, s]] : [])),
  );
  const staffByEmail = new Map(existing.staff.map((s) => [s.email.toLowerCase(), s]));
  const staffIdOf = new Map<string, string>();
  const staff: Writes['staff'] = { add: [], change: [], teacherRoles: [] };
  const emailsInFile = new Map<string, number>();
  const emailChanges: EmailChange[] = [];
  let teachersChanged = 0;
  let teachersUnchanged = 0;
  for (const t of roster.teachers) {
    if (refused('users.csv', t.line)) continue;
    const email = t.email.toLowerCase();
    const firstLine = emailsInFile.get(email);
    if (firstLine !== undefined) {
      report(t.line, `Email ${t.email} is also given to the teacher on line ${firstLine}.`);
      continue;
    }
    emailsInFile.set(email, t.line);
    const byEmail = staffByEmail.get(email);
    const match =
      staffBySource.get(t.sourceId) ??
      (byEmail && byEmail.source_id === null ? byEmail : undefined);
    if (byEmail && byEmail !== match) {
      report(t.line, `Email ${t.email} already belongs to another member of staff in the portal.`);
      continue;
    }
    const row: StaffRow = {
      id: match?.id ?? newId(),
      source_id: t.sourceId,
      forename: t.forename,
      surname: t.surname,
      email: t.email,
    };
    staffIdOf.set(t.sourceId, row.id);
    if (!match) {
      staff.add.push(row);
      staff.teacherRoles.push(row.id);
      continue;
    }
    const changed = !same(row, { ...match, email: match.email } as StaffRow);
    if (changed) staff.change.push(row);
    if (row.email !== match.email) {
      emailChanges.push({ owner: { staffId: row.id }, line: t.line, email: row.email });
    }
    if (!match.teaches) staff.teacherRoles.push(row.id);
    if (changed || !match.teaches) teachersChanged++;
    else teachersUnchanged++;
  }

  // Students: by sourcedId, else by UPN (students entered by hand before the first import).
  const bySource = new Map(
    existing.students.flatMap((s) => (s.source_id ? [[s.source_id, s]] : [])),
  );
  const byUpn = new Map(existing.students.flatMap((s) => (s.upn ? [[s.upn, s]] : [])));
  const studentIdOf = new Map<string, string>();
  const present = new Set<string>();
  const students: Writes['students'] = { add: [], change: [] };
  const upnsInFile = new Map<string, number>();
  let leftButListed = 0;
  let studentsUnchanged = 0;
  for (const w of roster.students) {
    if (refused('users.csv', w.line)) continue;
    if (w.upn) {
      const firstLine = upnsInFile.get(w.upn);
      if (firstLine !== undefined) {
        report(w.line, `UPN ${w.upn} is also given to the student on line ${firstLine}.`);
        continue;
      }
      upnsInFile.set(w.upn, w.line);
    }
    const withUpn = w.upn ? byUpn.get(w.upn) : undefined;
    const match =
      bySource.get(w.sourceId) ?? (withUpn && withUpn.source_id === null ? withUpn : undefined);
    if (withUpn && withUpn !== match) {
      report(w.line, `UPN ${w.upn} already belongs to another student in the portal.`);
      continue;
    }
    if (!match) {
      const missing = [
        w.dateOfBirth ? null : 'no birthDate in demographics.csv',
        w.form ? null : 'no current homeroom class (their form)',
      ].filter(Boolean);
      if (missing.length > 0) {
        report(w.line, `New student ${w.sourceId} has ${missing.join(' and ')}.`);
        continue;
      }
      const id = newId();
      studentIdOf.set(w.sourceId, id);
      students.add.push({
        id,
        source_id: w.sourceId,
        upn: w.upn,
        forename: w.forename,
        surname: w.surname,
        preferred_name: w.preferredName ?? null,
        date_of_birth: w.dateOfBirth!,
        year_group: w.yearGroup,
        form: w.form!,
        admission_date: w.admissionDate ?? today,
      });
      continue;
    }
    studentIdOf.set(w.sourceId, match.id);
    present.add(match.id);
    if (match.leaving_date !== null && match.leaving_date < today) leftButListed++;
    const row: StudentRow = {
      id: match.id,
      source_id: w.sourceId,
      upn: w.upn ?? match.upn,
      forename: w.forename,
      surname: w.surname,
      // A column the file does not have never blanks what the portal holds.
      preferred_name: w.preferredName === undefined ? match.preferred_name : w.preferredName,
      date_of_birth: w.dateOfBirth ?? match.date_of_birth,
      year_group: w.yearGroup,
      form: w.form ?? match.form,
      // Admission is when they joined the school: a later homeroom does not move it.
      admission_date: match.admission_date,
    };
    if (!same(row, match as unknown as StudentRow)) students.change.push(row);
    else studentsUnchanged++;
  }

  // Parents and carers: by sourcedId only (matching a parent by name or email could be wrong).
  const contactsBySource = new Map(
    existing.contacts.flatMap((c) => (c.source_id ? [[c.source_id, c]] : [])),
  );
  const contactIdOf = new Map<string, string>();
  const contacts: Writes['contacts'] = { add: [], change: [] };
  let contactsUnchanged = 0;
  for (const w of roster.contacts) {
    if (refused('users.csv', w.line)) continue;
    const match = contactsBySource.get(w.sourceId);
    const row: ContactRow = {
      id: match?.id ?? newId(),
      source_id: w.sourceId,
      forename: w.forename,
      surname: w.surname,
      // An empty email or phone in the files never blanks one the school already holds.
      email: w.email ?? match?.email ?? null,
      phone_mobile: w.phoneMobile ?? keptMobile(match, w.phoneHome),
      phone_home: w.phoneHome ?? match?.phone_home ?? null,
    };
    contactIdOf.set(w.sourceId, row.id);
    if (!match) contacts.add.push(row);
    else if (!same(row, match as ContactRow)) contacts.change.push(row);
    else contactsUnchanged++;
    if (match && row.email !== null && row.email !== match.email) {
      emailChanges.push({ owner: { contactId: row.id }, line: w.line, email: row.email });
    }
  }

  // Links: only missing ones are added; a link staff have checked is never touched.
  const links: Writes['links'] = [];
  let linksKnown = 0;
  for (const w of roster.links) {
    const studentId = studentIdOf.get(w.studentSourceId);
    const contactId = contactIdOf.get(w.contactSourceId);
    if (!studentId || !contactId) continue;
    if (existing.links.has(`${studentId} ${contactId}`)) linksKnown++;
    else links.push({ student_id: studentId, contact_id: contactId, relationship: w.relationship });
  }

  const curtailments = planCurtailments(
    roster,
    existing,
    { contactIdOf, studentIdOf },
    options.full,
  );

  // Classes: by sourcedId, else by code; members follow the files.
  const groupsBySource = new Map(
    existing.groups.flatMap((g) => (g.source_id ? [[g.source_id, g]] : [])),
  );
  const groupsByCode = new Map(existing.groups.map((g) => [g.code.toLowerCase(), g]));
  const groups: Writes['groups'] = { add: [], change: [] };
  const members: Writes['members'] = { add: [], remove: [] };
  let membersKept = 0;
  let groupsUnchanged = 0;
  const existingMembers = new Map<string, string[]>();
  for (const key of existing.memberships) {
    const [groupId, studentId] = key.split(' ') as [string, string];
    const list = existingMembers.get(groupId);
    if (list) list.push(studentId);
    else existingMembers.set(groupId, [studentId]);
  }
  for (const w of roster.groups) {
    if (refused('classes.csv', w.line)) continue;
    const withCode = groupsByCode.get(w.code.toLowerCase());
    const match =
      groupsBySource.get(w.sourceId) ??
      (withCode && withCode.source_id === null ? withCode : undefined);
    if (withCode && withCode !== match) {
      report(
        w.line,
        `Class code "${w.code}" already belongs to another class in the portal.`,
        'classes.csv',
      );
      continue;
    }
    const teacherId = w.teacherSourceId ? (staffIdOf.get(w.teacherSourceId) ?? null) : null;
    const row: GroupRow = {
      id: match?.id ?? newId(),
      source_id: w.sourceId,
      code: w.code,
      title: w.title,
      subject: w.subject,
      year_group: w.yearGroup,
      room: w.room ?? match?.room ?? null,
      teacher_staff_id: teacherId ?? match?.teacher_staff_id ?? null,
    };
    if (!match) groups.add.push(row);
    else if (!same(row, match as GroupRow)) groups.change.push(row);
    else groupsUnchanged++;
    const wanted = new Set<string>();
    for (const sourceId of w.members) {
      const studentId = studentIdOf.get(sourceId);
      if (studentId) wanted.add(studentId);
    }
    for (const studentId of wanted) {
      if (existing.memberships.has(`${row.id} ${studentId}`)) membersKept++;
      else members.add.push([row.id, studentId]);
    }
    // Only a full roster says who is no longer in a class.
    if (options.full && match) {
      for (const studentId of existingMembers.get(match.id) ?? []) {
        if (!wanted.has(studentId)) members.remove.push([match.id, studentId]);
      }
    }
  }

  // Leavers: on roll, from an earlier roster, and not in this full one.
  const leavers: Writes['leavers'] = { propose: [], withdraw: [] };
  let stillProposed = 0;
  if (options.full) {
    for (const s of existing.students) {
      const onRoll = s.leaving_date === null || s.leaving_date >= today;
      if (!s.source_id || !onRoll || present.has(s.id)) continue;
      if (existing.openProposals.has(s.id)) stillProposed++;
      else leavers.propose.push(s.id);
    }
  }
  const withdrawnFor: string[] = [];
  for (const [studentId, proposalId] of existing.openProposals) {
    if (!present.has(studentId)) continue;
    leavers.withdraw.push(proposalId);
    withdrawnFor.push(studentId);
  }

  const studentIds = new Set([
    ...students.add.map((s) => s.id),
    ...students.change.map((s) => s.id),
    ...links.map((l) => l.student_id),
    ...members.add.map(([, studentId]) => studentId),
    ...members.remove.map(([, studentId]) => studentId),
    ...leavers.propose,
    ...withdrawnFor,
  ]);

  return {
    writes: {
      staff,
      students,
      contacts,
      emailChanges,
      links,
      groups,
      members,
      leavers,
      curtailments,
    },
    leftButListed,
    studentIds: [...studentIds],
    problems,
    counts: {
      // Unchanged is counted record by record, so a refused row is never among them.
      [RECORD_LABELS.students]: counts(
        students.add.length,
        students.change.length,
        studentsUnchanged,
      ),
      [RECORD_LABELS.contacts]: counts(
        contacts.add.length,
        contacts.change.length,
        contactsUnchanged,
      ),
      [RECORD_LABELS.links]: counts(links.length, 0, linksKnown),
      [RECORD_LABELS.teachers]: counts(staff.add.length, teachersChanged, teachersUnchanged),
      [RECORD_LABELS.groups]: counts(groups.add.length, groups.change.length, groupsUnchanged),
      [RECORD_LABELS.members]: counts(members.add.length, members.remove.length, membersKept),
      [RECORD_LABELS.leavers]: counts(
        leavers.propose.length,
        leavers.withdraw.length,
        stillProposed,
      ),
    },
  };
}
