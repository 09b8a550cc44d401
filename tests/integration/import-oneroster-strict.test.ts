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

// Issue 9: a roster is read exactly as the OneRoster CSV binding writes it, or refused where it is
// wrong. Nothing is guessed, and nothing is written from a refused roster.

let db: Database;
let office: TestUser;

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
});

async function run(files: ImportFile[]) {
  const caller = await callerFor(db, office);
  return caller.admin.imports.run({ kind: 'oneroster', files: asUpload(files), full: false });
}

const studentCount = async () =>
  Number(
    (
      await db
        .selectFrom('students')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('a roster file that is not UTF-8', () => {
  it('is refused at its first bad byte, with line and column, and nothing is written', async () => {
    const tables = rosterTables({ students: 4, prefix: 's', teachers: 1 });
    const users = tables['users.csv']!;
    const index = users.findIndex((u) => u.sourcedId === studentOf(3, 's').sourcedId);
    users[index]!.givenName = 'Renée';
    const files = rosterFiles(tables).map((file) => {
      if (file.name !== 'users.csv') return file;
      // As Excel's "CSV (Comma delimited)" writes it: é is the single byte 0xE9.
      const text = new TextDecoder().decode(file.data);
      return { name: file.name, data: Uint8Array.from(Buffer.from(text, 'latin1')) };
    });
    const line = index + 2;
    const lineText = new TextDecoder()
      .decode(rosterFiles(tables).find((f) => f.name === 'users.csv')!.data)
      .split('\r\n')[line - 1];
    expect(lineText).toContain('Renée');

    const result = await run(files);
    expect(result.applied).toBe(false);
    expect(result.problems).toEqual([
      {
        file: 'users.csv',
        line,
        column: lineText!.indexOf('é') + 1,
        message:
          'This file is not UTF-8: the byte 0xE9 here is not a UTF-8 character. Export the roster as UTF-8 (in Excel, "CSV UTF-8"); nothing in it was read.',
      },
    ]);
    expect(await studentCount()).toBe(0);
  });

  it('is read as UTF-8 with or without a byte-order mark, names intact', async () => {
    const tables = rosterTables({ students: 2, prefix: 'b', teachers: 1 });
    tables['users.csv']!.find((u) => u.sourcedId === studentOf(1, 'b').sourcedId)!.givenName =
      'Zoë';
    const files = rosterFiles(tables).map((file) =>
      file.name === 'users.csv'
        ? { name: file.name, data: new Uint8Array([0xef, 0xbb, 0xbf, ...file.data]) }
        : file,
    );
    const result = await run(files);
    expect(result.problems).toEqual([]);
    const zoe = await db
      .selectFrom('students')
      .select('forename')
      .where('source_id', '=', studentOf(1, 'b').sourcedId)
      .executeTakeFirstOrThrow();
    expect(zoe.forename).toBe('Zoë');
  });
});

/** A file's header as the generator writes it, with `rename` applied, and rows to match. */
function renameColumn(tables: RosterTables, file: string, from: string, to: string) {
  const rows = tables[file]!;
  const header = Object.keys(rows[0]!).map((name) => (name === from ? to : name));
  for (const row of rows) {
    row[to] = row[from]!;
    delete row[from];
  }
  return { [file]: header };
}

async function problemsOf(tables: RosterTables, headers: Record<string, string[]> = {}) {
  const result = await run(rosterFiles(tables, headers));
  expect(result.applied).toBe(false);
  return result.problems;
}

describe('a roster header that is not the binding’s', () => {
  it('names a column in the wrong case, once, and checks nothing that depends on it', async () => {
    const tables = rosterTables({ students: 30, prefix: 'c1', teachers: 2 });
    const headers = renameColumn(tables, 'roles.csv', 'userSourcedId', 'userSourcedID');
    expect(await problemsOf(tables, headers)).toEqual([
      {
        file: 'roles.csv',
        line: 1,
        column: 4,
        message:
          'Column 4 is "userSourcedID": OneRoster column names are case-sensitive, so write "userSourcedId".',
      },
    ]);
  });

  it('names the column another format’s name stands in, instead of a problem on every row', async () => {
    const tables = rosterTables({ students: 30, prefix: 'c2', teachers: 2 });
    const headers = renameColumn(tables, 'users.csv', 'givenName', 'firstName');
    expect(await problemsOf(tables, headers)).toEqual([
      {
        file: 'users.csv',
        line: 1,
        column: 7,
        message: 'Column 7 is "firstName", expected "givenName".',
      },
    ]);
  });

  it('says when a file is separated by semicolons, not commas', async () => {
    const tables = rosterTables({ students: 2, prefix: 'c3', teachers: 1 });
    const files = rosterFiles(tables).map((file) =>
      file.name === 'users.csv'
        ? {
            name: file.name,
            data: new TextEncoder().encode(
              new TextDecoder().decode(file.data).replaceAll(',', ';'),
            ),
          }
        : file,
    );
    const result = await run(files);
    expect(result.problems).toEqual([
      {
        file: 'users.csv',
        line: 1,
        message:
          'The header row is one column, so this file seems to be separated by semicolons: OneRoster files are separated by commas. Export it again as CSV.',
      },
    ]);
  });

  it('refuses a bulk file with a header and no records at its first line', async () => {
    const tables = rosterTables({ students: 2, prefix: 'c4', teachers: 1 });
    const header = Object.keys(tables['demographics.csv']![0]!);
    tables['demographics.csv'] = [];
    expect(await problemsOf(tables, { 'demographics.csv': header })).toEqual([
      {
        file: 'demographics.csv',
        line: 1,
        message:
          'demographics.csv has a header row and no records, which a bulk file may not: leave the file out (and mark it "absent" in manifest.csv) when there is nothing to give.',
      },
    ]);
  });
});

describe('the manifest', () => {
  const manifestLine = (tables: RosterTables, property: string) =>
    tables['manifest.csv']!.findIndex((p) => p.propertyName === property) + 2;

  it('must agree with the files: a bulk file given, an absent one not, a version this import reads', async () => {
    const tables = rosterTables({ students: 2, prefix: 'm1', teachers: 1 });
    const demographics = tables['demographics.csv']!;
    delete tables['demographics.csv'];
    const version = tables['manifest.csv']!.find((p) => p.propertyName === 'oneroster.version')!;
    version.value = '2.0';
    tables['manifest.csv']!.push({ propertyName: 'file.lineItems', value: 'absent' });
    const files = [
      ...rosterFiles(tables),
      // Given although the manifest says it is absent.
      { name: 'lineItems.csv', data: new TextEncoder().encode('sourcedId\r\nli-1\r\n') },
    ];
    const result = await run(files);
    expect(result.problems).toEqual([
      {
        file: 'manifest.csv',
        line: manifestLine(tables, 'oneroster.version'),
        message: 'oneroster.version is "2.0": this import reads OneRoster 1.1 and 1.2 files.',
      },
      {
        file: 'manifest.csv',
        line: manifestLine(tables, 'file.demographics'),
        message:
          'file.demographics is "bulk", but demographics.csv is not among the files given: give every file the manifest lists.',
      },
      {
        file: 'manifest.csv',
        line: manifestLine(tables, 'file.lineItems'),
        message:
          'file.lineItems is "absent", but lineItems.csv was given: the manifest and the files disagree, so export them again together.',
      },
    ]);
    expect(demographics.length).toBeGreaterThan(0);
  });

  it('refuses a OneRoster 1.1 users.csv in a set whose manifest says 1.2', async () => {
    const tables = rosterTables({ students: 2, prefix: 'm2', teachers: 1 });
    const header = [...Object.keys(tables['users.csv']![0]!), 'role'];
    for (const user of tables['users.csv']!) user.role = 'student';
    expect(await problemsOf(tables, { 'users.csv': header })).toEqual([
      {
        file: 'users.csv',
        line: 1,
        column: header.length,
        message:
          'users.csv is laid out as OneRoster 1.1 (it has a "role" column), but manifest.csv says oneroster.version is 1.2: export every file from the same version.',
      },
    ]);
  });
});

describe('a column the files leave out', () => {
  it('never overwrites what the portal holds', async () => {
    const tables = rosterTables({ students: 7, prefix: 'k', teachers: 1 });
    const seven = studentOf(7, 'k');
    expect((await run(rosterFiles(tables))).problems).toEqual([]);
    const preferredOf = async () =>
      (
        await db
          .selectFrom('students')
          .select('preferred_name')
          .where('source_id', '=', seven.sourcedId)
          .executeTakeFirstOrThrow()
      ).preferred_name;
    expect(await preferredOf()).toBe(seven.givenName.slice(0, 3));

    const header = Object.keys(tables['users.csv']![0]!).filter(
      (name) => name !== 'preferredGivenName',
    );
    const again = await run(rosterFiles(tables, { 'users.csv': header }));
    expect(again.problems).toEqual([]);
    expect(await preferredOf()).toBe(seven.givenName.slice(0, 3));
  });
});
