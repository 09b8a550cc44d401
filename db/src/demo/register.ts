import {
  addDays,
  birthWindow,
  daysBetween,
  weekdayOnOrBefore,
  year7Start,
  type SchoolCalendar,
} from './calendar';
import type { Directory, Household } from './directory';
import { ELDER_MEN, ELDER_WOMEN, SHORT_NAMES, type NameGroup } from './names';
import type { Random } from './random';
import type { ContactRow, Evidence, LinkRow, StudentRow } from './rows';

export interface RegisterContext {
  random: Random;
  directory: Directory;
  calendar: SchoolCalendar;
  now: Date;
  /** Staff who verify parental responsibility: the office manager first, then the admin. */
  verifiers: readonly [string, string];
}

export interface Person {
  title: string | null;
  forename: string;
  surname: string;
}

/** Where a link's parental responsibility (PR) stands (P3). */
export type Standing =
  | { kind: 'verified'; evidence: Evidence; note: string }
  | { kind: 'pending' } // PR stated on the admission form, not yet checked by staff
  | { kind: 'no-pr' };

/** A child to add, in `year` now or (for a leaver) when they left. */
export interface Kid {
  year: number;
  /** The year group they would be in now, if they left from an earlier one. */
  cohort?: number;
  leaving?: string;
}

export interface Member {
  person: Person;
  home: Household;
  relationship: string;
  standing: Standing;
  email?: string;
}

export const YEAR_GROUPS = [7, 8, 9, 10, 11] as const;
const PER_YEAR = 30;
const FORMS = ['N', 'F'] as const;

const NOTES: Record<Exclude<Evidence, 'adoption_or_court_order'>, readonly string[]> = {
  birth_certificate: [
    'Full birth certificate seen at the office; not copied.',
    'Birth certificate checked against the admission form.',
  ],
  mis_record_photo_id: [
    'Matches the MIS record; passport seen.',
    'Matches the MIS record; driving licence seen.',
    "Matches the admission form; photo ID seen at parents' evening.",
  ],
  other: ['Confirmed with the previous school; signed declaration on file.'],
};

/**
 * The school's records as they are built: people become student, contact and link rows, and the
 * 30 places in each year group are counted off as children join.
 */
export class SchoolRegister {
  readonly students: StudentRow[] = [];
  readonly contacts: ContactRow[] = [];
  readonly links: LinkRow[] = [];
  readonly random: Random;
  private readonly places = new Map<number, number>(YEAR_GROUPS.map((year) => [year, PER_YEAR]));

  constructor(private readonly context: RegisterContext) {
    this.random = context.random;
  }

  get calendar(): SchoolCalendar {
    return this.context.calendar;
  }

  placesLeft(): number {
    return [...this.places.values()].reduce((sum, n) => sum + n, 0);
  }

  yearsWithPlaces(): number[] {
    return YEAR_GROUPS.filter((year) => (this.places.get(year) ?? 0) > 0);
  }

  /** Children on roll in these year groups, each taking a place. */
  onRoll(years: readonly number[]): Kid[] {
    return years.map((year) => {
      const left = this.places.get(year) ?? 0;
      if (left <= 0) throw new Error(`Demo school: Year ${year} is full`);
      this.places.set(year, left - 1);
      return { year };
    });
  }

  home(): Household {
    return this.context.directory.household();
  }

  /** Adds each member as a contact linked to every child; returns the contact ids. */
  family(kids: StudentRow[], members: Member[]): string[] {
    return members.map((member) => {
      const id = this.contact(member.person, member.home, member.email);
      for (const kid of kids) this.link(kid, id, member.relationship, member.standing);
      return id;
    });
  }

  /** Brothers and sisters, oldest first, with different names and at least 10 months apart. */
  kids(group: NameGroup, surname: string, kids: Kid[]): StudentRow[] {
    let bornAfter: string | undefined;
    const oldestFirst = [...kids].sort((a, b) => (b.cohort ?? b.year) - (a.cohort ?? a.year));
    return oldestFirst.map((kid) => {
      const names = this.random.chance(0.5) ? group.girls : group.boys;
      const [forename] = this.freshName(names, surname);
      const row = this.student(forename, surname, { ...kid, bornAfter });
      bornAfter = addDays(row.date_of_birth, 300);
      return row;
    });
  }

  /** A student; `bornAfter` keeps a younger sibling's birthday after the older one's. */
  student(forename: string, surname: string, kid: Kid & { bornAfter?: string }): StudentRow {
    const { calendar, now, directory } = this.context;
    directory.claimName(forename, surname);
    const cohort = kid.cohort ?? kid.year;
    const [first, last] = birthWindow(calendar, cohort);
    const from = kid.bornAfter && kid.bornAfter > first ? kid.bornAfter : first;
    const dob = addDays(from, Math.floor(this.random.next() * (daysBetween(from, last) + 1)));
    const start = year7Start(calendar, cohort);
    // A few joined after Year 7 began: a weekday within the year after it started.
    const lateJoiner = this.random.chance(0.03) && cohort > 7;
    const joinedAfter = this.random.int(40, 300);
    const short = SHORT_NAMES[forename];
    const preferShort = this.random.chance(0.5);
    const row: StudentRow = {
      id: crypto.randomUUID(),
      upn: upn(calendar.academicYear - cohort, this.students.length + 1),
      forename,
      surname,
      preferred_name: short && preferShort ? short : null,
      date_of_birth: dob,
      year_group: kid.year,
      form: '', // set by assignForms once every student exists
      admission_date: lateJoiner ? weekdayOnOrBefore(addDays(start, joinedAfter)) : start,
      leaving_date: kid.leaving ?? null,
      created_at: now,
      updated_at: now,
    };
    this.students.push(row);
    return row;
  }

  adult(group: NameGroup, sex: 'female' | 'male', surname?: string, elder = false): Person {
    const names =
      sex === 'female' ? (elder ? ELDER_WOMEN : group.women) : elder ? ELDER_MEN : group.men;
    const [forename, fullSurname] = this.freshName(names, surname ?? group.surnames);
    const doctor = this.random.chance(0.03);
    const womansTitle = this.random.pick(['Ms', 'Miss', 'Mrs']);
    const title = doctor ? 'Dr' : sex === 'male' ? 'Mr' : surname ? 'Mrs' : womansTitle;
    return { title, forename, surname: fullSurname };
  }

  /** A name nobody in the school has yet (given up after a few tries: lists are short). */
  private freshName(
    forenames: readonly string[],
    surnames: string | readonly string[],
  ): [string, string] {
    for (let attempt = 1; ; attempt++) {
      const forename = this.random.pick(forenames);
      const surname = typeof surnames === 'string' ? surnames : this.random.pick(surnames);
      const claimed = this.context.directory.claimName(forename, surname);
      if (claimed || attempt === 20) return [forename, surname];
    }
  }

  /** PR that staff have mostly checked already: most links verified, some still waiting. */
  prStanding(): Standing {
    return this.random.chance(0.88) ? this.verified() : { kind: 'pending' };
  }

  verified(evidence?: Exclude<Evidence, 'adoption_or_court_order'>): Standing {
    const chosen =
      evidence ??
      this.random.weighted([
        ['mis_record_photo_id', 55],
        ['birth_certificate', 40],
        ['other', 5],
      ] as const);
    return { kind: 'verified', evidence: chosen, note: this.random.pick(NOTES[chosen]) };
  }

  /** PR from a court order (special guardianship, guardianship): mostly seen already. */
  courtOrder(note: string): Standing {
    return this.random.chance(0.88)
      ? { kind: 'verified', evidence: 'adoption_or_court_order', note }
      : { kind: 'pending' };
  }

  /** On-roll students split evenly between their year's two forms; leavers keep one too. */
  assignForms(): void {
    for (const year of YEAR_GROUPS) {
      const onRoll = this.students.filter((s) => s.year_group === year && !s.leaving_date);
      this.random.shuffle(onRoll).forEach((student, i) => {
        student.form = `${year}${FORMS[i < onRoll.length / 2 ? 0 : 1]}`;
      });
    }
    for (const student of this.students.filter((s) => s.leaving_date)) {
      student.form = `${student.year_group}${this.random.pick(FORMS)}`;
    }
  }

  private contact(person: Person, home: Household, email?: string): string {
    const { directory, now } = this.context;
    directory.claimName(person.forename, person.surname);
    const id = crypto.randomUUID();
    const withoutEmail = this.random.chance(0.05);
    const workPhone = this.random.chance(0.1);
    this.contacts.push({
      id,
      ...person,
      email:
        email ??
        (withoutEmail ? null : directory.email(person.forename, person.surname, 'example.org')),
      phone_mobile: directory.mobile(),
      phone_home: home.phone_home,
      phone_work: workPhone ? directory.landline() : null,
      address_line1: home.address_line1,
      address_line2: home.address_line2,
      town: home.town,
      postcode: home.postcode,
      created_at: now,
      updated_at: now,
    });
    return id;
  }

  private link(student: StudentRow, contactId: string, relationship: string, standing: Standing) {
    const { now, verifiers } = this.context;
    const row = {
      id: crypto.randomUUID(),
      student_id: student.id,
      contact_id: contactId,
      relationship,
      created_at: now,
      updated_at: now,
    };
    if (standing.kind !== 'verified') {
      const pr = standing.kind === 'pending';
      this.links.push({ ...row, parental_responsibility: pr, status: 'unverified' });
      return;
    }
    this.links.push({
      ...row,
      parental_responsibility: true,
      status: 'verified',
      verified_by_staff_id: this.random.chance(0.8) ? verifiers[0] : verifiers[1],
      verified_at: this.verifiedAt(student.admission_date),
      verification_evidence: standing.evidence,
      verification_note: standing.note,
    });
  }

  /** A weekday in office hours between two months before admission and yesterday. */
  private verifiedAt(admission: string): Date {
    const { today } = this.context.calendar;
    const span = Math.max(1, daysBetween(addDays(admission, -60), today) - 1);
    const day = weekdayOnOrBefore(addDays(today, -1 - Math.floor(this.random.next() * span)));
    const minutes = this.random.int(8 * 60, 16 * 60);
    return new Date(Date.parse(`${day}T00:00:00Z`) + minutes * 60_000);
  }
}

const UPN_CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * A UPN in the DfE's format: a check letter, then LA number, establishment number, the year it
 * was given (here the child's first school year) and a serial. LA 999 does not exist.
 */
function upn(allocatedIn: number, serial: number): string {
  const year = String(allocatedIn % 100).padStart(2, '0');
  const digits = `9994321${year}${String(serial).padStart(3, '0')}`;
  const sum = [...digits].reduce((total, digit, i) => total + Number(digit) * (i + 2), 0);
  return `${UPN_CHECK_LETTERS[sum % 23]}${digits}`;
}
