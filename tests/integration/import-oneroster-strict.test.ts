import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportFile } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, newStaff, type TestUser } from './support/factories';
import { rosterFiles, rosterTables, studentOf } from './support/oneroster-files';

// Issue 9: a roster is read exactly as the OneRoster CSV binding writes it, or refused where it is
// wrong. Nothing is guessed, and nothing is written from a refused roster.

let db: Database;
let office: TestUser;

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
});

const upload = (files: ImportFile[]) =>
  files.map((f) => ({ name: f.name, base64: Buffer.from(f.data).toString('base64') }));

async function run(files: ImportFile[]) {
  const caller = await callerFor(db, office);
  return caller.admin.imports.run({ kind: 'oneroster', files: upload(files), full: false });
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
