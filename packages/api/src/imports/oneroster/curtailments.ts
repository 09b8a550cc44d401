import type { Existing } from './existing';
import type { Roster } from './roster';

export const CURTAILMENT_CAUSES = [
  'contact_disabled',
  'link_not_parental',
  'link_missing',
] as const;
export type CurtailmentCause = (typeof CURTAILMENT_CAUSES)[number];

/** Why access stopped, as the office and the dry run read it. */
export const CURTAILMENT_REASONS: Record<CurtailmentCause, string> = {
  contact_disabled: 'not enabled (or marked for deletion) in the school’s management system',
  link_not_parental: 'now a relative without parental responsibility in the school’s system',
  link_missing: 'no longer linked to this student in the school’s system',
};

export interface NewCurtailment {
  contact_id: string;
  link_id: string | null;
  cause: CurtailmentCause;
}

export interface CurtailmentWrites {
  open: NewCurtailment[];
  /** Open curtailments the school's system no longer backs: their access returns. */
  end: string[];
  /** For the dry run: who loses access, and why, by name. */
  described: string[];
}

interface Ids {
  contactIdOf: Map<string, string>;
  studentIdOf: Map<string, string>;
}

/**
 * Access the school's system has curtailed since the last import: a contact no longer enabled,
 * a link whose role no longer carries parental responsibility, a link a full roster no longer lists
 * (its student still listed: a leaver's links go with the leaver). Only links that give access
 * (verified, with parental responsibility) can be curtailed; an open or office-lifted curtailment
 * is never opened twice; one the system no longer backs is ended. Only what this import speaks
 * about is decided: a partial roster ends nothing about links it does not list.
 */
export function planCurtailments(
  roster: Roster,
  existing: Existing,
  ids: Ids,
  full: boolean,
): CurtailmentWrites {
  const open = new Map(
    existing.openCurtailments.map((c) => [key(c.contact_id, c.link_id, c.cause), c.id]),
  );
  const writes: CurtailmentWrites = { open: [], end: [], described: [] };
  const names = namesOf(roster, existing, ids);
  const decide = (wanted: boolean, c: NewCurtailment) => {
    const found = open.get(key(c.contact_id, c.link_id, c.cause));
    if (wanted && !found) {
      writes.open.push(c);
      const student = c.link_id ? ` (for ${names.link(c.link_id)})` : '';
      writes.described.push(
        `${names.contact(c.contact_id)}${student}: ${CURTAILMENT_REASONS[c.cause]}.`,
      );
    } else if (!wanted && found) writes.end.push(found);
  };

  for (const w of roster.contacts) {
    const contactId = ids.contactIdOf.get(w.sourceId);
    if (contactId)
      decide(!w.enabled, { contact_id: contactId, link_id: null, cause: 'contact_disabled' });
  }
  const listed = new Set<string>();
  for (const w of roster.links) {
    const studentId = ids.studentIdOf.get(w.studentSourceId);
    const contactId = ids.contactIdOf.get(w.contactSourceId);
    if (!studentId || !contactId) continue;
    listed.add(`${studentId} ${contactId}`);
    const link = existing.linkRows.get(`${studentId} ${contactId}`);
    if (!link) continue;
    decide(link.grants && !w.parental, {
      contact_id: contactId,
      link_id: link.id,
      cause: 'link_not_parental',
    });
    decide(false, { contact_id: contactId, link_id: link.id, cause: 'link_missing' });
  }
  if (full) {
    const studentsListed = new Set(ids.studentIdOf.values());
    for (const [linkKey, link] of existing.linkRows) {
      if (listed.has(linkKey) || !studentsListed.has(link.studentId)) continue;
      decide(link.grants, { contact_id: link.contactId, link_id: link.id, cause: 'link_missing' });
    }
  }
  return writes;
}

const key = (contactId: string, linkId: string | null, cause: string) =>
  `${contactId} ${linkId ?? ''} ${cause}`;

function namesOf(roster: Roster, existing: Existing, ids: Ids) {
  const contacts = new Map<string, string>();
  for (const c of existing.contacts) contacts.set(c.id, `${c.forename} ${c.surname}`);
  for (const w of roster.contacts) {
    const id = ids.contactIdOf.get(w.sourceId);
    if (id) contacts.set(id, `${w.forename} ${w.surname}`);
  }
  const students = new Map<string, string>();
  for (const s of existing.students) students.set(s.id, `${s.forename} ${s.surname}`);
  for (const w of roster.students) {
    const id = ids.studentIdOf.get(w.sourceId);
    if (id) students.set(id, `${w.forename} ${w.surname}`);
  }
  const linkStudent = new Map([...existing.linkRows.values()].map((l) => [l.id, l.studentId]));
  return {
    contact: (id: string) => contacts.get(id) ?? 'A parent or carer',
    link: (linkId: string) => students.get(linkStudent.get(linkId) ?? '') ?? 'a student',
  };
}
