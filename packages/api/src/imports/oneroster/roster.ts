import type { ImportProblem } from '../types';
import { yearGroupFromGrade, yearOfForm, type GradeScheme } from './grades';
import type { RosterFileName } from './read-files';
import { CONTACT_ROLES, type Enrollment, type ParsedRoster, type User } from './records';

/** What the files say each person and class should be, in our terms. */
export interface WantedStudent {
  sourceId: string;
  line: number;
  forename: string;
  surname: string;
  /** undefined when users.csv has no preferredGivenName column: the stored one is kept. */
  preferredName: string | null | undefined;
  upn: string | null;
  yearGroup: number;
  /** Their current homeroom class's code (`7A`), else its title; null when they have none. */
  form: string | null;
  /** For a new student: when their homeroom enrollment (or its term) began. */
  admissionDate: string | null;
  /** From demographics.csv; null when not given. */
  dateOfBirth: string | null;
}

export interface WantedContact {
  sourceId: string;
  line: number;
  forename: string;
  surname: string;
  email: string | null;
  phoneMobile: string | null;
  /** The landline (`phone`), kept as well as the mobile. */
  phoneHome: string | null;
  /** false when the school's system marks them not enabled or to be deleted: access curtailed. */
  enabled: boolean;
}

export interface WantedLink {
  studentSourceId: string;
  contactSourceId: string;
  relationship: string;
  /** The role carries parental responsibility (parent, guardian), unlike a relative's. */
  parental: boolean;
}

export interface WantedTeacher {
  sourceId: string;
  line: number;
  forename: string;
  surname: string;
  email: string;
}

export interface WantedGroup {
  sourceId: string;
  line: number;
  code: string;
  /** The school's name for the class ("Year 8 English set 1"); null when the files give none. */
  title: string | null;
  subject: string;
  yearGroup: number | null;
  room: string | null;
  /** The class's primary teacher's sourcedId, or null when the files name none. */
  teacherSourceId: string | null;
  /** Students' sourcedIds. */
  members: Set<string>;
}

export interface Roster {
  students: WantedStudent[];
  contacts: WantedContact[];
  links: WantedLink[];
  teachers: WantedTeacher[];
  groups: WantedGroup[];
  /** Students in the files as "tobedeleted" or not enabled: treated as missing. */
  inactiveStudents: number;
  /** Users whose role the portal has no use for (administrators, aides, counsellors…). */
  otherRoles: number;
  /** Classes neither homeroom nor scheduled. */
  otherClasses: number;
  /** How many students are in each year group, so a shifted year shows in the dry run. */
  studentsPerYear: Map<number, number>;
  /** Students whose form's code names a year, and those whose `grades` give another year. */
  formYearCheck: { compared: number; disagree: number; example: string | null };
}

/** The contact roles, most parental first; a school's own `ext:` role is read as a relative. */
const CONTACT_ORDER = ['parent', 'guardian', 'relative'] as const;

/**
 * What a person's role rows make them. Every active row counts (OneRoster 1.2 `roles.csv` gives
 * one per role, primary or secondary), so one person may be staff and a parent or carer at once.
 */
interface Roles {
  student: boolean;
  /** Any staff role: teacher, principal, administrator, aide… */
  staff: boolean;
  teacher: boolean;
  /** Their most parental contact role, or null when they are nobody's parent or carer. */
  contact: (typeof CONTACT_ORDER)[number] | null;
}

function rolesFrom(names: Iterable<string>): Roles {
  const roles: Roles = { student: false, staff: false, teacher: false, contact: null };
  let contactRank: number = CONTACT_ORDER.length;
  for (const name of names) {
    if (name === 'student') roles.student = true;
    else if (name === 'teacher') roles.staff = roles.teacher = true;
    else if (name in CONTACT_ROLES || name.startsWith('ext:')) {
      const rank = name.startsWith('ext:')
        ? CONTACT_ORDER.indexOf('relative')
        : CONTACT_ORDER.indexOf(name as (typeof CONTACT_ORDER)[number]);
      if (rank < contactRank) contactRank = rank;
    } else roles.staff = true;
  }
  roles.contact = CONTACT_ORDER[contactRank] ?? null;
  return roles;
}

/**
 * Resolves the parsed files against each other: whose role is what, which students are in which
 * form and class, who teaches each class, and which parents and carers belong to which students.
 * Every reference to something not in the files is a problem on the line that makes it.
 */
export function buildRoster(
  parsed: ParsedRoster,
  today: string,
  problems: ImportProblem[],
  scheme: GradeScheme = 'uk',
): Roster {
  const report = (file: RosterFileName, line: number, message: string) =>
    problems.push({ file, line, message });

  // Each user's roles: every active row of roles.csv, else users.csv's own column (OneRoster 1.1).
  const roleNames = new Map<string, Set<string>>();
  if (parsed.roles) {
    for (const role of parsed.roles) {
      if (!parsed.users.has(role.userId)) {
        report('roles.csv', role.line, unknownUser(role.userId));
        continue;
      }
      if (role.active) add(roleNames, role.userId, role.role);
    }
  } else {
    for (const user of parsed.users.values()) if (user.role) add(roleNames, user.id, user.role);
  }
  const rolesOf = new Map<string, Roles>();
  for (const [userId, names] of roleNames) rolesOf.set(userId, rolesFrom(names));
  const none = rolesFrom([]);
  const roles = (user: User): Roles => rolesOf.get(user.id) ?? none;

  // A head of school or another member of staff who teaches is a teacher of their classes.
  for (const e of parsed.enrollments) {
    const person = rolesOf.get(e.userId);
    if (e.role === 'teacher' && e.active && person?.staff) person.teacher = true;
  }

  let inactiveStudents = 0;
  let otherRoles = 0;
  const students = new Map<string, User>();
  const contacts = new Map<string, User>();
  const teachers = new Map<string, User>();
  for (const user of parsed.users.values()) {
    if (parsed.roles && !roleNames.has(user.id) && user.active) {
      report('users.csv', user.line, `${user.id} has no role in roles.csv.`);
      continue;
    }
    const role = roles(user);
    if (!user.active) {
      if (role.student) inactiveStudents++;
      // A parent or carer the school's system no longer enables is kept, with access curtailed:
      // skipping them would lose the record, and leave an existing parent their access.
      else if (role.contact && user.givenName && user.familyName) contacts.set(user.id, user);
      continue;
    }
    if (!role.student && !role.teacher && !role.contact) {
      otherRoles++;
      continue;
    }
    if (!user.givenName || !user.familyName) {
      report('users.csv', user.line, `${user.id} needs both a givenName and a familyName.`);
      continue;
    }
    if (role.student) {
      students.set(user.id, user);
      continue;
    }
    if (role.contact) contacts.set(user.id, user);
    if (!role.teacher) continue;
    if (!user.email || !user.email.includes('@')) {
      report(
        'users.csv',
        user.line,
        `Teacher ${user.id} needs an email address: it is how the portal knows staff.`,
      );
    } else teachers.set(user.id, user);
  }

  // Classes: terms and courses must exist; only current enrollments count.
  for (const cls of parsed.classes.values()) {
    if (!parsed.courses.has(cls.courseId)) {
      report('classes.csv', cls.line, `Course "${cls.courseId}" is not in courses.csv.`);
    }
    for (const term of cls.termIds) {
      if (!parsed.sessions.has(term)) {
        report('classes.csv', cls.line, `Term "${term}" is not in academicSessions.csv.`);
      }
    }
  }
  const homerooms = new Map<string, Enrollment[]>();
  const classMembers = new Map<string, Set<string>>();
  const classTeachers = new Map<string, Enrollment[]>();
  for (const e of parsed.enrollments) {
    const cls = parsed.classes.get(e.classId);
    const user = parsed.users.get(e.userId);
    if (!cls) report('enrollments.csv', e.line, `Class "${e.classId}" is not in classes.csv.`);
    if (!user) report('enrollments.csv', e.line, unknownUser(e.userId));
    if (!cls || !user || !e.active || !cls.active || !user.active) continue;
    if (e.endDate !== null && e.endDate < today) continue;
    if (e.role === 'student') {
      if (!roles(user).student) {
        report('enrollments.csv', e.line, `${e.userId} is enrolled as a student but is not one.`);
        continue;
      }
      if (!students.has(user.id)) continue;
      if (cls.type === 'homeroom') push(homerooms, user.id, e);
      else if (cls.type === 'scheduled') add(classMembers, cls.id, user.id);
    } else if (e.role === 'teacher') {
      if (!roles(user).teacher) {
        report(
          'enrollments.csv',
          e.line,
          `${e.userId} teaches a class but has no staff role in ${parsed.roles ? 'roles.csv' : 'users.csv'}.`,
        );
        continue;
      }
      if (teachers.has(user.id) && cls.type === 'scheduled') push(classTeachers, cls.id, e);
    }
  }

  // A start date for a class: its first term's (or that term's school year's) start.
  const termStart = (termId: string): string | null => {
    const term = parsed.sessions.get(termId);
    if (!term) return null;
    return term.startDate ?? (term.parentId ? termStart(term.parentId) : null);
  };

  const wantedStudents: WantedStudent[] = [];
  const studentsPerYear = new Map<number, number>();
  const formYearCheck = { compared: 0, disagree: 0, example: null as string | null };
  for (const user of students.values()) {
    const years = new Set<number>();
    for (const grade of user.grades) {
      const check = yearGroupFromGrade(grade, scheme);
      if (check.ok) years.add(check.yearGroup);
      else report('users.csv', user.line, check.message);
    }
    if (user.grades.length === 0) {
      report('users.csv', user.line, `Student ${user.id} has no grade, so their year is unknown.`);
      continue;
    }
    if (years.size > 1) {
      report('users.csv', user.line, `Student ${user.id} has grades for more than one year.`);
      continue;
    }
    const [yearGroup] = years;
    if (yearGroup === undefined) continue;
    const homeroom = currentHomeroom(homerooms.get(user.id) ?? [], today);
    const cls = homeroom ? parsed.classes.get(homeroom.classId) : undefined;
    const started = cls?.termIds.map(termStart).find((d) => d !== null) ?? null;
    const preferred = user.preferredGivenName;
    const form = cls ? cls.code || cls.title || null : null;
    const formYear = form ? yearOfForm(form) : null;
    if (formYear !== null) {
      formYearCheck.compared++;
      if (formYear !== yearGroup) {
        formYearCheck.disagree++;
        formYearCheck.example ??= `${user.givenName} ${user.familyName}: grades give Year ${yearGroup}, form ${form}`;
      }
    }
    studentsPerYear.set(yearGroup, (studentsPerYear.get(yearGroup) ?? 0) + 1);
    wantedStudents.push({
      sourceId: user.id,
      line: user.line,
      forename: user.givenName,
      surname: user.familyName,
      preferredName:
        preferred === undefined
          ? undefined
          : preferred && preferred !== user.givenName
            ? preferred
            : null,
      upn: user.upn,
      yearGroup,
      form,
      admissionDate: homeroom?.beginDate ?? started,
      dateOfBirth: parsed.demographics.get(user.id)?.birthDate ?? null,
    });
  }

  // Parents and carers, linked through either side's agentSourcedIds.
  const links = new Map<string, WantedLink>();
  const linkUp = (studentId: string, contactId: string) => {
    const role = rolesOf.get(contactId)?.contact ?? 'parent';
    links.set(`${studentId} ${contactId}`, {
      studentSourceId: studentId,
      contactSourceId: contactId,
      relationship: CONTACT_ROLES[role] ?? 'Parent',
      parental: role !== 'relative',
    });
  };
  const agentProblem = (
    user: User,
    agentId: string,
    wanted: 'contact' | 'student',
  ): string | null => {
    const agent = parsed.users.get(agentId);
    if (!agent) return `Agent "${agentId}" of ${user.id} is not in users.csv.`;
    if (!agent.active) return null;
    if (wanted === 'contact' && !roles(agent).contact) {
      return `Agent "${agentId}" of student ${user.id} has no parent, guardian or relative role.`;
    }
    if (wanted === 'student' && !roles(agent).student) {
      return `Agent "${agentId}" of ${user.id} is not a student.`;
    }
    return null;
  };
  for (const user of students.values()) {
    for (const agentId of user.agentIds) {
      const problem = agentProblem(user, agentId, 'contact');
      if (problem) report('users.csv', user.line, problem);
      else if (contacts.has(agentId)) linkUp(user.id, agentId);
    }
  }
  for (const user of contacts.values()) {
    for (const agentId of user.agentIds) {
      const problem = agentProblem(user, agentId, 'student');
      if (problem) report('users.csv', user.line, problem);
      else if (students.has(agentId)) linkUp(agentId, user.id);
    }
  }

  // Teaching groups: the scheduled classes.
  let otherClasses = 0;
  const codes = new Map<string, number>();
  const groups: WantedGroup[] = [];
  for (const cls of parsed.classes.values()) {
    if (!cls.active || cls.type === 'homeroom') continue;
    if (cls.type !== 'scheduled') {
      otherClasses++;
      continue;
    }
    const code = cls.code ?? cls.title;
    if (!code) {
      report('classes.csv', cls.line, `Class ${cls.id} needs a classCode or a title.`);
      continue;
    }
    const first = codes.get(code.toLowerCase());
    if (first !== undefined) {
      report('classes.csv', cls.line, `Class code "${code}" is also used on line ${first}.`);
      continue;
    }
    codes.set(code.toLowerCase(), cls.line);
    const years = new Set<number>();
    for (const grade of cls.grades) {
      const check = yearGroupFromGrade(grade, scheme);
      if (check.ok) years.add(check.yearGroup);
      else report('classes.csv', cls.line, check.message);
    }
    const teaching = classTeachers.get(cls.id) ?? [];
    const teacher = teaching.find((e) => e.primary) ?? (teaching.length === 1 ? teaching[0] : null);
    const course = parsed.courses.get(cls.courseId);
    groups.push({
      sourceId: cls.id,
      line: cls.line,
      code,
      title: cls.title.trim().slice(0, 200) || null,
      subject: course?.title || cls.subjects.join(', ') || course?.subjects.join(', ') || cls.title,
      yearGroup: years.size === 1 ? ([...years][0] ?? null) : null,
      room: cls.location,
      teacherSourceId: teacher?.userId ?? null,
      members: classMembers.get(cls.id) ?? new Set(),
    });
  }

  return {
    students: wantedStudents,
    contacts: [...contacts.values()].map((user) => ({
      sourceId: user.id,
      line: user.line,
      forename: user.givenName,
      surname: user.familyName,
      email: user.email,
      phoneMobile: user.sms,
      phoneHome: user.phone,
      enabled: user.active,
    })),
    links: [...links.values()],
    teachers: [...teachers.values()].map((user) => ({
      sourceId: user.id,
      line: user.line,
      forename: user.givenName,
      surname: user.familyName,
      email: user.email ?? '',
    })),
    groups,
    inactiveStudents,
    otherRoles,
    otherClasses,
    studentsPerYear,
    formYearCheck,
  };
}

/**
 * The homeroom a student is in today: the latest that has begun, else the soonest to begin (a
 * student joining next week already has their form).
 */
function currentHomeroom(enrollments: Enrollment[], today: string): Enrollment | undefined {
  const begun = enrollments
    .filter((e) => e.beginDate === null || e.beginDate <= today)
    .sort((a, b) => (b.beginDate ?? '').localeCompare(a.beginDate ?? ''));
  if (begun[0]) return begun[0];
  return [...enrollments].sort((a, b) => (a.beginDate ?? '').localeCompare(b.beginDate ?? ''))[0];
}

function unknownUser(id: string): string {
  return `User "${id}" is not in users.csv.`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
