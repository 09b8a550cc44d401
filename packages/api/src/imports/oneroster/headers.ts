import type { RosterFileName } from './read-files';

/**
 * The header rows of the OneRoster 1.2 CSV binding, in its order, and the checks that find the
 * root cause of a bad header: a column name in the wrong case (the binding's names are
 * case-sensitive), a name from another format where the binding's should be, or a file that is not
 * comma-separated at all. A bad header is reported once, at `file:1:column`, instead of as a
 * problem on every row that the missing column leaves empty.
 */
export const BINDING_COLUMNS: Record<RosterFileName, readonly string[]> = {
  'manifest.csv': ['propertyName', 'value'],
  'orgs.csv': [
    'sourcedId',
    'status',
    'dateLastModified',
    'name',
    'type',
    'identifier',
    'parentSourcedId',
  ],
  'academicSessions.csv': [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'type',
    'startDate',
    'endDate',
    'parentSourcedId',
    'schoolYear',
  ],
  'courses.csv': [
    'sourcedId',
    'status',
    'dateLastModified',
    'schoolYearSourcedId',
    'title',
    'courseCode',
    'grades',
    'orgSourcedId',
    'subjects',
    'subjectCodes',
  ],
  'classes.csv': [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'grades',
    'courseSourcedId',
    'classCode',
    'classType',
    'location',
    'schoolSourcedId',
    'termSourcedIds',
    'subjects',
    'subjectCodes',
    'periods',
  ],
  'users.csv': [
    'sourcedId',
    'status',
    'dateLastModified',
    'enabledUser',
    'username',
    'userIds',
    'givenName',
    'familyName',
    'middleName',
    'identifier',
    'email',
    'sms',
    'phone',
    'agentSourcedIds',
    'grades',
    'password',
    'userMasterIdentifier',
    'resourceSourcedIds',
    'preferredGivenName',
    'preferredMiddleName',
    'preferredFamilyName',
    'primaryOrgSourcedId',
    'pronouns',
  ],
  'roles.csv': [
    'sourcedId',
    'status',
    'dateLastModified',
    'userSourcedId',
    'roleType',
    'role',
    'beginDate',
    'endDate',
    'orgSourcedId',
    'userProfileSourcedId',
  ],
  'enrollments.csv': [
    'sourcedId',
    'status',
    'dateLastModified',
    'classSourcedId',
    'schoolSourcedId',
    'userSourcedId',
    'role',
    'primary',
    'beginDate',
    'endDate',
  ],
  'demographics.csv': [
    'sourcedId',
    'status',
    'dateLastModified',
    'birthDate',
    'sex',
    'americanIndianOrAlaskaNative',
    'asian',
    'blackOrAfricanAmerican',
    'nativeHawaiianOrOtherPacificIslander',
    'white',
    'demographicRaceTwoOrMoreRaces',
    'hispanicOrLatinoEthnicity',
    'countryOfBirthCode',
    'stateOfBirthAbbreviation',
    'cityOfBirth',
    'publicSchoolResidenceStatus',
  ],
};

/** Columns of OneRoster 1.1's users.csv that 1.2 dropped: their presence marks a 1.1 layout. */
export const USERS_1_1_COLUMNS = ['role', 'orgSourcedIds'] as const;

/** Columns the importer reads beyond the binding's own (older names some exporters still write). */
const ALSO_READ: Partial<Record<RosterFileName, readonly string[]>> = {
  'users.csv': ['preferredFirstName', ...USERS_1_1_COLUMNS],
};

export interface HeaderProblem {
  /** The column at fault, counted from 1, when one is. */
  column?: number;
  message: string;
}

/** What is wrong with a file's header row, root causes only; empty when it is good. */
export function headerProblems(
  file: RosterFileName,
  header: readonly string[],
  required: readonly string[],
): HeaderProblem[] {
  if (header.length === 1 && /[;\t|]/.test(header[0] ?? '')) {
    const separator = header[0]!.includes(';')
      ? 'semicolons'
      : header[0]!.includes('\t')
        ? 'tabs'
        : 'vertical bars';
    return [
      {
        message: `The header row is one column, so this file seems to be separated by ${separator}: OneRoster files are separated by commas. Export it again as CSV.`,
      },
    ];
  }
  const known = [...BINDING_COLUMNS[file], ...(ALSO_READ[file] ?? [])];
  const problems: HeaderProblem[] = [];
  header.forEach((name, index) => {
    if (known.includes(name) || name.startsWith('metadata.')) return;
    const meant = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (meant) {
      problems.push({
        column: index + 1,
        message: `Column ${index + 1} is "${name}": OneRoster column names are case-sensitive, so write "${meant}".`,
      });
    }
  });
  const lowerHeader = header.map((name) => name.toLowerCase());
  for (const column of required) {
    if (lowerHeader.includes(column.toLowerCase())) continue;
    const position = BINDING_COLUMNS[file].indexOf(column);
    const there = position >= 0 ? header[position] : undefined;
    if (there !== undefined && !known.some((k) => k.toLowerCase() === there.toLowerCase())) {
      problems.push({
        column: position + 1,
        message: `Column ${position + 1} is "${there}", expected "${column}".`,
      });
    } else {
      problems.push({ message: `Missing column "${column}" in the header row.` });
    }
  }
  return problems;
}
