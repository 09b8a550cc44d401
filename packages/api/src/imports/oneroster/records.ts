import type { RosterFileName } from './read-files';

/** The OneRoster records the roster import reads, as parsed from their CSV files. */

export interface Located {
  /** The line in its file, as a spreadsheet numbers it. */
  line: number;
}

export interface Org extends Located {
  id: string;
  active: boolean;
  name: string;
  /** "school", "district", "local"… as written, lower-cased. */
  type: string;
  /** The school's own number (in England its URN or DfE number); '' when not given. */
  identifier: string;
}

export interface Session extends Located {
  id: string;
  startDate: string | null;
  parentId: string | null;
}

export interface Course extends Located {
  id: string;
  title: string;
  subjects: string[];
}

export interface RosterClass extends Located {
  id: string;
  active: boolean;
  title: string;
  code: string | null;
  /** "homeroom" (a form), "scheduled" (a teaching group), or a school's own "ext:" type. */
  type: string;
  courseId: string;
  termIds: string[];
  subjects: string[];
  grades: string[];
  location: string | null;
}

export interface User extends Located {
  id: string;
  /** false for status "tobedeleted" or enabledUser false: treated as not in the files. */
  active: boolean;
  givenName: string;
  familyName: string;
  /** undefined when users.csv has no such column: what the portal holds is then kept. */
  preferredGivenName: string | null | undefined;
  upn: string | null;
  email: string | null;
  /** `sms`: a mobile number, for texts. */
  sms: string | null;
  /** `phone`: a landline (or any other number), kept beside the mobile. */
  phone: string | null;
  agentIds: string[];
  grades: string[];
  /** OneRoster 1.1's role column in users.csv, when there is one. */
  role: string | null;
}

export interface Role extends Located {
  userId: string;
  role: string;
  primary: boolean;
  active: boolean;
}

export interface Enrollment extends Located {
  id: string;
  active: boolean;
  classId: string;
  userId: string;
  role: string;
  primary: boolean;
  beginDate: string | null;
  endDate: string | null;
}

export interface Demographic extends Located {
  id: string;
  birthDate: string | null;
}

export interface ParsedRoster {
  orgs: Org[];
  sessions: Map<string, Session>;
  courses: Map<string, Course>;
  classes: Map<string, RosterClass>;
  users: Map<string, User>;
  /** null when there is no roles.csv (OneRoster 1.1 style: the role is in users.csv). */
  roles: Role[] | null;
  enrollments: Enrollment[];
  demographics: Map<string, Demographic>;
  /** Files whose header is wrong or that have no records: nothing that refers to them is checked. */
  faultyFiles: Set<RosterFileName>;
}

/** OneRoster's user roles (1.2, and 1.1's "administrator"). */
export const USER_ROLES = [
  'aide',
  'administrator',
  'counselor',
  'districtAdministrator',
  'guardian',
  'parent',
  'principal',
  'proctor',
  'relative',
  'siteAdministrator',
  'student',
  'systemAdministrator',
  'teacher',
] as const;

/** The roles a user may have in a class. */
export const ENROLLMENT_ROLES = ['administrator', 'aide', 'proctor', 'student', 'teacher'] as const;

/** Parents, guardians and relatives become contacts; this is their relationship as we show it. */
export const CONTACT_ROLES: Record<string, string> = {
  parent: 'Parent',
  guardian: 'Guardian',
  relative: 'Relative',
};
