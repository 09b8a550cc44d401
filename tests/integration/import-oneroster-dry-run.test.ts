import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportFile } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, newStaff, type TestUser } from './support/factories';
import {
  asUpload,
  rosterFiles,
  rosterTables,
  studentOf,
  type RosterTables,
} from './support/oneroster-files';

// Issue 9: the dry run shows *what* would change, not only how many, so a data manager sees a
// year group shifted or a name decoded wrongly before applying; and a refused row is never
// counted as "unchanged".

let db: Database;
let office: TestUser;

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
});

async function importRoster(files: ImportFile[], mode: 'preview' | 'run', full = true) {
  const caller = await callerFor(db, office);
  return caller.admin.imports[mode]({ kind: 'oneroster', files: asUpload(files), full });
}

const userRow = (tables: RosterTables, sourcedId: string) =>
  tables['users.csv']!.find((u) => u.sourcedId === sourcedId)!;

/** Takes a person out of the files: their user, role, demographics and enrollment rows. */
function withoutUser(tables: RosterTables, sourcedId: string) {
  tables['users.csv'] = tables['users.csv']!.filter((u) => u.sourcedId !== sourcedId);
  tables['roles.csv'] = tables['roles.csv']!.filter((r) => r.userSourcedId !== sourcedId);
  tables['demographics.csv'] = tables['demographics.csv']!.filter((d) => d.sourcedId !== sourcedId);
  tables['enrollments.csv'] = tables['enrollments.csv']!.filter(
    (e) => e.userSourcedId !== sourcedId,
  );
}

describe('the dry run’s counts when rows are refused', () => {
  it('counts a refused row neither as unchanged nor at all', async () => {
    const shape = { students: 6, prefix: 'dc', teachers: 2, classesPerStudent: 2 };
    const first = await importRoster(rosterFiles(rosterTables(shape)), 'run', false);
    expect(first.applied).toBe(true);

    // The same files again, but with a bad row of each kind the files hold.
    const tables = rosterTables(shape);
    userRow(tables, 'dc-stu-1').agentSourcedIds = 'dc-nobody'; // refused when resolving agents
    userRow(tables, 'dc-stu-2').grades = 'KG'; // refused when reading the year
    userRow(tables, 'dc-gdn-3-1').agentSourcedIds = 'dc-nobody'; // a parent's bad agent
    userRow(tables, 'dc-tch-2').email = userRow(tables, 'dc-tch-1').email!; // refused in the diff
    tables['classes.csv']!.find((c) => c.classType === 'scheduled')!.grades = 'KG';
    const dry = await importRoster(rosterFiles(tables), 'preview', false);
    // Teachers come first in users.csv (lines 2 and 3), then each student and their parents.
    expect(dry.problems.map((p) => `${p.file}:${p.line}`)).toEqual([
      'classes.csv:3',
      'users.csv:3',
      'users.csv:4',
      'users.csv:7',
      'users.csv:11',
    ]);
    expect(dry.summary.counts).toMatchObject({
      // 6 students, 2 refused (dc-stu-1 and dc-stu-2).
      Students: { add: 0, change: 0, unchanged: 4 },
      // 12 parents and carers, 1 refused.
      'Parents and carers': { add: 0, change: 0, unchanged: 11 },
      // 12 links: the 4 of the refused students and the refused parent's are not counted.
      'Links between parents or carers and students': { add: 0, change: 0, unchanged: 7 },
      Teachers: { add: 0, change: 0, unchanged: 1 },
    });
    const classes = tables['classes.csv']!.filter((c) => c.classType === 'scheduled').length;
    expect(dry.summary.counts.Classes).toEqual({ add: 0, change: 0, unchanged: classes - 1 });
    expect(dry.changes).toEqual([]);
  });
});

describe('what the dry run lists, record by record', () => {
  const shape = { students: 3, prefix: 'dd', teachers: 2, classesPerStudent: 2 };
  const one = studentOf(1, 'dd');

  it('lists each record a first import adds, with what it is given', async () => {
    const tables = rosterTables(shape);
    userRow(tables, one.sourcedId).givenName = 'Zoë';
    const dry = await importRoster(rosterFiles(tables), 'preview');
    expect(dry.problems).toEqual([]);
    expect(dry.changes).toContainEqual({
      kind: 'Students',
      action: 'add',
      name: `Zoë ${one.familyName}`,
      ref: one.sourcedId,
      fields: [
        { field: 'sourcedId', from: null, to: one.sourcedId },
        { field: 'forename', from: null, to: 'Zoë' },
        { field: 'surname', from: null, to: one.familyName },
        { field: 'UPN', from: null, to: one.upn },
        { field: 'date of birth', from: null, to: one.birthDate },
        { field: 'year group', from: null, to: '8' },
        { field: 'form', from: null, to: '8F' },
        { field: 'admission date', from: null, to: '2026-09-01' },
      ],
      reason: null,
    });
    // Every kind the counts name, and as many records of each as they count.
    for (const [kind, count] of Object.entries(dry.summary.counts)) {
      const listed = dry.changes.filter((c) => c.kind === kind);
      expect(listed, kind).toHaveLength(count.add + count.change);
    }
    const parent = userRow(tables, 'dd-gdn-1-1');
    expect(dry.changes).toContainEqual({
      kind: 'Links between parents or carers and students',
      action: 'add',
      name: `${parent.givenName} ${parent.familyName} and Zoë ${one.familyName}`,
      ref: null,
      fields: [
        { field: 'relationship', from: null, to: 'Parent' },
        { field: 'status', from: null, to: 'unverified, without parental responsibility' },
      ],
      reason: null,
    });
    expect((await importRoster(rosterFiles(tables), 'run')).applied).toBe(true);
  });

  it('lists a term later what changes, field by field, what is curtailed and why, and what ends', async () => {
    // A term later: a joiner (4), a leaver (3), a name mis-decoded and a year shifted (1), an
    // email change, a parent the system no longer enables, a class renamed, a class left (2).
    const tables = rosterTables({ ...shape, students: 4 });
    const student = userRow(tables, one.sourcedId);
    student.givenName = 'ZoÃ«';
    student.grades = '9';
    for (const id of ['dd-stu-3', 'dd-gdn-3-1', 'dd-gdn-3-2']) withoutUser(tables, id);
    const moved = userRow(tables, 'dd-gdn-1-1');
    moved.email = 'new-address@example.org';
    const curtailed = userRow(tables, 'dd-gdn-2-2');
    curtailed.enabledUser = 'false';
    const english = tables['classes.csv']!.find((c) => c.sourcedId === 'dd-cls-8-English-1')!;
    english.classCode = 'dd8/EngA';
    english.title = 'Year 8 English set A';
    const two = studentOf(2, 'dd');
    tables['enrollments.csv'] = tables['enrollments.csv']!.filter(
      (e) => e.sourcedId !== `dd-cls-9-Maths-1:${two.sourcedId}`,
    );
    userRow(tables, 'dd-stu-4').givenName = '=HYPERLINK("http://evil.example","Click")';
    userRow(tables, 'dd-stu-4').familyName = '@Smith';

    const dry = await importRoster(rosterFiles(tables), 'preview');
    expect(dry.problems).toEqual([]);
    const three = studentOf(3, 'dd');
    for (const change of [
      {
        kind: 'Students',
        action: 'change',
        name: `Zoë ${one.familyName}`,
        ref: one.sourcedId,
        fields: [
          { field: 'forename', from: 'Zoë', to: 'ZoÃ«' },
          { field: 'year group', from: '8', to: '9' },
        ],
        reason: null,
      },
      {
        kind: 'Parents and carers',
        action: 'change',
        name: `${moved.givenName} ${moved.familyName}`,
        ref: 'dd-gdn-1-1',
        fields: [{ field: 'email', from: 'dd-gdn-1-1@example.org', to: 'new-address@example.org' }],
        reason: null,
      },
      {
        kind: 'Parents and carers',
        action: 'curtail',
        name: `${curtailed.givenName} ${curtailed.familyName}`,
        ref: 'dd-gdn-2-2',
        fields: [],
        reason:
          'Access stops: not enabled (or marked for deletion) in the school’s management system.',
      },
      {
        kind: 'Classes',
        action: 'change',
        name: 'dd8/Eng1',
        ref: 'dd-cls-8-English-1',
        fields: [
          { field: 'code', from: 'dd8/Eng1', to: 'dd8/EngA' },
          { field: 'title', from: 'Year 8 English set 1', to: 'Year 8 English set A' },
        ],
        reason: null,
      },
      {
        kind: 'Class memberships',
        action: 'remove',
        name: `${two.givenName} ${two.familyName} in dd9/Mat1`,
        ref: null,
        fields: [],
        reason: 'Not in this class in these files: the membership ends.',
      },
      {
        kind: 'Proposed leavers',
        action: 'add',
        name: `${three.givenName} ${three.familyName}`,
        ref: three.sourcedId,
        fields: [],
        reason: 'On roll but not in these files: proposed as a leaver for staff to confirm.',
      },
    ]) {
      expect(dry.changes).toContainEqual(change);
    }
    // Nothing unchanged is listed: the other students and parents are not there.
    expect(dry.changes.filter((c) => c.kind === 'Students').map((c) => c.ref)).toEqual([
      one.sourcedId,
      'dd-stu-4',
    ]);
    expect(dry.changes.find((c) => c.ref === 'dd-stu-4')?.action).toBe('add');

    // The full list as CSV, one line per field, with formula-like cells made plain text.
    const caller = await callerFor(db, office);
    const file = await caller.admin.imports.changesCsv({
      kind: 'oneroster',
      files: asUpload(rosterFiles(tables)),
      full: true,
    });
    expect(file.fileName).toBe('oneroster-dry-run-changes.csv');
    const lines = file.csv.split('\r\n');
    expect(lines[0]).toBe('Records,Action,Name,sourcedId,Field,From,To,Reason');
    expect(lines).toContain(
      `Students,Change,Zoë ${one.familyName},${one.sourcedId},year group,8,9,`,
    );
    expect(lines).toContain(
      `Students,Change,Zoë ${one.familyName},${one.sourcedId},forename,Zoë,ZoÃ«,`,
    );
    expect(lines).toContain(
      `Parents and carers,Stop access,${curtailed.givenName} ${curtailed.familyName},dd-gdn-2-2,,,,Access stops: not enabled (or marked for deletion) in the school’s management system.`,
    );
    const joiner = `"'=HYPERLINK(""http://evil.example"",""Click"") @Smith"`;
    expect(lines).toContain(
      `Students,Add,${joiner},dd-stu-4,forename,,"'=HYPERLINK(""http://evil.example"",""Click"")",`,
    );
    expect(lines).toContain(`Students,Add,${joiner},dd-stu-4,surname,,'@Smith,`);
    // No cell begins with a character a spreadsheet would read as a formula.
    expect(file.csv).not.toMatch(/(^|,)"?[=+@\t-]/m);

    // Nothing was written by either.
    const stored = await db
      .selectFrom('students')
      .select(['forename', 'year_group'])
      .where('source_id', '=', one.sourcedId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ forename: 'Zoë', year_group: 8 });
    const titleOf = async () =>
      (
        await db
          .selectFrom('teaching_groups')
          .select('title')
          .where('source_id', '=', 'dd-cls-8-English-1')
          .executeTakeFirstOrThrow()
      ).title;
    expect(await titleOf()).toBe('Year 8 English set 1');

    // Applied, the class carries its new code and title.
    expect((await importRoster(rosterFiles(tables), 'run')).applied).toBe(true);
    expect(await titleOf()).toBe('Year 8 English set A');
  });
});
