import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportFile } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, newStaff, type TestUser } from './support/factories';
import { asUpload, rosterFiles, rosterTables, studentOf } from './support/oneroster-files';

// Issue 9: UK systems write the National Curriculum year in `grades`; US/CEDS grades only when the
// school says its exporter writes them. A shifted year must show in the dry run before it lands.

let db: Database;
let office: TestUser;
let admin: TestUser;

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
  admin = await newStaff(db, ['admin']);
});

async function importRoster(files: ImportFile[], mode: 'preview' | 'run') {
  const caller = await callerFor(db, office);
  return caller.admin.imports[mode]({ kind: 'oneroster', files: asUpload(files), full: false });
}

const yearsBySource = async (prefix: string) =>
  Object.fromEntries(
    (
      await db
        .selectFrom('students')
        .select(['source_id', 'year_group', 'form'])
        .where('source_id', 'like', `${prefix}-stu-%`)
        .execute()
    ).map((s) => [s.source_id, { year: s.year_group, form: s.form }]),
  );

const expectedYears = (prefix: string, students: number) =>
  Object.fromEntries(
    Array.from({ length: students }, (_, i) => studentOf(i + 1, prefix)).map((s) => [
      s.sourcedId,
      { year: s.year, form: s.form },
    ]),
  );

describe('year groups from a roster’s grades', () => {
  it('reads National Curriculum years by default, with or without a leading zero, and stores the form’s code', async () => {
    const tables = rosterTables({ students: 10, prefix: 'y', teachers: 2 });
    const grades = tables['users.csv']!.filter((u) => u.grades).map((u) => u.grades);
    expect(grades).toContain('07');
    expect(grades).toContain('7');

    const dry = await importRoster(rosterFiles(tables), 'preview');
    expect(dry.problems).toEqual([]);
    expect(dry.summary.notes).toContain(
      'Students by year group (from grades, read as National Curriculum years): Year 7: 2, Year 8: 2, Year 9: 2, Year 10: 2, Year 11: 2.',
    );
    expect(dry.summary.notes.join('\n')).not.toContain('Check the year groups');

    const done = await importRoster(rosterFiles(tables), 'run');
    expect(done.applied).toBe(true);
    expect(await yearsBySource('y')).toEqual(expectedYears('y', 10));
  });

  it('warns when US grades arrive unannounced, and reads them once the school turns the setting on', async () => {
    const tables = rosterTables({ students: 10, prefix: 'u', teachers: 2 });
    // A US exporter: every year written one below (Year 9 is "08").
    for (const file of ['users.csv', 'classes.csv']) {
      for (const row of tables[file]!) {
        if (row.grades) row.grades = String(Number(row.grades) - 1).padStart(2, '0');
      }
    }
    const lineOfStudent = (n: number) =>
      tables['users.csv']!.findIndex((u) => u.sourcedId === studentOf(n, 'u').sourcedId) + 2;

    const unannounced = await importRoster(rosterFiles(tables), 'preview');
    // Year 7 ("06") cannot be a secondary year: refused, naming the setting.
    expect(unannounced.problems).toContainEqual({
      file: 'users.csv',
      line: lineOfStudent(5),
      message:
        'grades "06" is Year 6, outside a secondary school\'s Years 7 to 13. If your system writes US grades (06 for Year 7), turn on “Our roster export writes US grades” in the settings.',
    });
    // Everyone else would land a year too low: the dry run says so before anything is applied.
    expect(unannounced.summary.notes).toContainEqual(
      expect.stringMatching(
        /^Check the year groups before applying: for 8 of 8 students the year from grades is not the year of their form \(.+: grades give Year \d+, form \d+[NF]\)\. If your system writes US grades/,
      ),
    );
    expect(await yearsBySource('u')).toEqual({});

    const adminCaller = await callerFor(db, admin);
    await adminCaller.admin.settings.update({ rosterGradesAreUs: true });
    try {
      const announced = await importRoster(rosterFiles(tables), 'preview');
      expect(announced.problems).toEqual([]);
      expect(announced.summary.notes).toContain(
        'Students by year group (from grades, read as US grades): Year 7: 2, Year 8: 2, Year 9: 2, Year 10: 2, Year 11: 2.',
      );
      expect(announced.summary.notes.join('\n')).not.toContain('Check the year groups');
      await importRoster(rosterFiles(tables), 'run');
      expect(await yearsBySource('u')).toEqual(expectedYears('u', 10));
    } finally {
      await adminCaller.admin.settings.update({ rosterGradesAreUs: false });
    }
  });
});
