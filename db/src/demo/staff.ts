import { DEMO_PEOPLE, type DemoRole } from './accounts';
import type { Directory } from './directory';
import { NAME_GROUPS } from './names';
import type { Random } from './random';
import type { StaffRoleRow, StaffRow } from './rows';

type StaffRole = Exclude<DemoRole, 'parent' | 'student'>;

export interface DemoStaff {
  staff: StaffRow[];
  roles: StaffRoleRow[];
  /** The staff member behind each staff demo account. */
  accountHolders: Record<StaffRole, string>;
}

const TEACHERS = 20;
const DOMAIN = 'northfield.example.org';

/**
 * Twenty teachers, an office manager, a DSL, two governors and an administrator, one role each.
 * The first person in each role is the demo account's.
 */
export function buildStaff(random: Random, directory: Directory, now: Date): DemoStaff {
  const staff: StaffRow[] = [];
  const roles: StaffRoleRow[] = [];
  const add = (role: StaffRole, person: { title: string; forename: string; surname: string }) => {
    directory.claimName(person.forename, person.surname);
    const id = crypto.randomUUID();
    const email = directory.email(person.forename, person.surname, DOMAIN);
    staff.push({ id, ...person, email, created_at: now, updated_at: now });
    roles.push({ staff_id: id, role });
    return id;
  };
  // Two people with one name would confuse every list they appear in: draw again.
  const someone = (): { title: string; forename: string; surname: string } => {
    const group = random.weighted(NAME_GROUPS.map((g) => [g, g.weight] as const));
    const woman = random.chance(0.6);
    const title = random.chance(0.08) ? 'Dr' : woman ? random.pick(['Mrs', 'Ms', 'Miss']) : 'Mr';
    const forename = random.pick(woman ? group.women : group.men);
    const surname = random.pick(group.surnames);
    return directory.claimName(forename, surname) ? { title, forename, surname } : someone();
  };

  const accountHolders: Record<StaffRole, string> = {
    teacher: add('teacher', DEMO_PEOPLE.teacher),
    office: add('office', DEMO_PEOPLE.office),
    dsl: add('dsl', DEMO_PEOPLE.dsl),
    governor: add('governor', DEMO_PEOPLE.governor),
    admin: add('admin', DEMO_PEOPLE.admin),
  };
  for (let i = 1; i < TEACHERS; i++) add('teacher', someone());
  add('governor', someone());
  return { staff, roles, accountHolders };
}
