import type { ImportProblem } from '../types';
import type { Org } from './records';

/** The school a roster is for: its org of type `school` in orgs.csv. */
export interface RosterSchool {
  name: string;
  identifier: string;
  line: number;
}

/**
 * The roster's school, or the problems that leave it unknown. The portal serves one school, so
 * the files must name exactly one, with the `identifier` it is known by (its URN or DfE number):
 * without it the portal could not tell this school's roster from another's.
 */
export function rosterSchool(orgs: readonly Org[]): {
  school: RosterSchool | null;
  problems: ImportProblem[];
} {
  const schools = orgs.filter((o) => o.active && o.type === 'school');
  const [first, second] = schools;
  if (!first) {
    return {
      school: null,
      problems: [
        {
          file: 'orgs.csv',
          line: 0,
          message:
            'orgs.csv has no active org of type "school", so the portal cannot tell which school this roster is for: export it from the school’s own system.',
        },
      ],
    };
  }
  if (second) {
    return {
      school: null,
      problems: [
        {
          file: 'orgs.csv',
          line: second.line,
          message: `A second school, "${second.name}" (the first is "${first.name}" on line ${first.line}): the portal is for one school, so export that school’s roster alone.`,
        },
      ],
    };
  }
  if (first.identifier === '') {
    return {
      school: null,
      problems: [
        {
          file: 'orgs.csv',
          line: first.line,
          message: `identifier is empty for the school "${first.name}": the portal checks every roster is for this school by it, so export the school with its identifier (its URN or DfE number).`,
        },
      ],
    };
  }
  return {
    school: { name: first.name, identifier: first.identifier, line: first.line },
    problems: [],
  };
}

/**
 * A roster for another school than the portal's, by the identifier stored from the first roster
 * applied: the whole import is refused with this one problem, since the rest of such a roster
 * (its students missing, its parents new) says nothing about this school.
 */
export function otherSchoolProblem(
  school: RosterSchool,
  storedIdentifier: string | null,
): ImportProblem | null {
  if (storedIdentifier === null || storedIdentifier === school.identifier) return null;
  return {
    file: 'orgs.csv',
    line: school.line,
    message: `This roster is for another school: "${school.name}", identifier ${school.identifier}, but this portal’s school has identifier ${storedIdentifier} (from its first roster). Check that the files are your school’s export. Nothing was imported.`,
  };
}
