import { PLANNED_ACTIONS, type PlannedChange, type PlannedField } from '../types';
import { CURTAILMENT_REASONS, type CurtailmentCause } from './curtailments';
import type { Existing } from './existing';
import { RECORD_LABELS, type Writes } from './plan';

/**
 * The dry run's list of *what* changes, record by record: a data manager must be able to see a
 * year group shifted by one or a name decoded wrongly before applying, which counts cannot show.
 * Built from the planned writes and what the portal holds; it reads nothing else.
 */

type Value = string | number | null | undefined;

/** Each field whose value differs, old → new, labelled as staff know it. */
function fieldsOf<R extends object>(
  labels: Partial<Record<keyof R & string, string>>,
  before: Partial<Record<keyof R & string, Value>> | null,
  after: Partial<Record<keyof R & string, Value>>,
  show: (field: keyof R & string, value: Value) => string | null = plain,
): PlannedField[] {
  const fields: PlannedField[] = [];
  for (const [key, label] of Object.entries(labels) as [keyof R & string, string][]) {
    const from = before ? show(key, before[key]) : null;
    const to = show(key, after[key]);
    if (before ? from !== to : to !== null) fields.push({ field: label, from, to });
  }
  return fields;
}

const plain = (_field: string, value: Value): string | null =>
  value === null || value === undefined ? null : String(value);

const STUDENT_FIELDS = {
  source_id: 'sourcedId',
  forename: 'forename',
  surname: 'surname',
  preferred_name: 'preferred name',
  upn: 'UPN',
  date_of_birth: 'date of birth',
  year_group: 'year group',
  form: 'form',
  admission_date: 'admission date',
};
const CONTACT_FIELDS = {
  source_id: 'sourcedId',
  forename: 'forename',
  surname: 'surname',
  email: 'email',
  phone_mobile: 'mobile',
  phone_home: 'landline',
};
const STAFF_FIELDS = {
  source_id: 'sourcedId',
  forename: 'forename',
  surname: 'surname',
  email: 'email',
};
const GROUP_FIELDS = {
  source_id: 'sourcedId',
  code: 'code',
  title: 'title',
  subject: 'subject',
  year_group: 'year group',
  room: 'room',
  teacher_staff_id: 'teacher',
};

const fullName = (p: { forename: string; surname: string }) => `${p.forename} ${p.surname}`;

export function describeChanges(existing: Existing, writes: Writes): PlannedChange[] {
  const changes: PlannedChange[] = [];
  const push = (
    kind: string,
    action: PlannedChange['action'],
    name: string,
    ref: string | null,
    fields: PlannedField[] = [],
    reason: string | null = null,
  ) => changes.push({ kind, action, name, ref, fields, reason });

  // Names as the portal holds them, and as the import adds them.
  const students = new Map(existing.students.map((s) => [s.id, s]));
  const contacts = new Map(existing.contacts.map((c) => [c.id, c]));
  const staff = new Map(existing.staff.map((s) => [s.id, s]));
  const groups = new Map(existing.groups.map((g) => [g.id, g]));
  const studentName = new Map(existing.students.map((s) => [s.id, fullName(s)]));
  const contactName = new Map(existing.contacts.map((c) => [c.id, fullName(c)]));
  const staffName = new Map(existing.staff.map((s) => [s.id, fullName(s)]));
  const groupCode = new Map(existing.groups.map((g) => [g.id, g.code]));
  for (const s of writes.students.add) studentName.set(s.id, fullName(s));
  for (const c of writes.contacts.add) contactName.set(c.id, fullName(c));
  for (const s of writes.staff.add) staffName.set(s.id, fullName(s));
  for (const s of writes.staff.change) staffName.set(s.id, fullName(s));
  for (const g of [...writes.groups.add, ...writes.groups.change]) groupCode.set(g.id, g.code);
  const nameOf = (names: Map<string, string>, id: string) => names.get(id) ?? 'someone';

  const showGroup = (field: string, value: Value) =>
    field === 'teacher_staff_id'
      ? typeof value === 'string'
        ? nameOf(staffName, value)
        : null
      : plain(field, value);

  for (const s of writes.students.add) {
    push(
      RECORD_LABELS.students,
      'add',
      fullName(s),
      s.source_id,
      fieldsOf(STUDENT_FIELDS, null, s),
    );
  }
  for (const s of writes.students.change) {
    const before = students.get(s.id);
    push(
      RECORD_LABELS.students,
      'change',
      before ? fullName(before) : fullName(s),
      s.source_id,
      fieldsOf(STUDENT_FIELDS, before ?? null, s),
    );
  }

  for (const c of writes.contacts.add) {
    push(
      RECORD_LABELS.contacts,
      'add',
      fullName(c),
      c.source_id,
      fieldsOf(CONTACT_FIELDS, null, c),
    );
  }
  for (const c of writes.contacts.change) {
    const before = contacts.get(c.id);
    push(
      RECORD_LABELS.contacts,
      'change',
      before ? fullName(before) : fullName(c),
      c.source_id,
      fieldsOf(CONTACT_FIELDS, before ?? null, c),
    );
  }
  // Access the school's system stops, or no longer stops, with the reason.
  const linkStudent = new Map([...existing.linkRows.values()].map((l) => [l.id, l.studentId]));
  const forStudent = (linkId: string | null) =>
    linkId ? ` (for ${nameOf(studentName, linkStudent.get(linkId) ?? '')})` : '';
  const contactRef = (id: string) => contacts.get(id)?.source_id ?? null;
  for (const c of writes.curtailments.open) {
    push(
      RECORD_LABELS.contacts,
      'curtail',
      `${nameOf(contactName, c.contact_id)}${forStudent(c.link_id)}`,
      contactRef(c.contact_id),
      [],
      `Access stops: ${CURTAILMENT_REASONS[c.cause]}.`,
    );
  }
  const openById = new Map(existing.openCurtailments.map((c) => [c.id, c]));
  for (const id of writes.curtailments.end) {
    const c = openById.get(id);
    if (!c) continue;
    const was = CURTAILMENT_REASONS[c.cause as CurtailmentCause] ?? c.cause;
    push(
      RECORD_LABELS.contacts,
      'restore',
      `${nameOf(contactName, c.contact_id)}${forStudent(c.link_id)}`,
      contactRef(c.contact_id),
      [],
      `The school’s system no longer says this (${was}), so the stop on access ends.`,
    );
  }

  for (const l of writes.links) {
    push(
      RECORD_LABELS.links,
      'add',
      `${nameOf(contactName, l.contact_id)} and ${nameOf(studentName, l.student_id)}`,
      null,
      [
        { field: 'relationship', from: null, to: l.relationship },
        { field: 'status', from: null, to: 'unverified, without parental responsibility' },
      ],
    );
  }

  const newStaff = new Set(writes.staff.add.map((s) => s.id));
  const staffChanged = new Map(writes.staff.change.map((s) => [s.id, s]));
  for (const s of writes.staff.add) {
    push(RECORD_LABELS.teachers, 'add', fullName(s), s.source_id, fieldsOf(STAFF_FIELDS, null, s));
  }
  const becomeTeachers = new Set(writes.staff.teacherRoles.filter((id) => !newStaff.has(id)));
  for (const id of new Set([...staffChanged.keys(), ...becomeTeachers])) {
    const before = staff.get(id);
    const after = staffChanged.get(id);
    const fields = after ? fieldsOf(STAFF_FIELDS, before ?? null, after) : [];
    if (becomeTeachers.has(id)) fields.push({ field: 'teacher role', from: 'no', to: 'yes' });
    push(
      RECORD_LABELS.teachers,
      'change',
      before ? fullName(before) : nameOf(staffName, id),
      after?.source_id ?? before?.source_id ?? null,
      fields,
    );
  }

  for (const g of writes.groups.add) {
    push(
      RECORD_LABELS.groups,
      'add',
      g.code,
      g.source_id,
      fieldsOf(GROUP_FIELDS, null, g, showGroup),
    );
  }
  for (const g of writes.groups.change) {
    const before = groups.get(g.id);
    push(
      RECORD_LABELS.groups,
      'change',
      before?.code ?? g.code,
      g.source_id,
      fieldsOf(GROUP_FIELDS, before ?? null, g, showGroup),
    );
  }

  const membership = ([groupId, studentId]: [string, string]) =>
    `${nameOf(studentName, studentId)} in ${groupCode.get(groupId) ?? 'a class'}`;
  for (const m of writes.members.add) push(RECORD_LABELS.members, 'add', membership(m), null);
  for (const m of writes.members.remove) {
    push(
      RECORD_LABELS.members,
      'remove',
      membership(m),
      null,
      [],
      'Not in this class in these files: the membership ends.',
    );
  }

  const studentRef = (id: string) => students.get(id)?.source_id ?? null;
  for (const id of writes.leavers.propose) {
    push(
      RECORD_LABELS.leavers,
      'add',
      nameOf(studentName, id),
      studentRef(id),
      [],
      'On roll but not in these files: proposed as a leaver for staff to confirm.',
    );
  }
  const proposalStudent = new Map([...existing.openProposals].map(([s, p]) => [p, s]));
  for (const proposalId of writes.leavers.withdraw) {
    const id = proposalStudent.get(proposalId) ?? '';
    push(
      RECORD_LABELS.leavers,
      'remove',
      nameOf(studentName, id),
      studentRef(id),
      [],
      'In these files again: the proposal is withdrawn.',
    );
  }

  return sortChanges(changes);
}

/** By kind (as the counts list them), then the weightiest action first, then by name. */
function sortChanges(changes: PlannedChange[]): PlannedChange[] {
  const kinds: string[] = Object.values(RECORD_LABELS);
  const actions: readonly string[] = PLANNED_ACTIONS;
  const byName = new Intl.Collator('en-GB', { numeric: true }).compare;
  return changes.sort(
    (a, b) =>
      kinds.indexOf(a.kind) - kinds.indexOf(b.kind) ||
      actions.indexOf(a.action) - actions.indexOf(b.action) ||
      byName(a.name, b.name),
  );
}
