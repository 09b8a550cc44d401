import { DEMO_ACCOUNTS, namesInPassword, type DemoKey } from './accounts';
import { buildAttendance } from './attendance';
import { buildBehaviour } from './behaviour';
import { schoolCalendar } from './calendar';
import { Directory } from './directory';
import { buildFamilies } from './families';
import { buildInformation, type DemoInformation } from './information';
import { buildNotices, type DemoNotices } from './notices';
import { createRandom } from './random';
import { buildReports, type DemoReports } from './reports';
import type {
  AttendanceRow,
  BehaviourRow,
  ClosureRow,
  ContactRow,
  LinkRow,
  StaffRoleRow,
  StaffRow,
  StudentRow,
  TermRow,
} from './rows';
import { buildStaff } from './staff';
import { TermCalendar } from './terms';
import { buildTimetable, type DemoTimetable } from './timetable';

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
  owners: Record<DemoKey, AccountOwner>;
  /** The demo accounts' user ids, made here so that notices and pages can name their authors. */
  userIds: Record<DemoKey, string>;
  terms: TermRow[];
  closures: ClosureRow[];
  /** school_settings: a two-week timetable whose Week A began on this Monday. */
  cycle: { weeks: 2; anchor: string };
  timetable: Pick<DemoTimetable, 'periods' | 'groups' | 'members' | 'lessons' | 'changes'>;
  attendance: AttendanceRow[];
  behaviour: BehaviourRow[];
  notices: DemoNotices;
  reports: DemoReports;
  information: DemoInformation;
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
  const userIds = Object.fromEntries(
    DEMO_ACCOUNTS.map((account) => [account.key, crypto.randomUUID()]),
  ) as Record<DemoKey, string>;
  const { students } = families;
  const daniel = families.demoStudentId;
  const amara = families.demoSiblingId;
  // Each part draws from its own stream, so that the families above stay as they were and a
  // later day's records do not reshuffle the timetable.
  const terms = new TermCalendar(schoolCalendar(now), now);
  const teachers = staff.roles.filter((r) => r.role === 'teacher').map((r) => r.staff_id);
  const timetable = buildTimetable({
    random: createRandom(SEED + 1),
    teachers,
    students,
    terms,
    now,
  });
  const attendance = buildAttendance({
    seed: SEED + 2,
    students,
    terms,
    tutors: timetable.tutors,
    now,
    daniel,
    amara,
  });
  const behaviour = buildBehaviour({
    seed: SEED + 3,
    students,
    terms,
    timetable,
    now,
    daniel,
    amara,
  });
  const reports = buildReports({ random: createRandom(SEED + 4), students, terms, timetable, now });
  const notices = buildNotices({
    terms,
    timetable,
    users: userIds,
    form: students.find((s) => s.id === daniel)?.form ?? '10N',
    now,
  });
  const information = buildInformation({
    terms,
    periods: timetable.periods,
    schoolName: SCHOOL_NAME,
    enquiriesEmail: ENQUIRIES_EMAIL,
    editor: userIds.admin,
    now,
  });
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
      parent9: { contact_id: families.demoParent9ContactId },
      parent7: { contact_id: families.demoParent7ContactId },
    },
    userIds,
    terms: terms.terms,
    closures: terms.closures,
    cycle: { weeks: 2, anchor: terms.cycleAnchor },
    timetable,
    attendance,
    behaviour,
    notices,
    reports,
    information,
  };
}
