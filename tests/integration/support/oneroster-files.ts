import { strToU8, zipSync } from 'fflate';
import type { ImportFile } from '@schoolgate/api';

/**
 * Valid OneRoster 1.2 CSV rosters of any size, for tests and the benchmark. Each file is a list
 * of rows (column → value) that a test may change before turning them into files, so a test can
 * break exactly one row and know its line: row i of a file is on line i + 2.
 */
export type Row = Record<string, string>;
export type RosterTables = Record<string, Row[]>;

export interface RosterShape {
  students: number;
  guardiansPerStudent?: number;
  /** Scheduled classes each student is enrolled in (besides their form). */
  classesPerStudent?: number;
  /** Students per teaching set: the number of sets per subject follows from it. */
  setSize?: number;
  teachers?: number;
  /** Prefix of every sourcedId, so two rosters can name different people. */
  prefix?: string;
  /** The first student's number: a later roster can carry on where one left off. */
  firstStudent?: number;
  /**
   * The school's identifier in orgs.csv (a URN). Every prefix is the same school unless a test
   * says otherwise, so a database can take rosters of several prefixes.
   */
  schoolIdentifier?: string;
  /** The school's name in orgs.csv. */
  schoolName?: string;
}

/** The identifier every generated roster's school has unless a test gives another. */
export const SCHOOL_IDENTIFIER = '100001';

const GIVEN = ['Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Arthur', 'Zara', 'Leo'];
const FAMILY = ['Smith', 'Jones', 'Taylor', 'Brown', 'Khan', 'Evans', 'Patel', 'Wilson', 'Roberts'];
const SUBJECTS = [
  'English',
  'Maths',
  'Science',
  'History',
  'Geography',
  'French',
  'Computing',
  'Art',
  'Music',
  'PE',
  'RE',
  'Drama',
  'Spanish',
  'Design',
  'Food',
  'Citizenship',
  'Biology',
  'Chemistry',
  'Physics',
  'Latin',
];
export const YEARS = [7, 8, 9, 10, 11] as const;
/** The school year the rosters are for; TEST_NOW (17 November 2026) is in its first term. */
export const YEAR_STARTS = '2026-09-01';

/** Student number n's details, the same in every roster that includes them. */
export function studentOf(n: number, prefix = 't') {
  const year = YEARS[n % YEARS.length]!;
  return {
    sourcedId: `${prefix}-stu-${n}`,
    givenName: GIVEN[n % GIVEN.length]!,
    familyName: `${FAMILY[n % FAMILY.length]}${n}`,
    year,
    // The National Curriculum year, as UK systems write it: with a leading zero or without.
    grade: n % 2 === 0 ? String(year).padStart(2, '0') : String(year),
    form: `${year}${n % 2 === 0 ? 'N' : 'F'}`,
    // A UPN's shape (a letter and 12 digits), different for each prefix.
    upn: `T${String([...prefix].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 1000).padStart(3, '0')}${String(n).padStart(9, '0')}`,
    birthDate: `${2021 - year}-${String((n % 9) + 1).padStart(2, '0')}-15`,
  };
}

export function rosterTables(shape: RosterShape): RosterTables {
  const prefix = shape.prefix ?? 't';
  const guardians = shape.guardiansPerStudent ?? 2;
  const perStudent = Math.min(shape.classesPerStudent ?? 3, SUBJECTS.length);
  const setSize = shape.setSize ?? 30;
  const teacherCount = shape.teachers ?? 10;
  const first = shape.firstStudent ?? 1;
  const org = `${prefix}-org`;
  const id = (kind: string, n: number | string) => `${prefix}-${kind}-${n}`;

  const tables: RosterTables = {
    'manifest.csv': [
      { propertyName: 'manifest.version', value: '1.0' },
      { propertyName: 'oneroster.version', value: '1.2' },
      ...[
        'academicSessions',
        'classes',
        'courses',
        'demographics',
        'enrollments',
        'orgs',
        'roles',
        'users',
      ].map((f) => ({ propertyName: `file.${f}`, value: 'bulk' })),
    ],
    'orgs.csv': [
      {
        sourcedId: org,
        status: 'active',
        dateLastModified: '2026-09-01T08:00:00Z',
        name: shape.schoolName ?? 'Test Academy',
        type: 'school',
        identifier: shape.schoolIdentifier ?? SCHOOL_IDENTIFIER,
        parentSourcedId: '',
      },
    ],
    'academicSessions.csv': [
      session(id('ay', 2026), '2026 to 2027', 'schoolYear', YEAR_STARTS, '2027-07-21', ''),
      session(
        id('term', 'autumn'),
        'Autumn term',
        'term',
        YEAR_STARTS,
        '2026-12-18',
        id('ay', 2026),
      ),
    ],
    'courses.csv': [],
    'classes.csv': [],
    'users.csv': [],
    'roles.csv': [],
    'enrollments.csv': [],
    'demographics.csv': [],
  };
  const t = (name: string) => tables[name]!;

  for (const subject of SUBJECTS.slice(0, perStudent)) {
    t('courses.csv').push({
      sourcedId: id('course', subject),
      status: 'active',
      dateLastModified: '',
      schoolYearSourcedId: id('ay', 2026),
      title: subject,
      courseCode: subject.slice(0, 2),
      grades: '',
      orgSourcedId: org,
      subjects: subject,
      subjectCodes: '',
    });
  }
  t('courses.csv').push({
    sourcedId: id('course', 'tutor'),
    status: 'active',
    dateLastModified: '',
    schoolYearSourcedId: id('ay', 2026),
    title: 'Tutor group',
    courseCode: 'Tu',
    grades: '',
    orgSourcedId: org,
    subjects: '',
    subjectCodes: '',
  });

  const user = (fields: Partial<Row> & { sourcedId: string; role: string }): Row => {
    const { role, sourcedId, ...rest } = fields;
    t('roles.csv').push({
      sourcedId: `${sourcedId}-role`,
      status: 'active',
      dateLastModified: '',
      userSourcedId: sourcedId,
      roleType: 'primary',
      role,
      beginDate: '',
      endDate: '',
      orgSourcedId: org,
      userProfileSourcedId: '',
    });
    const row: Row = {
      sourcedId,
      status: 'active',
      dateLastModified: '',
      enabledUser: 'true',
      username: '',
      userIds: '',
      givenName: '',
      familyName: '',
      middleName: '',
      identifier: '',
      email: '',
      sms: '',
      phone: '',
      agentSourcedIds: '',
      grades: '',
      password: '',
      userMasterIdentifier: '',
      resourceSourcedIds: '',
      preferredGivenName: '',
      preferredMiddleName: '',
      preferredFamilyName: '',
      primaryOrgSourcedId: org,
      pronouns: '',
      ...rest,
    };
    t('users.csv').push(row);
    return row;
  };

  for (let i = 1; i <= teacherCount; i++) {
    user({
      sourcedId: id('tch', i),
      role: 'teacher',
      givenName: GIVEN[i % GIVEN.length]!,
      familyName: `Teacher${i}`,
      email: `${prefix}.teacher${i}@school.example`,
    });
  }

  const forms = new Set<string>();
  const classes = new Set<string>();
  const enrol = (classId: string, userId: string, role: string, primary: boolean) =>
    t('enrollments.csv').push({
      sourcedId: `${classId}:${userId}`,
      status: 'active',
      dateLastModified: '',
      classSourcedId: classId,
      schoolSourcedId: org,
      userSourcedId: userId,
      role,
      primary: primary ? 'true' : 'false',
      beginDate: role === 'student' ? YEAR_STARTS : '',
      endDate: '',
    });
  const addClass = (classId: string, fields: Row) => {
    if (classes.has(classId)) return;
    classes.add(classId);
    t('classes.csv').push({
      sourcedId: classId,
      status: 'active',
      dateLastModified: '',
      title: '',
      grades: '',
      courseSourcedId: '',
      classCode: '',
      classType: 'scheduled',
      location: '',
      schoolSourcedId: org,
      termSourcedIds: id('term', 'autumn'),
      subjects: '',
      subjectCodes: '',
      periods: '',
      ...fields,
    });
    const teacher = id('tch', (classes.size % teacherCount) + 1);
    if (fields.classType === 'scheduled') enrol(classId, teacher, 'teacher', true);
  };

  for (let n = first; n < first + shape.students; n++) {
    const s = studentOf(n, prefix);
    const agents = Array.from({ length: guardians }, (_, k) => id('gdn', `${n}-${k + 1}`));
    user({
      sourcedId: s.sourcedId,
      role: 'student',
      givenName: s.givenName,
      familyName: s.familyName,
      preferredGivenName: n % 7 === 0 ? `${s.givenName.slice(0, 3)}` : '',
      identifier: s.upn,
      grades: s.grade,
      agentSourcedIds: agents.join(','),
    });
    t('demographics.csv').push({
      sourcedId: s.sourcedId,
      status: 'active',
      dateLastModified: '',
      birthDate: s.birthDate,
      sex: n % 2 === 0 ? 'female' : 'male',
    });
    agents.forEach((agentId, k) =>
      user({
        sourcedId: agentId,
        role: k === 0 ? 'parent' : 'guardian',
        givenName: GIVEN[(n + k + 3) % GIVEN.length]!,
        familyName: s.familyName,
        email: `${agentId}@example.org`,
        sms: `07700 9${String(n).padStart(5, '0')}`,
        agentSourcedIds: s.sourcedId,
      }),
    );
    const formId = id('form', s.form);
    if (!forms.has(formId)) {
      forms.add(formId);
      addClass(formId, {
        // UK exporters put the form's code in classCode and a longer name in title.
        title: `Form ${s.form}`,
        classCode: s.form,
        classType: 'homeroom',
        courseSourcedId: id('course', 'tutor'),
        grades: s.grade,
      });
    }
    enrol(formId, s.sourcedId, 'student', false);
    const place = Math.floor((n - first) / YEARS.length);
    for (const subject of SUBJECTS.slice(0, perStudent)) {
      const set = Math.floor(place / setSize) + 1;
      const classId = id('cls', `${s.year}-${subject}-${set}`);
      addClass(classId, {
        title: `Year ${s.year} ${subject} set ${set}`,
        classCode: `${prefix}${s.year}/${subject.slice(0, 3)}${set}`,
        classType: 'scheduled',
        courseSourcedId: id('course', subject),
        grades: s.grade,
        location: `R${(set % 20) + 1}`,
      });
      enrol(classId, s.sourcedId, 'student', false);
    }
  }
  return tables;
}

function session(
  sourcedId: string,
  title: string,
  type: string,
  startDate: string,
  endDate: string,
  parentSourcedId: string,
): Row {
  return {
    sourcedId,
    status: 'active',
    dateLastModified: '',
    title,
    type,
    startDate,
    endDate,
    parentSourcedId,
    schoolYear: '2027',
  };
}

/** Files as the import procedures take them over tRPC: each file's bytes in base64. */
export const asUpload = (files: readonly ImportFile[]) =>
  files.map((f) => ({ name: f.name, base64: Buffer.from(f.data).toString('base64') }));

/** Gives a person one more role row (OneRoster 1.2 lists one row per role of a person). */
export function addRole(
  tables: RosterTables,
  userSourcedId: string,
  role: string,
  roleType: 'primary' | 'secondary' = 'secondary',
): void {
  const roles = tables['roles.csv']!;
  const template = roles[0]!;
  roles.push({
    ...template,
    sourcedId: `${userSourcedId}-role-${roles.length + 1}`,
    userSourcedId,
    roleType,
    role,
  });
}

/** RFC 4180: quoted when a value holds a comma, a quote or a line break. */
export function toCsv(rows: Row[], header = rows[0] ? Object.keys(rows[0]) : []): string {
  const cell = (value: string) =>
    /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  return [header, ...rows.map((row) => header.map((name) => row[name] ?? ''))]
    .map((fields) => fields.map(cell).join(','))
    .join('\r\n')
    .concat('\r\n');
}

/** The files as an upload would bring them (a file with no rows keeps its header). */
export function rosterFiles(
  tables: RosterTables,
  headers: Record<string, string[]> = {},
): ImportFile[] {
  return Object.entries(tables).map(([name, rows]) => ({
    name,
    data: strToU8(toCsv(rows, headers[name])),
  }));
}

/** The same files in one zip, inside a folder as some systems export them. */
export function rosterZip(tables: RosterTables, name = 'roster.zip'): ImportFile {
  const entries = Object.fromEntries(
    Object.entries(tables).map(([file, rows]) => [`export/${file}`, strToU8(toCsv(rows))]),
  );
  return { name, data: zipSync(entries) };
}
