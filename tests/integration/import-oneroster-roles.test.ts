import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, newStaff, type TestUser } from './support/factories';
import {
  asUpload,
  addRole,
  rosterFiles,
  rosterTables,
  studentOf,
  type RosterTables,
} from './support/oneroster-files';

// Issue 9: OneRoster 1.2 gives a person one roles.csv row per role. A teacher may be a parent, a
// head may teach: every role row counts, and a staff parent is both staff and a contact.

let db: Database;
let office: TestUser;

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
});

async function run(tables: RosterTables) {
  const caller = await callerFor(db, office);
  return caller.admin.imports.run({
    kind: 'oneroster',
    files: asUpload(rosterFiles(tables)),
    full: false,
  });
}

const user = (tables: RosterTables, sourcedId: string) =>
  tables['users.csv']!.find((u) => u.sourcedId === sourcedId)!;
const lineOf = (
  tables: RosterTables,
  file: string,
  test: (row: Record<string, string>) => boolean,
) => tables[file]!.findIndex(test) + 2;

async function linksOf(studentSourceId: string) {
  return db
    .selectFrom('student_contacts as l')
    .innerJoin('students as s', 's.id', 'l.student_id')
    .innerJoin('contacts as c', 'c.id', 'l.contact_id')
    .select(['c.source_id', 'l.relationship', 'l.parental_responsibility', 'l.verified_at'])
    .where('s.source_id', '=', studentSourceId)
    .orderBy('c.source_id')
    .execute();
}

describe('a person with several roles', () => {
  it('imports a teacher who is also a parent as staff and as a contact linked to their child, unverified', async () => {
    const tables = rosterTables({ students: 4, prefix: 'p', teachers: 2, guardiansPerStudent: 1 });
    const teacher = 'p-tch-1';
    addRole(tables, teacher, 'parent');
    // Child 1 names the teacher (the usual direction); child 2 is named only on the teacher's row.
    const one = user(tables, studentOf(1, 'p').sourcedId);
    one.agentSourcedIds = `${one.agentSourcedIds},${teacher}`;
    user(tables, teacher).agentSourcedIds = studentOf(2, 'p').sourcedId;

    const result = await run(tables);
    expect(result.problems).toEqual([]);
    expect(result.applied).toBe(true);

    const staff = await db
      .selectFrom('staff')
      .select(['source_id', 'email'])
      .where('source_id', '=', teacher)
      .execute();
    expect(staff).toEqual([{ source_id: teacher, email: 'p.teacher1@school.example' }]);
    const contact = await db
      .selectFrom('contacts')
      .select(['source_id', 'email'])
      .where('source_id', '=', teacher)
      .execute();
    expect(contact).toEqual([{ source_id: teacher, email: 'p.teacher1@school.example' }]);

    for (const n of [1, 2]) {
      expect(await linksOf(studentOf(n, 'p').sourcedId)).toContainEqual({
        source_id: teacher,
        relationship: 'Parent',
        parental_responsibility: false,
        verified_at: null,
      });
    }
    // No account is made by an import, whatever the roles (P3).
    const accounts = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'p.teacher1@school.example')
      .execute();
    expect(accounts).toEqual([]);
  });

  it('makes a head teacher who teaches (principal primary, teacher secondary) the teacher of their classes', async () => {
    const tables = rosterTables({ students: 3, prefix: 'h', teachers: 1, guardiansPerStudent: 1 });
    const head = 'h-head';
    tables['users.csv']!.push({
      ...user(tables, 'h-tch-1'),
      sourcedId: head,
      givenName: 'Helen',
      familyName: 'Head',
      email: 'head@school.example',
    });
    addRole(tables, head, 'principal', 'primary');
    addRole(tables, head, 'teacher', 'secondary');
    // The head takes over one scheduled class as its primary teacher.
    const enrolment = tables['enrollments.csv']!.find((e) => e.role === 'teacher')!;
    const classId = enrolment.classSourcedId!;
    enrolment.userSourcedId = head;
    enrolment.sourcedId = `${classId}:${head}`;

    const result = await run(tables);
    expect(result.problems).toEqual([]);
    const group = await db
      .selectFrom('teaching_groups as g')
      .innerJoin('staff as st', 'st.id', 'g.teacher_staff_id')
      .select(['st.source_id', 'st.surname'])
      .where('g.source_id', '=', classId)
      .executeTakeFirstOrThrow();
    expect(group).toEqual({ source_id: head, surname: 'Head' });
  });

  it("reads a school's own ext: role as a relative, and refuses a parent enrolled to teach", async () => {
    const tables = rosterTables({ students: 2, prefix: 'x', teachers: 1, guardiansPerStudent: 1 });
    const grandparent = 'x-gdn-1-1';
    const roleRow = tables['roles.csv']!.find((r) => r.userSourcedId === grandparent)!;
    roleRow.role = 'ext:grandparent';
    const ok = await run(tables);
    expect(ok.problems).toEqual([]);
    expect(await linksOf(studentOf(1, 'x').sourcedId)).toEqual([
      {
        source_id: grandparent,
        relationship: 'Relative',
        parental_responsibility: false,
        verified_at: null,
      },
    ]);

    const parent = 'x-gdn-2-1';
    const enrolment = tables['enrollments.csv']!.find((e) => e.role === 'teacher')!;
    enrolment.userSourcedId = parent;
    const refused = await run(tables);
    expect(refused.applied).toBe(false);
    expect(refused.problems).toEqual([
      {
        file: 'enrollments.csv',
        line: lineOf(tables, 'enrollments.csv', (e) => e === enrolment),
        message: `${parent} teaches a class but has no staff role in roles.csv.`,
      },
    ]);
  });
});
