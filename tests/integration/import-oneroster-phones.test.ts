import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportFile } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, newStaff, type TestUser } from './support/factories';
import { asUpload, rosterFiles, rosterTables, type RosterTables } from './support/oneroster-files';

// Issue 9: a parent's landline (`phone`) is kept as well as their mobile (`sms`), each in its own
// place; a landline is never stored as the mobile that texts go to.

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

const userRow = (tables: RosterTables, sourcedId: string) =>
  tables['users.csv']!.find((u) => u.sourcedId === sourcedId)!;

const phonesOf = (sourcedId: string) =>
  db
    .selectFrom('contacts')
    .select(['phone_mobile', 'phone_home'])
    .where('source_id', '=', sourcedId)
    .executeTakeFirstOrThrow();

describe('a parent’s phone numbers from a roster', () => {
  it('keeps the mobile (sms) and the landline (phone) apart, and an empty one never blanks a stored one', async () => {
    const tables = rosterTables({ students: 2, prefix: 'ph', teachers: 1 });
    userRow(tables, 'ph-gdn-1-1').phone = '020 7946 0101';
    userRow(tables, 'ph-gdn-1-2').sms = '';
    userRow(tables, 'ph-gdn-1-2').phone = '020 7946 0102';
    expect((await importRoster(rosterFiles(tables), 'run')).applied).toBe(true);
    expect(await phonesOf('ph-gdn-1-1')).toEqual({
      phone_mobile: '07700 900001',
      phone_home: '020 7946 0101',
    });
    expect(await phonesOf('ph-gdn-1-2')).toEqual({
      phone_mobile: null,
      phone_home: '020 7946 0102',
    });

    userRow(tables, 'ph-gdn-1-1').phone = '';
    userRow(tables, 'ph-gdn-1-1').sms = '';
    const again = await importRoster(rosterFiles(tables), 'run');
    expect(again.summary.counts['Parents and carers']).toEqual({ add: 0, change: 0, unchanged: 4 });
    expect(await phonesOf('ph-gdn-1-1')).toEqual({
      phone_mobile: '07700 900001',
      phone_home: '020 7946 0101',
    });
  });

  it('moves a landline that an earlier import stored as the mobile to its own place', async () => {
    // Imports once stored `phone` as the mobile when there was no `sms`.
    await db
      .updateTable('contacts')
      .set({ phone_mobile: '020 7946 0102', phone_home: null })
      .where('source_id', '=', 'ph-gdn-1-2')
      .execute();
    const tables = rosterTables({ students: 2, prefix: 'ph', teachers: 1 });
    userRow(tables, 'ph-gdn-1-2').sms = '';
    userRow(tables, 'ph-gdn-1-2').phone = '020 7946 0102';
    const dry = await importRoster(rosterFiles(tables), 'preview');
    const parent = userRow(tables, 'ph-gdn-1-2');
    expect(dry.changes).toContainEqual({
      kind: 'Parents and carers',
      action: 'change',
      name: `${parent.givenName} ${parent.familyName}`,
      ref: 'ph-gdn-1-2',
      fields: [
        { field: 'mobile', from: '020 7946 0102', to: null },
        { field: 'landline', from: null, to: '020 7946 0102' },
      ],
      reason: null,
    });
    expect((await importRoster(rosterFiles(tables), 'run')).applied).toBe(true);
    expect(await phonesOf('ph-gdn-1-2')).toEqual({
      phone_mobile: null,
      phone_home: '020 7946 0102',
    });
  });
});
