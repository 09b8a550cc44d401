import type { Importer, ImportPlan, ImportProblem } from '../types';
import { accountEmailProblems } from './account-emails';
import { applyWrites } from './apply';
import { describeChanges } from './changes';
import { loadExisting } from './existing';
import { parseRoster } from './parse';
import { diffRoster, RECORD_LABELS } from './plan';
import { readRosterFiles, REQUIRED_FILES, ROSTER_FILES } from './read-files';
import type { Kysely } from 'kysely';
import type { DB } from '@schoolgate/db';
import type { GradeScheme } from './grades';
import { buildRoster, type Roster } from './roster';
import { otherSchoolProblem, rosterSchool } from './school';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Problems in the order staff fix them: file by file, top to bottom. */
function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  // Zip files (whole-file problems) first, then the roster's files in their usual order.
  const order = (file: string) => (ROSTER_FILES as readonly string[]).indexOf(file);
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => order(a.p.file) - order(b.p.file) || a.p.line - b.p.line || a.i - b.i)
    .map(({ p }) => p);
}

/** The school's roster settings: how grades read, and the school its first roster was for. */
async function rosterSettings(db: Kysely<DB>) {
  return db
    .selectFrom('school_settings')
    .select(['roster_grades_are_us', 'roster_school_identifier'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
}

/** A plan that applies nothing: the files have problems that stop everything after them. */
function refused(problems: ImportProblem[]): ImportPlan {
  return {
    summary: { counts: {}, notes: [] },
    problems: sortProblems(problems),
    studentIds: [],
    apply: async () => {},
  };
}

/**
 * How many students each year group gets, and a warning when the years from `grades` disagree with
 * the forms' codes for most students: the sign of an exporter writing the other kind of grade.
 */
export function yearNotes(roster: Roster, scheme: GradeScheme): string[] {
  const notes: string[] = [];
  const years = [...roster.studentsPerYear].sort(([a], [b]) => a - b);
  if (years.length > 0) {
    notes.push(
      `Students by year group (from grades, read as ${scheme === 'us' ? 'US grades' : 'National Curriculum years'}): ${years
        .map(([year, n]) => `Year ${year}: ${n}`)
        .join(', ')}.`,
    );
  }
  const { compared, disagree, example } = roster.formYearCheck;
  if (compared > 0 && disagree * 2 > compared) {
    const setting =
      scheme === 'uk'
        ? 'If your system writes US grades (06 for Year 7), turn on “Our roster export writes US grades” in the settings and run the dry run again.'
        : 'If your system writes National Curriculum years (07 for Year 7), turn off “Our roster export writes US grades” in the settings and run the dry run again.';
    notes.push(
      `Check the year groups before applying: for ${disagree} of ${compared} students the year from grades is not the year of their form (${example}). ${setting}`,
    );
  }
  return notes;
}

/**
 * The roster in OneRoster 1.2 CSV (docs/imports/oneroster.md): students, teachers, parents and
 * carers, forms, classes and who is in them. Unless told otherwise the files are taken to be the
 * whole school (a full import), so students on roll who are missing are proposed as leavers.
 */
export const onerosterImporter: Importer = {
  kind: 'oneroster',
  label: 'Roster (OneRoster 1.2 CSV)',
  description:
    'Students, forms, classes, teachers and parents or carers from the school’s management system, as a zip of OneRoster 1.2 CSV files or the files themselves.',
  async plan(db, files, options, progress) {
    const full = options.full ?? true;
    progress?.(0, 4, 'Reading files');
    const read = readRosterFiles(files);
    const problems: ImportProblem[] = [...read.problems];
    for (const name of REQUIRED_FILES) {
      if (!read.texts.has(name) && !problems.some((p) => p.file === name)) {
        problems.push({ file: name, line: 0, message: `${name} is missing from the files given.` });
      }
    }
    if (read.problems.length > 0 || REQUIRED_FILES.some((name) => !read.texts.has(name))) {
      // A file missing or unreadable would make every reference to it fail too: name only that.
      return refused(problems);
    }
    progress?.(1, 4, 'Checking every row');
    const parsed = parseRoster(
      read.texts,
      problems,
      new Set([...read.texts.keys(), ...read.ignored]),
    );
    if (parsed.faultyFiles.size > 0) {
      // Every reference into a file with a bad header would fail too: report the root cause only.
      return refused(problems);
    }
    const settings = await rosterSettings(db);
    const { school, problems: schoolProblems } = rosterSchool(parsed.orgs);
    const otherSchool = school && otherSchoolProblem(school, settings.roster_school_identifier);
    // Another school's roster says nothing about this one: that is the only problem worth naming.
    if (otherSchool) return refused([otherSchool]);
    problems.push(...schoolProblems);
    // The first roster applied records the school every later one must be for.
    const firstRoster = settings.roster_school_identifier === null ? school : null;
    const scheme = settings.roster_grades_are_us ? 'us' : 'uk';
    const roster = buildRoster(parsed, options.today, problems, scheme);
    progress?.(2, 4, 'Comparing with the portal');
    const existing = await loadExisting(db);
    progress?.(3, 4, 'Comparing with the portal');
    // Lines with a problem: their records are refused, neither planned nor counted.
    const faultyLines = new Set(problems.map((p) => `${p.file}:${p.line}`));
    const planWrites = () =>
      diffRoster(roster, existing, {
        today: options.today,
        full,
        newId: () => crypto.randomUUID(),
        refused: (file, line) => faultyLines.has(`${file}:${line}`),
      });
    let diff = planWrites();
    problems.push(...diff.problems);
    const emailProblems = await accountEmailProblems(db, diff.writes.emailChanges);
    if (emailProblems.length > 0) {
      // Those people's rows are refused too: plan again without them, for the counts and list.
      problems.push(...emailProblems);
      for (const p of [...diff.problems, ...emailProblems]) faultyLines.add(`${p.file}:${p.line}`);
      diff = planWrites();
    }
    progress?.(4, 4, 'Planned');

    const notes: string[] = [];
    if (firstRoster) {
      notes.push(
        `This roster is for ${firstRoster.name} (identifier ${firstRoster.identifier}). It is the portal’s first roster: applying it records that identifier, and a later roster for another school is refused.`,
      );
    }
    notes.push(
      full
        ? 'A full import: these files are taken to list every student on roll.'
        : 'A partial import: students missing from these files are left as they are.',
    );
    const proposed = diff.writes.leavers.propose.length;
    if (proposed > 0) {
      notes.push(
        proposed === 1
          ? '1 student on roll is missing from these files and will be proposed as a leaver for staff to confirm. Nobody is deleted.'
          : `${proposed} students on roll are missing from these files and will be proposed as leavers for staff to confirm. Nobody is deleted.`,
      );
    }
    if (diff.writes.leavers.withdraw.length > 0) {
      notes.push(
        `${plural(diff.writes.leavers.withdraw.length, 'student proposed as a leaver is', 'students proposed as leavers are')} in these files again, so the proposal will be withdrawn.`,
      );
    }
    if (diff.leftButListed > 0) {
      notes.push(
        `${plural(diff.leftButListed, 'student in these files has', 'students in these files have')} left the school according to the portal (their leaving date has passed). They stay recorded as leavers: if one has come back, clear their leaving date on their record.`,
      );
    }
    if (diff.writes.members.remove.length > 0) {
      notes.push(
        `${plural(diff.writes.members.remove.length, 'class membership ends', 'class memberships end')}: the students are no longer in those classes.`,
      );
    }
    if (diff.writes.links.length > 0) {
      notes.push(
        'New links between parents or carers and students are added unverified, without parental responsibility: no account is made until staff have checked it.',
      );
    }
    const { curtailments } = diff.writes;
    if (curtailments.open.length > 0) {
      notes.push(
        `Access stops for ${plural(curtailments.open.length, 'parent or carer', 'parents or carers')} as soon as this is applied; the office can review each one under Access stopped by the school’s system: ${curtailments.described.join(' ')}`,
      );
    }
    if (curtailments.end.length > 0) {
      notes.push(
        `${plural(curtailments.end.length, 'stop on access is', 'stops on access are')} no longer backed by the school’s system and will end.`,
      );
    }
    if (roster.inactiveStudents > 0) {
      notes.push(
        `${plural(roster.inactiveStudents, 'student is', 'students are')} marked "tobedeleted" or not enabled, and treated as missing.`,
      );
    }
    if (roster.otherRoles > 0) {
      notes.push(
        `${plural(roster.otherRoles, 'user has a role', 'users have roles')} the portal does not use (administrators, aides and the like): left out.`,
      );
    }
    if (roster.otherClasses > 0) {
      notes.push(
        `${plural(roster.otherClasses, 'class is', 'classes are')} neither "homeroom" nor "scheduled": left out.`,
      );
    }
    notes.push(...yearNotes(roster, scheme));
    if (read.ignored.length > 0) {
      notes.push(`Not part of a roster, so not read: ${read.ignored.join(', ')}.`);
    }

    // Every kind of record is listed, even when there are none, so staff see what was looked at.
    const counts = Object.fromEntries(
      Object.values(RECORD_LABELS).map((label) => [
        label,
        diff.counts[label] ?? { add: 0, change: 0, unchanged: 0 },
      ]),
    );
    return {
      summary: { counts, notes },
      problems: sortProblems(problems),
      studentIds: diff.studentIds,
      changes: describeChanges(existing, diff.writes),
      async apply(trx, run) {
        const moved = await applyWrites(trx, diff.writes, {
          now: options.now,
          userId: options.userId,
          importRunId: run.importRunId,
          ...(progress ? { progress } : {}),
        });
        if (firstRoster) {
          await trx
            .updateTable('school_settings')
            .set({ roster_school_identifier: firstRoster.identifier })
            .where('id', '=', 1)
            .execute();
        }
        if (moved.length === 0 && !firstRoster) return;
        return {
          auditDetails: {
            // The school every later roster must be for, recorded by this first one.
            ...(firstRoster ? { roster_school_identifier: firstRoster.identifier } : {}),
            // Whose sign-in and reset emails now go to a new address, and from which.
            ...(moved.length > 0
              ? {
                  account_emails: moved.map((m) => ({
                    user_id: m.userId,
                    username: m.username,
                    from: m.oldEmail,
                    to: m.newEmail,
                  })),
                }
              : {}),
          },
        };
      },
    };
  },
};
