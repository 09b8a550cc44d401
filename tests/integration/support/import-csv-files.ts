import type { Database } from '@schoolgate/db';
import type { ImportFile } from '../../../packages/api/src/imports';
import { TEST_NOW } from './factories';

/**
 * A small school for the CSV importers (attendance, behaviour, timetable, reports): one autumn
 * term with a half-term, five students with UPNs (one known to the roster by its sourcedId, one
 * who joined late, one who has left), three teachers, three periods and two report cycles.
 * TEST_NOW is Tuesday 17 November 2026; 9–13 November is the week before, all school days.
 */
export interface ImportSchool {
  /** Year 10, on roll all term. */
  ana: Pupil;
  /** Year 10, with the roster's sourcedId "stu-ben". */
  ben: Pupil;
  /** Year 9. */
  cara: Pupil;
  /** Year 10, joined on Wednesday 11 November 2026. */
  dev: Pupil;
  /** Year 10, left on Tuesday 10 November 2026. */
  eli: Pupil;
  teachers: Record<'reeves' | 'novak' | 'green', Teacher>;
  periods: { id: string; name: string }[];
}

export interface Teacher {
  id: string;
  email: string;
}

export interface Pupil {
  id: string;
  upn: string;
}

export const TERM = { startsOn: '2026-09-01', endsOn: '2026-12-18' };
export const HALF_TERM = { startsOn: '2026-10-26', endsOn: '2026-10-30' };

export async function buildImportSchool(db: Database): Promise<ImportSchool> {
  await db
    .insertInto('terms')
    .values({ name: 'Autumn 2026', starts_on: TERM.startsOn, ends_on: TERM.endsOn })
    .execute();
  await db
    .insertInto('school_closures')
    .values({ starts_on: HALF_TERM.startsOn, ends_on: HALF_TERM.endsOn, reason: 'Half-term' })
    .execute();
  const pupil = async (
    upn: string,
    yearGroup: number,
    fields: { sourceId?: string; admission?: string; leaving?: string } = {},
  ): Promise<Pupil> => {
    const row = await db
      .insertInto('students')
      .values({
        upn,
        source_id: fields.sourceId ?? null,
        forename: 'Pupil',
        surname: upn,
        date_of_birth: yearGroup === 9 ? '2012-03-04' : '2011-03-04',
        year_group: yearGroup,
        form: `${yearGroup}N`,
        admission_date: fields.admission ?? '2024-09-01',
        leaving_date: fields.leaving ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, upn };
  };
  const ana = await pupil('A999000000001', 10);
  const ben = await pupil('B999000000002', 10, { sourceId: 'stu-ben' });
  const cara = await pupil('C999000000003', 9);
  const dev = await pupil('D999000000004', 10, { admission: '2026-11-11' });
  const eli = await pupil('E999000000005', 10, { leaving: '2026-11-10' });
  const teacher = async (name: string): Promise<Teacher> => {
    const email = `${name}@import.example.org`;
    const row = await db
      .insertInto('staff')
      .values({ title: 'Ms', forename: name, surname: name, email })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('staff_roles').values({ staff_id: row.id, role: 'teacher' }).execute();
    return { id: row.id, email };
  };
  const teachers = {
    reeves: await teacher('reeves'),
    novak: await teacher('novak'),
    green: await teacher('green'),
  };
  const periods = await db
    .insertInto('periods')
    .values([
      { name: 'Period 1', starts_at: '08:50', ends_at: '09:50', sort_order: 1 },
      { name: 'Period 2', starts_at: '09:50', ends_at: '10:50', sort_order: 2 },
      { name: 'Period 3', starts_at: '11:10', ends_at: '12:10', sort_order: 3 },
    ])
    .returning(['id', 'name'])
    .execute();
  return { ana, ben, cara, dev, eli, teachers, periods };
}

/** A CSV file from its lines, as the admin page or the CLI would pass it to an importer. */
export function csvFile(name: string, lines: readonly string[]): ImportFile {
  return { name, data: new TextEncoder().encode(`${lines.join('\r\n')}\r\n`) };
}

/** Every row of `tables`, in a stable order: compare two to show that nothing was written. */
export async function snapshot(db: Database, tables: readonly string[]) {
  const result: Record<string, unknown[]> = {};
  for (const table of [...tables, 'import_runs', 'audit_log']) {
    // The table names are this file's own constants, never input.
    const rows = await db
      .selectFrom(table as 'import_runs')
      .selectAll()
      .execute();
    result[table] = rows
      .map((row) => JSON.stringify(row))
      .sort()
      .map((text) => JSON.parse(text) as unknown);
  }
  return result;
}

export { TEST_NOW };
