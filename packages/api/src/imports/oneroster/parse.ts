import { readCsvTable, type CsvRow } from '../csv';
import type { ImportProblem } from '../types';
import { checkUpn } from '../../students';
import { headerProblems, USERS_1_1_COLUMNS } from './headers';
import { readManifest } from './manifest';
import type { RosterFileName } from './read-files';
import {
  ENROLLMENT_ROLES,
  USER_ROLES,
  type Course,
  type Demographic,
  type Enrollment,
  type Org,
  type ParsedRoster,
  type Role,
  type RosterClass,
  type Session,
  type User,
} from './records';
import { booleanValue, dateValue, listValue, orNull, statusValue } from './values';

type Report = (file: RosterFileName, line: number, message: string, column?: number) => void;

const canonical = (names: readonly string[]) => new Map(names.map((n) => [n.toLowerCase(), n]));
const userRoles = canonical(USER_ROLES);
/** A OneRoster role: one of the standard vocabulary (any case), or a school's own `ext:` role. */
const userRoleOf = (value: string): string | null =>
  /^ext:\S/.test(value) ? value : (userRoles.get(value.toLowerCase()) ?? null);
const enrollmentRoles = canonical(ENROLLMENT_ROLES);

/**
 * Reads one file's rows: a bad header (reported once, at its root cause) or a bulk file without
 * records marks the file as faulty; malformed rows are problems on their lines; each row must have
 * a sourcedId (when `keyed`) that no other row of the file has, and a known status.
 */
function rowsOf(
  text: string | undefined,
  file: RosterFileName,
  required: readonly string[],
  report: Report,
  faulty: Set<RosterFileName>,
  keyed = true,
): CsvRow[] {
  if (text === undefined) return [];
  const table = readCsvTable(text, { required });
  const fromHeader = table.header.length > 0 ? headerProblems(file, table.header, required) : [];
  if (fromHeader.length > 0) {
    for (const p of fromHeader) report(file, 1, p.message, p.column);
    faulty.add(file);
    return [];
  }
  for (const p of table.problems) report(file, p.line, p.message);
  if (table.header.length > 0 && table.rows.length === 0 && table.problems.length === 0) {
    if (file !== 'manifest.csv') {
      report(
        file,
        1,
        `${file} has a header row and no records, which a bulk file may not: leave the file out (and mark it "absent" in manifest.csv) when there is nothing to give.`,
      );
      faulty.add(file);
    }
    return [];
  }
  if (table.header.length === 0 && table.problems.length > 0) faulty.add(file);
  const seen = new Map<string, number>();
  const rows: CsvRow[] = [];
  for (const row of table.rows) {
    if (statusValue(row.values.status) === undefined) {
      report(file, row.line, `Status "${row.values.status}" is not "active" or "tobedeleted".`);
      continue;
    }
    if (keyed) {
      const id = row.values.sourcedid ?? '';
      if (id === '') {
        report(file, row.line, 'This row has no sourcedId.');
        continue;
      }
      const first = seen.get(id);
      if (first !== undefined) {
        report(file, row.line, `sourcedId "${id}" is also on line ${first}: each must be unique.`);
        continue;
      }
      seen.set(id, row.line);
    }
    rows.push(row);
  }
  return rows;
}

/** A date column, reporting a bad one; null when empty or bad. */
function dateColumn(
  row: CsvRow,
  column: string,
  label: string,
  file: RosterFileName,
  report: Report,
): string | null {
  const raw = row.values[column.toLowerCase()] ?? '';
  const value = dateValue(raw);
  if (value === undefined) {
    report(file, row.line, `${label} "${raw}" is not a date: write dates as YYYY-MM-DD.`);
    return null;
  }
  return value === '' ? null : value;
}

const isActive = (row: CsvRow) => statusValue(row.values.status) === 'active';

/** A UPN from identifier, a metadata.upn column, or a "{UPN:…}" entry in userIds. */
function upnOf(values: Record<string, string>): string | null {
  const fromIds = listValue(values.userids)
    .map((entry) => /^\{?\s*upn\s*:\s*([^}]*)\}?$/i.exec(entry)?.[1] ?? '')
    .filter(Boolean);
  for (const candidate of [values['metadata.upn'] ?? '', values.identifier ?? '', ...fromIds]) {
    if (candidate === '') continue;
    const check = checkUpn(candidate);
    if (check.ok) return check.upn;
  }
  return null;
}

/** Every file of the roster parsed into records; every bad row reported with its line. */
export function parseRoster(
  texts: Map<RosterFileName, string>,
  problems: ImportProblem[],
  /** Every file given, read or not: the manifest's list is checked against it. */
  givenFiles: ReadonlySet<string> = new Set(texts.keys()),
): ParsedRoster {
  const report: Report = (file, line, message, column) =>
    problems.push(column === undefined ? { file, line, message } : { file, line, column, message });
  const faulty = new Set<RosterFileName>();
  const rowsOf_ = (file: RosterFileName, required: readonly string[], keyed = true): CsvRow[] =>
    rowsOf(texts.get(file), file, required, report, faulty, keyed);

  // A manifest that disagrees with the files makes everything after it doubtful: stop there.
  const manifest = readManifest(
    rowsOf_('manifest.csv', ['propertyName', 'value'], false),
    givenFiles,
    (line, message) => {
      report('manifest.csv', line, message);
      faulty.add('manifest.csv');
    },
  );

  // The org of type school says whose roster this is (checked against the portal's school).
  const orgs = rowsOf_('orgs.csv', ['sourcedId', 'name', 'type', 'identifier']).map((row): Org => ({
    id: row.values.sourcedid!,
    line: row.line,
    active: isActive(row),
    name: row.values.name ?? '',
    type: (row.values.type ?? '').toLowerCase(),
    identifier: row.values.identifier ?? '',
  }));

  const sessions = new Map<string, Session>();
  for (const row of rowsOf_('academicSessions.csv', [
    'sourcedId',
    'title',
    'startDate',
    'endDate',
  ])) {
    const file = 'academicSessions.csv';
    const startDate = dateColumn(row, 'startDate', 'startDate', file, report);
    dateColumn(row, 'endDate', 'endDate', file, report);
    sessions.set(row.values.sourcedid!, {
      id: row.values.sourcedid!,
      line: row.line,
      startDate,
      parentId: orNull(row.values.parentsourcedid),
    });
  }

  const courses = new Map<string, Course>();
  for (const row of rowsOf_('courses.csv', ['sourcedId', 'title'])) {
    courses.set(row.values.sourcedid!, {
      id: row.values.sourcedid!,
      line: row.line,
      title: row.values.title ?? '',
      subjects: listValue(row.values.subjects),
    });
  }

  const classes = new Map<string, RosterClass>();
  for (const row of rowsOf_('classes.csv', [
    'sourcedId',
    'title',
    'classType',
    'courseSourcedId',
  ])) {
    classes.set(row.values.sourcedid!, {
      id: row.values.sourcedid!,
      line: row.line,
      active: isActive(row),
      title: row.values.title ?? '',
      code: orNull(row.values.classcode),
      type: (row.values.classtype ?? '').toLowerCase(),
      courseId: row.values.coursesourcedid ?? '',
      termIds: listValue(row.values.termsourcedids),
      subjects: listValue(row.values.subjects),
      grades: listValue(row.values.grades),
      location: orNull(row.values.location),
    });
  }

  const users = new Map<string, User>();
  const usersText = texts.get('users.csv');
  const userRows = rowsOf_('users.csv', ['sourcedId', 'givenName', 'familyName']);
  if (manifest.version === '1.2' && usersText !== undefined && userRows.length > 0) {
    const header = Object.keys(userRows[0]!.values);
    const old = USERS_1_1_COLUMNS.find((name) => header.includes(name.toLowerCase()));
    if (old) {
      report(
        'users.csv',
        1,
        `users.csv is laid out as OneRoster 1.1 (it has a "${old}" column), but manifest.csv says oneroster.version is 1.2: export every file from the same version.`,
        header.indexOf(old.toLowerCase()) + 1,
      );
      faulty.add('users.csv');
    }
  }
  const usersHaveRoles = userRows.some((row) => row.values.role !== undefined);
  for (const row of userRows) {
    const enabled = booleanValue(row.values.enableduser, true);
    if (enabled === undefined) {
      report(
        'users.csv',
        row.line,
        `enabledUser "${row.values.enableduser}" is not true or false.`,
      );
      continue;
    }
    let role: string | null = null;
    if (row.values.role !== undefined) {
      role = userRoleOf(row.values.role);
      if (!role) {
        report('users.csv', row.line, unknownRole(row.values.role, USER_ROLES));
        continue;
      }
    }
    users.set(row.values.sourcedid!, {
      id: row.values.sourcedid!,
      line: row.line,
      active: enabled && isActive(row),
      givenName: row.values.givenname ?? '',
      familyName: row.values.familyname ?? '',
      preferredGivenName: columnValue(
        row.values.preferredgivenname ?? row.values.preferredfirstname,
      ),
      upn: upnOf(row.values),
      email: orNull(row.values.email),
      sms: orNull(row.values.sms),
      phone: orNull(row.values.phone),
      agentIds: listValue(row.values.agentsourcedids),
      grades: listValue(row.values.grades),
      role,
    });
  }

  let roles: Role[] | null = null;
  const rolesText = texts.get('roles.csv');
  if (rolesText !== undefined) {
    roles = [];
    for (const row of rowsOf_('roles.csv', ['userSourcedId', 'role'], false)) {
      const role = userRoleOf(row.values.role ?? '');
      if (!role) {
        report('roles.csv', row.line, unknownRole(row.values.role ?? '', USER_ROLES));
        continue;
      }
      roles.push({
        line: row.line,
        userId: row.values.usersourcedid ?? '',
        role,
        primary: (row.values.roletype ?? '').toLowerCase() !== 'secondary',
        active: isActive(row),
      });
    }
  } else if (userRows.length > 0 && !usersHaveRoles) {
    report(
      'users.csv',
      1,
      'There is no roles.csv and users.csv has no "role" column, so nobody’s role is known: OneRoster 1.2 gives roles in roles.csv.',
    );
  }

  const enrollments: Enrollment[] = [];
  for (const row of rowsOf_('enrollments.csv', [
    'sourcedId',
    'classSourcedId',
    'userSourcedId',
    'role',
  ])) {
    const file = 'enrollments.csv';
    const role = enrollmentRoles.get((row.values.role ?? '').toLowerCase());
    if (!role) {
      report(file, row.line, unknownRole(row.values.role ?? '', ENROLLMENT_ROLES, false));
      continue;
    }
    const primary = booleanValue(row.values.primary, false);
    if (primary === undefined) {
      report(file, row.line, `primary "${row.values.primary}" is not true or false.`);
      continue;
    }
    enrollments.push({
      id: row.values.sourcedid!,
      line: row.line,
      active: isActive(row),
      classId: row.values.classsourcedid ?? '',
      userId: row.values.usersourcedid ?? '',
      role,
      primary,
      beginDate: dateColumn(row, 'beginDate', 'beginDate', file, report),
      endDate: dateColumn(row, 'endDate', 'endDate', file, report),
    });
  }

  const demographics = new Map<string, Demographic>();
  for (const row of rowsOf_('demographics.csv', ['sourcedId', 'birthDate'])) {
    demographics.set(row.values.sourcedid!, {
      id: row.values.sourcedid!,
      line: row.line,
      birthDate: dateColumn(row, 'birthDate', 'birthDate', 'demographics.csv', report),
    });
  }

  return {
    orgs,
    sessions,
    courses,
    classes,
    users,
    roles,
    enrollments,
    demographics,
    faultyFiles: faulty,
  };
}

/** A column's value, null when empty, or undefined when the file has no such column at all. */
function columnValue(value: string | undefined): string | null | undefined {
  return value === undefined ? undefined : orNull(value);
}

function unknownRole(value: string, known: readonly string[], extensible = true): string {
  const own = extensible ? ', or a school\'s own "ext:…"' : '';
  return value === ''
    ? 'This row has no role.'
    : `Role "${value}" is not a OneRoster role (${known.join(', ')}${own}).`;
}
