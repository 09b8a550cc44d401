import { DEMO_ACCOUNTS, namesInPassword, type DemoRole } from './accounts';
import { schoolCalendar } from './calendar';
import { Directory } from './directory';
import { buildFamilies } from './families';
import { createRandom } from './random';
import type { ContactRow, LinkRow, StaffRoleRow, StaffRow, StudentRow } from './rows';
import { buildStaff } from './staff';

export const SCHOOL_NAME = 'Northfield Academy';
export const ENQUIRIES_EMAIL = 'enquiries@northfield.example.org';

/** Every run draws the same school from this seed; only the ids and the dates (from `now`) vary. */
const SEED = 20_240_901;

/** Whose account each demo account is: exactly one of the three, as `users` requires (P5). */
export type AccountOwner = { contact_id: string } | { student_id: string } | { staff_id: string };

export interface DemoSchool {
  staff: StaffRow[];
  staffRoles: StaffRoleRow[];
  students: StudentRow[];
  contacts: ContactRow[];
  links: LinkRow[];
  owners: Record<DemoRole, AccountOwner>;
}

/** The whole demo school as plain rows, ready to insert; nothing here touches the database. */
export function buildDemoSchool(now: Date): DemoSchool {
  for (const account of DEMO_ACCOUNTS) {
    const clashes = namesInPassword(account);
    if (clashes.length > 0) {
      throw new Error(`Demo account ${account.username}: password contains ${clashes.join(', ')}`);
    }
  }
  const random = createRandom(SEED);
  const directory = new Directory(random);
  const staff = buildStaff(random, directory, now);
  const families = buildFamilies({
    random,
    directory,
    calendar: schoolCalendar(now),
    now,
    verifiers: [staff.accountHolders.office, staff.accountHolders.admin],
  });
  const { teacher, office, dsl, governor, admin } = staff.accountHolders;
  return {
    staff: staff.staff,
    staffRoles: staff.roles,
    students: families.students,
    contacts: families.contacts,
    links: families.links,
    owners: {
      parent: { contact_id: families.demoParentContactId },
      student: { student_id: families.demoStudentId },
      teacher: { staff_id: teacher },
      office: { staff_id: office },
      dsl: { staff_id: dsl },
      governor: { staff_id: governor },
      admin: { staff_id: admin },
    },
  };
}
