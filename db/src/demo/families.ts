import { DEMO_ACCOUNTS, DEMO_PEOPLE } from './accounts';
import { addDays, weekdayOnOrBefore } from './calendar';
import { NAME_GROUPS, type NameGroup } from './names';
import {
  SchoolRegister,
  type Kid,
  type Member,
  type Person,
  type RegisterContext,
} from './register';
import type { ContactRow, LinkRow, StudentRow } from './rows';

export interface DemoFamilies {
  students: StudentRow[];
  contacts: ContactRow[];
  links: LinkRow[];
  demoParentContactId: string;
  demoStudentId: string;
  /** Daniel's younger sister Amara (Year 8), the demo parent's other child. */
  demoSiblingId: string;
  /** The demo parents whose only child on roll is in Year 9 (a mother) and Year 7 (a father). */
  demoParent9ContactId: string;
  demoParent7ContactId: string;
}

/**
 * 150 students on roll (30 in each of Years 7–11, two forms a year), two who have left, and the
 * parents and carers around them in the shapes real families come in: a few scripted families
 * the demo relies on, then random ones until every place is taken.
 */
export function buildFamilies(context: RegisterContext): DemoFamilies {
  const register = new SchoolRegister(context);
  const demo = demoFamily(register);
  scriptedFamilies(register);
  while (register.placesLeft() > 0) randomFamily(register);
  register.assignForms();
  // Chosen from the families already drawn, so that adding them changed nobody else.
  const parent9 = onlyChildParent(register, context, 'parent9', {
    year: 9,
    relationship: 'Mother',
  });
  const parent7 = onlyChildParent(register, context, 'parent7', {
    year: 7,
    relationship: 'Father',
  });
  const { students, contacts, links } = register;
  return {
    students,
    contacts,
    links,
    demoParentContactId: demo.parent,
    demoStudentId: demo.student,
    demoSiblingId: demo.sibling,
    demoParent9ContactId: parent9,
    demoParent7ContactId: parent7,
  };
}

/**
 * A demo parent whose only child on roll is in `year`: the first contact in the register (so the
 * same family on every run) linked to exactly one child, by a verified parental-responsibility
 * link as `relationship`, the child on roll in that year. The contact takes the demo account's
 * name, and its email becomes the account's (P4: a parent's registered email is where the
 * account's emails go).
 */
function onlyChildParent(
  r: SchoolRegister,
  context: RegisterContext,
  key: 'parent9' | 'parent7',
  wanted: { year: number; relationship: string },
): string {
  const { today } = context.calendar;
  const contact = r.contacts.find((c) => {
    const links = r.links.filter((l) => l.contact_id === c.id);
    const [only] = links;
    if (links.length !== 1 || !only) return false;
    const child = r.students.find((s) => s.id === only.student_id);
    return (
      only.status === 'verified' &&
      only.parental_responsibility === true &&
      only.relationship === wanted.relationship &&
      child?.year_group === wanted.year &&
      !child.leaving_date &&
      child.admission_date <= today
    );
  });
  if (!contact) throw new Error(`Demo school: no family for ${key}`);
  const person = DEMO_PEOPLE[key];
  if (!context.directory.claimName(person.forename, person.surname)) {
    throw new Error(`Demo school: ${person.forename} ${person.surname} is already someone else`);
  }
  Object.assign(contact, {
    title: person.title,
    forename: person.forename,
    surname: person.surname,
    email: DEMO_ACCOUNTS.find((account) => account.key === key)?.email ?? null,
  });
  return contact.id;
}

/**
 * The demo parent (mother) and the children's father share a home; both have verified PR for
 * Daniel (Year 10, the demo student) and Amara (Year 8). A former step-father is still on the
 * contact list without PR: he must never get access through them.
 */
function demoFamily(r: SchoolRegister): { parent: string; student: string; sibling: string } {
  const [older, younger] = r.onRoll([10, 8]);
  if (!older || !younger) throw new Error('Demo school: no places for the demo family');
  const { forename, surname } = DEMO_PEOPLE.student;
  const daniel = r.student(forename, surname, older);
  const amara = r.student('Amara', surname, younger);
  const home = r.home();
  const [parent] = r.family(
    [daniel, amara],
    [
      {
        person: DEMO_PEOPLE.parent,
        home,
        relationship: 'Mother',
        standing: r.verified('birth_certificate'),
        // P4: a parent's registered email is where the account's emails go.
        email: DEMO_ACCOUNTS.find((account) => account.key === 'parent')?.email,
      },
      {
        person: { title: 'Mr', forename: 'Emeka', surname },
        home,
        relationship: 'Father',
        standing: r.verified('mis_record_photo_id'),
      },
      {
        person: { title: 'Mr', forename: 'Gareth', surname: 'Doyle' },
        home: r.home(),
        relationship: 'Step-father',
        standing: { kind: 'no-pr' },
      },
    ],
  );
  if (!parent) throw new Error('Demo school: the demo parent was not created');
  return { parent, student: daniel.id, sibling: amara.id };
}

/** Families the demo and its tests rely on, whatever the random ones turn out to be. */
function scriptedFamilies(r: SchoolRegister): void {
  const british = NAME_GROUPS[0];
  if (!british) throw new Error('Demo school: no names');
  const { today, academicYear } = r.calendar;
  // Three siblings across the school; separated parents at two addresses, both with PR.
  separated(r, british, r.onRoll([11, 9, 7]), false, true);

  // A new Year 7 family whose PR the office has not checked yet.
  const mother = r.adult(british, 'female');
  const newcomer = r.kids(british, mother.surname, r.onRoll([7]));
  r.family(newcomer, [
    { person: mother, home: r.home(), relationship: 'Mother', standing: { kind: 'pending' } },
  ]);

  // P1: a Year 9 pupil who moved away; the parents have no other child here.
  const moved = weekdayOnOrBefore(addDays(today, -45));
  couple(r, british, [{ year: 9, leaving: moved }], true);

  // A Year 11 leaver from last summer whose younger sibling is still on roll.
  const summer = weekdayOnOrBefore(`${academicYear}-07-19`);
  couple(r, british, [{ year: 11, cohort: 12, leaving: summer }, ...r.onRoll([9])], true);

  // Brought up under a court order by a guardian, and a foster child (carers without PR).
  kinship(r, pickGroup(r), r.onRoll([8]), 'guardian');
  kinship(r, pickGroup(r), r.onRoll([10]), 'foster');
}

function randomFamily(r: SchoolRegister): void {
  const group = pickGroup(r);
  const count = r.random.weighted([
    [1, 80],
    [2, 16],
    [3, 4],
  ] as const);
  const kids = r.onRoll(r.random.shuffle(r.yearsWithPlaces()).slice(0, count));
  const shape = r.random.weighted([
    ['couple', 44],
    ['separated', 16],
    ['separated with step-parent', 8],
    ['single', 24],
    ['grandparents', 4],
    ['guardian', 2],
    ['foster', 2],
  ] as const);
  const children =
    shape === 'couple'
      ? couple(r, group, kids)
      : shape === 'separated' || shape === 'separated with step-parent'
        ? separated(r, group, kids, shape === 'separated with step-parent')
        : shape === 'single'
          ? single(r, group, kids)
          : kinship(r, group, kids, shape);
  if (r.random.chance(0.18)) emergencyContact(r, group, children);
}

function couple(r: SchoolRegister, group: NameGroup, kids: Kid[], allVerified = false) {
  const home = r.home();
  const father = r.adult(partnerGroup(r, group), 'male');
  const sameSex = r.random.chance(0.03);
  const married = r.random.chance(0.7);
  const mother = r.adult(group, 'female', married ? father.surname : undefined);
  const other = sameSex ? r.adult(group, 'female', mother.surname) : father;
  const surname = married || sameSex ? mother.surname : kidsSurname(r, father, mother);
  const children = r.kids(group, surname, kids);
  const pr = () => (allVerified ? r.verified() : r.prStanding());
  r.family(children, [
    { person: mother, home, relationship: 'Mother', standing: pr() },
    {
      person: other,
      home,
      relationship: sameSex ? 'Mother' : 'Father',
      // A second mother has PR as the birth mother's wife, named on the birth certificate.
      standing: sameSex ? r.verified('birth_certificate') : pr(),
    },
  ]);
  return children;
}

function separated(
  r: SchoolRegister,
  group: NameGroup,
  kids: Kid[],
  withStep: boolean,
  allVerified = false,
) {
  const father = r.adult(partnerGroup(r, group), 'male');
  // Some mothers keep the married name after separating, some go back to their own.
  const keptName = r.random.chance(0.5);
  const mother = r.adult(group, 'female', keptName ? father.surname : undefined);
  const children = r.kids(group, kidsSurname(r, father, mother), kids);
  const [motherHome, fatherHome] = [r.home(), r.home()];
  const pr = () => (allVerified ? r.verified() : r.prStanding());
  const members: Member[] = [
    { person: mother, home: motherHome, relationship: 'Mother', standing: pr() },
    { person: father, home: fatherHome, relationship: 'Father', standing: pr() },
  ];
  if (withStep) {
    // A step-parent has no PR unless a court or agreement gave it, so no access either.
    const withMother = r.random.chance(0.7);
    members.push({
      person: r.adult(pickGroup(r), withMother ? 'male' : 'female'),
      home: withMother ? motherHome : fatherHome,
      relationship: withMother ? 'Step-father' : 'Step-mother',
      standing: { kind: 'no-pr' },
    });
  }
  r.family(children, members);
  return children;
}

function single(r: SchoolRegister, group: NameGroup, kids: Kid[]) {
  const mum = r.random.chance(0.78);
  const parent = r.adult(group, mum ? 'female' : 'male');
  const children = r.kids(group, parent.surname, kids);
  const relationship = mum ? 'Mother' : 'Father';
  r.family(children, [{ person: parent, home: r.home(), relationship, standing: r.prStanding() }]);
  return children;
}

/** Children brought up by grandparents or a guardian under a court order, or in foster care. */
function kinship(
  r: SchoolRegister,
  group: NameGroup,
  kids: Kid[],
  shape: 'grandparents' | 'guardian' | 'foster',
) {
  const home = r.home();
  const elder = shape === 'grandparents';
  const carer = r.adult(group, 'female', undefined, elder);
  const partner = r.adult(group, 'male', carer.surname, elder);
  const together = shape !== 'guardian' && r.random.chance(0.5);
  const sameSurname = shape !== 'foster' && r.random.chance(0.5);
  const children = r.kids(group, sameSurname ? carer.surname : r.random.pick(group.surnames), kids);
  // Foster carers do not hold PR: the local authority and the birth parents do.
  const [relationship, standing] =
    shape === 'grandparents'
      ? (['Grandmother', r.courtOrder('Special guardianship order seen; copy on file.')] as const)
      : shape === 'guardian'
        ? (['Guardian', r.courtOrder('Order appointing the guardian seen; copy on file.')] as const)
        : (['Carer', { kind: 'no-pr' }] as const);
  const members: Member[] = [{ person: carer, home, relationship, standing }];
  if (together) {
    const partnerRelationship = elder ? 'Grandfather' : 'Carer';
    members.push({ person: partner, home, relationship: partnerRelationship, standing });
  }
  r.family(children, members);
  return children;
}

function emergencyContact(r: SchoolRegister, group: NameGroup, kids: StudentRow[]): void {
  const [relationship, sex, elder] = r.random.pick([
    ['Grandmother', 'female', true],
    ['Grandfather', 'male', true],
    ['Aunt', 'female', false],
    ['Uncle', 'male', false],
  ] as const);
  const person = r.adult(group, sex, undefined, elder);
  r.family(kids, [{ person, home: r.home(), relationship, standing: { kind: 'no-pr' } }]);
}

/** Mostly the father's surname; sometimes the mother's, or both joined. */
function kidsSurname(r: SchoolRegister, father: Person, mother: Person): string {
  if (father.surname === mother.surname) return father.surname;
  return r.random.weighted([
    [father.surname, 70],
    [mother.surname, 18],
    [`${mother.surname}-${father.surname}`, 12],
  ] as const);
}

function pickGroup(r: SchoolRegister): NameGroup {
  return r.random.weighted(NAME_GROUPS.map((group) => [group, group.weight] as const));
}

/** Most couples share a background; some do not. */
function partnerGroup(r: SchoolRegister, group: NameGroup): NameGroup {
  return r.random.chance(0.15) ? pickGroup(r) : group;
}
