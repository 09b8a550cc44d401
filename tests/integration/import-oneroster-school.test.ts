import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportFile } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, newStaff, type TestUser } from './support/factories';
import {
  asUpload,
  rosterFiles,
  rosterTables,
  SCHOOL_IDENTIFIER,
  type RosterTables,
} from './support/oneroster-files';

// Issue 9: the roster's school (orgs.csv's org of type "school", by its identifier) must be the
// portal's school. The first roster applied records it; another school's roster is refused, dry
// run and apply alike, naming both identifiers, and nothing is written.

let db: Database;
let office: TestUser;

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
});

async function importRoster(files: ImportFile[], mode: 'preview' | 'run') {
  const caller = await callerFor(db, office);
  return caller.admin.imports[mode]({ kind: 'oneroster', files: asUpload(files), full: false });
}

const storedIdentifier = async () =>
  (
    await db
      .selectFrom('school_settings')
      .select('roster_school_identifier')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
  ).roster_school_identifier;

/** Every table a roster writes, counted: a refused import must leave them all as they were. */
async function rowCounts() {
  const tables = [
    'students',
    'contacts',
    'staff',
    'student_contacts',
    'teaching_groups',
    'teaching_group_members',
    'import_runs',
    'audit_log',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

const orgRow = (tables: RosterTables) => tables['orgs.csv']![0]!;

describe('the school a roster is for', () => {
  it('is recorded by the first roster applied, which the dry run says; the same school imports again', async () => {
    expect(await storedIdentifier()).toBeNull();
    const tables = rosterTables({ students: 3, prefix: 'sa', teachers: 1 });
    const dry = await importRoster(rosterFiles(tables), 'preview');
    expect(dry.problems).toEqual([]);
    expect(dry.summary.notes).toContain(
      `This roster is for Test Academy (identifier ${SCHOOL_IDENTIFIER}). It is the portal’s first roster: applying it records that identifier, and a later roster for another school is refused.`,
    );
    // A dry run records nothing.
    expect(await storedIdentifier()).toBeNull();

    const done = await importRoster(rosterFiles(tables), 'run');
    expect(done.applied).toBe(true);
    expect(await storedIdentifier()).toBe(SCHOOL_IDENTIFIER);
    const audit = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'import.oneroster')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ roster_school_identifier: SCHOOL_IDENTIFIER });

    // The same school again (more students): accepted, and the note is not repeated.
    const more = rosterTables({ students: 3, prefix: 'sb', teachers: 1 });
    const again = await importRoster(rosterFiles(more), 'run');
    expect(again.problems).toEqual([]);
    expect(again.applied).toBe(true);
    expect(again.summary.notes.join('\n')).not.toContain('first roster');
  });

  it('refuses another school’s roster, naming both identifiers, in the dry run and on applying, and writes nothing', async () => {
    expect(await storedIdentifier()).toBe(SCHOOL_IDENTIFIER);
    const other = rosterTables({
      students: 4,
      prefix: 'so',
      teachers: 1,
      schoolIdentifier: '137999',
      schoolName: 'Elsewhere High School',
    });
    const before = await rowCounts();
    const expected = {
      file: 'orgs.csv',
      line: 2,
      message: `This roster is for another school: "Elsewhere High School", identifier 137999, but this portal’s school has identifier ${SCHOOL_IDENTIFIER} (from its first roster). Check that the files are your school’s export. Nothing was imported.`,
    };
    for (const mode of ['preview', 'run'] as const) {
      const result = await importRoster(rosterFiles(other), mode);
      expect(result.applied).toBe(false);
      // The one root cause: none of the other school's pupils is reported as a problem or a change.
      expect(result.problems).toEqual([expected]);
      expect(result.summary.counts).toEqual({});
    }
    expect(await rowCounts()).toEqual(before);
    expect(await storedIdentifier()).toBe(SCHOOL_IDENTIFIER);
  });

  it('follows the identifier an administrator sets (a new URN), or records afresh once it is cleared', async () => {
    const admin = await callerFor(db, await newStaff(db, ['admin']));
    const other = rosterTables({
      students: 1,
      prefix: 'su',
      teachers: 1,
      schoolIdentifier: '149999',
      schoolName: 'Test Academy Trust School',
    });
    expect((await importRoster(rosterFiles(other), 'preview')).problems).toHaveLength(1);

    // The school became an academy with a new URN: the administrator says so in the settings.
    await admin.admin.settings.update({ rosterSchoolIdentifier: ' 149999 ' });
    expect(await storedIdentifier()).toBe('149999');
    const renamed = await importRoster(rosterFiles(other), 'preview');
    expect(renamed.problems).toEqual([]);
    expect(renamed.summary.notes.join('\n')).not.toContain('first roster');

    // Cleared: the next roster applied records its school again.
    await admin.admin.settings.update({ rosterSchoolIdentifier: '' });
    expect(await storedIdentifier()).toBeNull();
    const fresh = await importRoster(rosterFiles(other), 'run');
    expect(fresh.applied).toBe(true);
    expect(await storedIdentifier()).toBe('149999');
    const audit = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'settings.updated')
      .execute();
    // Both changes audited (the test clock gives them one time, so in no particular order).
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => a.details)).toEqual(
      expect.arrayContaining([
        { changes: { rosterSchoolIdentifier: { from: SCHOOL_IDENTIFIER, to: '149999' } } },
        { changes: { rosterSchoolIdentifier: { from: '149999', to: null } } },
      ]),
    );

    // Back to the identifier the other tests expect.
    await admin.admin.settings.update({ rosterSchoolIdentifier: SCHOOL_IDENTIFIER });
  });

  it('needs the roster to name exactly one school, with an identifier', async () => {
    const tables = rosterTables({ students: 2, prefix: 'sn', teachers: 1 });
    orgRow(tables).identifier = '';
    const blank = await importRoster(rosterFiles(tables), 'preview');
    expect(blank.problems).toContainEqual({
      file: 'orgs.csv',
      line: 2,
      message:
        'identifier is empty for the school "Test Academy": the portal checks every roster is for this school by it, so export the school with its identifier (its URN or DfE number).',
    });

    orgRow(tables).identifier = SCHOOL_IDENTIFIER;
    orgRow(tables).type = 'district';
    const none = await importRoster(rosterFiles(tables), 'preview');
    expect(none.problems).toContainEqual({
      file: 'orgs.csv',
      line: 0,
      message:
        'orgs.csv has no active org of type "school", so the portal cannot tell which school this roster is for: export it from the school’s own system.',
    });

    orgRow(tables).type = 'school';
    tables['orgs.csv']!.push({ ...orgRow(tables), sourcedId: 'sn-org-2', name: 'Second School' });
    const two = await importRoster(rosterFiles(tables), 'run');
    expect(two.applied).toBe(false);
    expect(two.problems).toContainEqual({
      file: 'orgs.csv',
      line: 3,
      message:
        'A second school, "Second School" (the first is "Test Academy" on line 2): the portal is for one school, so export that school’s roster alone.',
    });
  });

  it('refuses an orgs.csv without the type or identifier column at its header', async () => {
    const tables = rosterTables({ students: 2, prefix: 'sh', teachers: 1 });
    const header = Object.keys(orgRow(tables)).filter((name) => name !== 'identifier');
    const result = await importRoster(rosterFiles(tables, { 'orgs.csv': header }), 'preview');
    expect(result.problems).toEqual([
      { file: 'orgs.csv', line: 1, message: 'Missing column "identifier" in the header row.' },
    ]);
  });
});
