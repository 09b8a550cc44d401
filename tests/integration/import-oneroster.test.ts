import { beforeAll, describe, expect, it } from 'vitest';
import { runImport, type ImportFile } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  callerFor,
  newParent,
  newStaff,
  newStudent,
  TEST_NOW,
  type TestUser,
} from './support/factories';
import {
  asUpload,
  rosterFiles,
  rosterTables,
  rosterZip,
  studentOf,
  type RosterTables,
} from './support/oneroster-files';
import { countingQueries } from './support/query-counter';
import { refusalOf } from './support/refusal';

let db: Database;
let office: TestUser & { staffId: string };

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
});

async function preview(files: ImportFile[], full?: boolean) {
  const caller = await callerFor(db, office);
  return caller.admin.imports.preview({ kind: 'oneroster', files: asUpload(files), full });
}

async function apply(files: ImportFile[], full?: boolean) {
  const caller = await callerFor(db, office);
  return caller.admin.imports.run({ kind: 'oneroster', files: asUpload(files), full });
}

const count = async (table: 'students' | 'contacts' | 'import_runs' | 'student_contacts') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Every row a roster writes, and every account it could move, with when it last changed. */
async function snapshot() {
  const [students, contacts, staff, roles, users, groups, members, links, leavers] =
    await Promise.all([
      db.selectFrom('students').selectAll().orderBy('id').execute(),
      db.selectFrom('contacts').selectAll().orderBy('id').execute(),
      db.selectFrom('staff').selectAll().orderBy('id').execute(),
      db.selectFrom('staff_roles').selectAll().orderBy('staff_id').orderBy('role').execute(),
      db.selectFrom('users').selectAll().orderBy('id').execute(),
      db.selectFrom('teaching_groups').selectAll().orderBy('id').execute(),
      db
        .selectFrom('teaching_group_members')
        .selectAll()
        .orderBy('group_id')
        .orderBy('student_id')
        .execute(),
      db.selectFrom('student_contacts').selectAll().orderBy('id').execute(),
      db.selectFrom('leaver_proposals').selectAll().orderBy('id').execute(),
    ]);
  return { students, contacts, staff, roles, users, groups, members, links, leavers };
}

/** The entries the audit log finds for a student, as an administrator searches it. */
async function importsFoundFor(studentId: string) {
  const admin = await callerFor(db, await newStaff(db, ['admin']));
  const found = await admin.admin.audit.search({ studentId, action: 'import.' });
  return found.entries;
}

describe('a OneRoster roster', () => {
  const tables = rosterTables({
    students: 12,
    guardiansPerStudent: 2,
    classesPerStudent: 3,
    teachers: 4,
    prefix: 'a',
  });

  it('is previewed without writing anything, then applied: students, forms, parents and carers, teachers and classes', async () => {
    const dry = await preview([rosterZip(tables)]);
    expect(dry.problems).toEqual([]);
    expect(dry.applied).toBe(false);
    expect(dry.summary.counts).toMatchObject({
      Students: { add: 12, change: 0, unchanged: 0 },
      'Parents and carers': { add: 24, change: 0, unchanged: 0 },
      'Links between parents or carers and students': { add: 24, change: 0, unchanged: 0 },
      Teachers: { add: 4, change: 0, unchanged: 0 },
      Classes: { add: 15, change: 0, unchanged: 0 },
      'Class memberships': { add: 36, change: 0, unchanged: 0 },
      'Proposed leavers': { add: 0, change: 0, unchanged: 0 },
    });
    expect(await count('students')).toBe(0);
    expect(await count('import_runs')).toBe(0);

    const done = await apply(rosterFiles(tables));
    expect(done.applied).toBe(true);
    expect(done.summary.counts.Students).toEqual({ add: 12, change: 0, unchanged: 0 });

    const seven = studentOf(7, 'a');
    const student = await db
      .selectFrom('students')
      .selectAll()
      .where('source_id', '=', seven.sourcedId)
      .executeTakeFirstOrThrow();
    expect(student).toMatchObject({
      forename: seven.givenName,
      surname: seven.familyName,
      preferred_name: seven.givenName.slice(0, 3),
      upn: seven.upn,
      year_group: seven.year,
      form: seven.form,
      date_of_birth: seven.birthDate,
      admission_date: '2026-09-01',
      leaving_date: null,
      updated_by_user_id: office.userId,
    });

    // Parents and carers: contacts linked unverified without parental responsibility, no accounts.
    const links = await db
      .selectFrom('student_contacts as l')
      .innerJoin('contacts as c', 'c.id', 'l.contact_id')
      .select([
        'c.source_id',
        'c.email',
        'c.phone_mobile',
        'l.relationship',
        'l.status',
        'l.parental_responsibility',
      ])
      .where('l.student_id', '=', student.id)
      .orderBy('c.source_id')
      .execute();
    expect(links).toEqual([
      {
        source_id: 'a-gdn-7-1',
        email: 'a-gdn-7-1@example.org',
        phone_mobile: '07700 900007',
        relationship: 'Parent',
        status: 'unverified',
        parental_responsibility: false,
      },
      {
        source_id: 'a-gdn-7-2',
        email: 'a-gdn-7-2@example.org',
        phone_mobile: '07700 900007',
        relationship: 'Guardian',
        status: 'unverified',
        parental_responsibility: false,
      },
    ]);
    const accounts = await db
      .selectFrom('users')
      .innerJoin('contacts', 'contacts.id', 'users.contact_id')
      .select('users.id')
      .where('contacts.source_id', 'is not', null)
      .execute();
    expect(accounts).toEqual([]);

    // Teachers: staff with the teacher role, no account; each class has its primary teacher.
    const teachers = await db
      .selectFrom('staff')
      .leftJoin('staff_roles', 'staff_roles.staff_id', 'staff.id')
      .leftJoin('users', 'users.staff_id', 'staff.id')
      .select(['staff.email', 'staff_roles.role', 'users.id as user_id'])
      .where('staff.source_id', 'like', 'a-tch-%')
      .orderBy('staff.email')
      .execute();
    expect(teachers).toHaveLength(4);
    expect(teachers.every((t) => t.role === 'teacher' && t.user_id === null)).toBe(true);

    const groups = await db
      .selectFrom('teaching_groups as g')
      .leftJoin('staff as s', 's.id', 'g.teacher_staff_id')
      .select(['g.code', 'g.subject', 'g.year_group', 'g.room', 's.source_id as teacher'])
      .where('g.source_id', 'like', 'a-cls-%')
      .orderBy('g.code')
      .execute();
    expect(groups).toHaveLength(15);
    expect(groups[0]).toMatchObject({
      code: 'a10/Eng1',
      subject: 'English',
      year_group: 10,
      room: 'R2',
    });
    expect(groups.every((g) => g.teacher?.startsWith('a-tch-'))).toBe(true);
    const memberships = await db
      .selectFrom('teaching_group_members as m')
      .innerJoin('teaching_groups as g', 'g.id', 'm.group_id')
      .select('g.code')
      .where('m.student_id', '=', student.id)
      .orderBy('g.code')
      .execute();
    expect(memberships.map((m) => m.code)).toEqual([
      `a${seven.year}/Eng1`,
      `a${seven.year}/Mat1`,
      `a${seven.year}/Sci1`,
    ]);

    const run = await db.selectFrom('import_runs').selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({ kind: 'oneroster', applied_by_user_id: office.userId });
    expect(run.file_names).toContain('users.csv');
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'import.oneroster')
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(office.userId);
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await snapshot();
    const again = await apply(rosterFiles(tables));
    expect(again.problems).toEqual([]);
    for (const [label, c] of Object.entries(again.summary.counts)) {
      expect({ label, add: c.add, change: c.change }).toEqual({ label, add: 0, change: 0 });
    }
    expect(again.summary.counts.Students).toEqual({ add: 0, change: 0, unchanged: 12 });
    expect(again.summary.counts['Class memberships']).toEqual({ add: 0, change: 0, unchanged: 36 });
    expect(await snapshot()).toEqual(before);
  });

  it('updates by sourcedId, adds missing links, and never touches a link staff have verified', async () => {
    const one = studentOf(1, 'a');
    const student = await db
      .selectFrom('students')
      .select('id')
      .where('source_id', '=', one.sourcedId)
      .executeTakeFirstOrThrow();
    const contact = await db
      .selectFrom('contacts')
      .select('id')
      .where('source_id', '=', 'a-gdn-1-1')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('student_contacts')
      .set({
        status: 'verified',
        parental_responsibility: true,
        relationship: 'Mother',
        verified_by_staff_id: office.staffId,
        verified_at: TEST_NOW,
        verification_evidence: 'birth_certificate',
      })
      .where('student_id', '=', student.id)
      .where('contact_id', '=', contact.id)
      .execute();

    const changed = structuredClone(tables);
    const users = changed['users.csv']!;
    const studentRow = users.find((u) => u.sourcedId === one.sourcedId)!;
    studentRow.familyName = 'Renamed';
    studentRow.grades = String(one.year + 1); // moved up a year
    const parentRow = users.find((u) => u.sourcedId === 'a-gdn-1-1')!;
    parentRow.sms = '07700 900999';
    parentRow.email = '';

    const result = await apply(rosterFiles(changed));
    expect(result.problems).toEqual([]);
    expect(result.summary.counts.Students).toEqual({ add: 0, change: 1, unchanged: 11 });
    expect(result.summary.counts['Parents and carers']).toEqual({
      add: 0,
      change: 1,
      unchanged: 23,
    });
    const after = await db
      .selectFrom('students')
      .selectAll()
      .where('id', '=', student.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ surname: 'Renamed', year_group: one.year + 1 });
    const parent = await db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', contact.id)
      .executeTakeFirstOrThrow();
    // An empty email in the files keeps the one the school holds.
    expect(parent).toMatchObject({ phone_mobile: '07700 900999', email: 'a-gdn-1-1@example.org' });
    const link = await db
      .selectFrom('student_contacts')
      .selectAll()
      .where('student_id', '=', student.id)
      .where('contact_id', '=', contact.id)
      .executeTakeFirstOrThrow();
    expect(link).toMatchObject({
      status: 'verified',
      relationship: 'Mother',
      parental_responsibility: true,
    });
  });

  it('names the students it adds or changes in its audit entry, so the audit log finds it by student', async () => {
    const idOf = async (n: number) =>
      (
        await db
          .selectFrom('students')
          .select('id')
          .where('source_id', '=', studentOf(n, 'a').sourcedId)
          .executeTakeFirstOrThrow()
      ).id;
    // Each import by what it did to students: the first added everyone, the repeat changed
    // nobody (so it names nobody), the last renamed student 1.
    const importsOf = async (n: number) =>
      (await importsFoundFor(await idOf(n))).map((e) => [
        e.action,
        (e.details.summary as { counts: Record<string, unknown> }).counts.Students,
      ]);
    const added = { add: 12, change: 0, unchanged: 0 };
    const renamed = { add: 0, change: 1, unchanged: 11 };
    expect(await importsOf(1)).toEqual([
      ['import.oneroster', renamed],
      ['import.oneroster', added],
    ]);
    expect(await importsOf(2)).toEqual([['import.oneroster', added]]);
  });
});

describe('a roster with bad rows', () => {
  it('is refused with every problem by file and line, and writes nothing', async () => {
    const tables: RosterTables = rosterTables({
      students: 6,
      classesPerStudent: 2,
      teachers: 2,
      prefix: 'b',
    });
    const t = (name: string) => tables[name]!;
    // Row i of a file is on line i + 2.
    const lineOf = (name: string, test: (row: Record<string, string>) => boolean) =>
      t(name).findIndex(test) + 2;

    // A course given twice.
    t('courses.csv').push({ ...t('courses.csv')[0]! });
    const duplicateCourseLine = t('courses.csv').length + 1;
    // A student with a grade that is no English year, and one with an agent nobody knows.
    const kindergarten = studentOf(1, 'b');
    t('users.csv').find((u) => u.sourcedId === kindergarten.sourcedId)!.grades = 'KG';
    const orphan = studentOf(2, 'b');
    t('users.csv').find((u) => u.sourcedId === orphan.sourcedId)!.agentSourcedIds =
      'b-gdn-2-1,b-nobody';
    // A new student with no date of birth.
    const undated = studentOf(3, 'b');
    const undatedDemographics = lineOf(
      'demographics.csv',
      (d) => d.sourcedId === undated.sourcedId,
    );
    t('demographics.csv').splice(undatedDemographics - 2, 1);
    // A second role nobody has heard of.
    t('roles.csv').push({
      ...t('roles.csv')[0]!,
      sourcedId: 'b-odd-role',
      roleType: 'secondary',
      role: 'wizard',
    });
    const wizardLine = t('roles.csv').length + 1;
    // Enrollments: a bad date, an unknown user and an unknown class.
    const badDate = lineOf(
      'enrollments.csv',
      (e) => e.userSourcedId === studentOf(4, 'b').sourcedId,
    );
    t('enrollments.csv')[badDate - 2]!.beginDate = '2026-02-30';
    t('enrollments.csv').push({
      ...t('enrollments.csv')[0]!,
      sourcedId: 'b-e-1',
      userSourcedId: 'b-ghost',
    });
    t('enrollments.csv').push({
      ...t('enrollments.csv')[0]!,
      sourcedId: 'b-e-2',
      classSourcedId: 'b-nowhere',
    });
    const ghostLine = t('enrollments.csv').length + 1;

    const before = await snapshot();
    const runsBefore = await count('import_runs');
    const result = await apply(rosterFiles(tables));
    expect(result.applied).toBe(false);
    expect(result.importRunId).toBeNull();
    expect(result.problems).toEqual([
      {
        file: 'courses.csv',
        line: duplicateCourseLine,
        message: 'sourcedId "b-course-English" is also on line 2: each must be unique.',
      },
      {
        file: 'users.csv',
        line: lineOf('users.csv', (u) => u.sourcedId === kindergarten.sourcedId),
        message: 'grades "KG" is not a National Curriculum year: use 7 to 13 (or 07, Y7 …).',
      },
      {
        file: 'users.csv',
        line: lineOf('users.csv', (u) => u.sourcedId === orphan.sourcedId),
        message: 'Agent "b-nobody" of b-stu-2 is not in users.csv.',
      },
      {
        file: 'users.csv',
        line: lineOf('users.csv', (u) => u.sourcedId === undated.sourcedId),
        message: 'New student b-stu-3 has no birthDate in demographics.csv.',
      },
      {
        file: 'roles.csv',
        line: wizardLine,
        message:
          'Role "wizard" is not a OneRoster role (aide, administrator, counselor, districtAdministrator, guardian, parent, principal, proctor, relative, siteAdministrator, student, systemAdministrator, teacher, or a school\'s own "ext:…").',
      },
      {
        file: 'enrollments.csv',
        line: badDate,
        message: 'beginDate "2026-02-30" is not a date: write dates as YYYY-MM-DD.',
      },
      {
        file: 'enrollments.csv',
        line: ghostLine - 1,
        message: 'User "b-ghost" is not in users.csv.',
      },
      {
        file: 'enrollments.csv',
        line: ghostLine,
        message: 'Class "b-nowhere" is not in classes.csv.',
      },
    ]);
    expect(await snapshot()).toEqual(before);
    expect(await count('import_runs')).toBe(runsBefore);
  });

  it('names a missing file, and a zip that will not open, without reading further', async () => {
    const tables = rosterTables({ students: 2, prefix: 'c' });
    delete tables['enrollments.csv'];
    const result = await preview([
      ...rosterFiles(tables),
      { name: 'broken.zip', data: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) },
    ]);
    expect(result.problems).toEqual([
      {
        file: 'broken.zip',
        line: 0,
        message: 'This zip file cannot be opened: it may be damaged or not a zip file.',
      },
      {
        file: 'enrollments.csv',
        line: 0,
        message: 'enrollments.csv is missing from the files given.',
      },
    ]);
  });

  it('refuses more than 20 MB of files before reading them', async () => {
    const caller = await callerFor(db, office);
    const big = Buffer.alloc(21 * 1024 * 1024, 65).toString('base64');
    const refusal = await refusalOf(
      caller.admin.imports.preview({
        kind: 'oneroster',
        files: [{ name: 'users.csv', base64: big }],
      }),
    );
    expect(refusal.message).toContain('20 MB');
  });
});

describe('a full roster import', () => {
  // A school of its own: a full import proposes everyone on roll it does not list.
  beforeAll(async () => {
    db = await freshDatabase();
    office = await newStaff(db, ['office']);
  });
  const base = rosterTables({ students: 5, classesPerStudent: 1, teachers: 1, prefix: 'd' });
  const without = (tables: RosterTables, ...numbers: number[]) => {
    const gone = new Set(numbers.map((n) => studentOf(n, 'd').sourcedId));
    const copy = structuredClone(tables);
    copy['users.csv'] = copy['users.csv']!.filter((u) => !gone.has(u.sourcedId!));
    copy['roles.csv'] = copy['roles.csv']!.filter((r) => !gone.has(r.userSourcedId!));
    copy['enrollments.csv'] = copy['enrollments.csv']!.filter((e) => !gone.has(e.userSourcedId!));
    copy['demographics.csv'] = copy['demographics.csv']!.filter((d) => !gone.has(d.sourcedId!));
    for (const u of copy['users.csv']!) {
      u.agentSourcedIds = (u.agentSourcedIds ?? '')
        .split(',')
        .filter((a) => !gone.has(a))
        .join(',');
    }
    return copy;
  };
  const idOf = async (n: number) =>
    (
      await db
        .selectFrom('students')
        .select('id')
        .where('source_id', '=', studentOf(n, 'd').sourcedId)
        .executeTakeFirstOrThrow()
    ).id;

  it('proposes students on roll who are missing as leavers, deleting nobody; a partial one does not', async () => {
    expect((await apply(rosterFiles(base))).applied).toBe(true);
    const partial = await preview(rosterFiles(without(base, 1, 2)), false);
    expect(partial.summary.counts['Proposed leavers']).toEqual({ add: 0, change: 0, unchanged: 0 });

    const full = await apply(rosterFiles(without(base, 1, 2)));
    expect(full.applied).toBe(true);
    expect(full.summary.counts['Proposed leavers']).toEqual({ add: 2, change: 0, unchanged: 0 });
    expect(full.summary.notes).toContain(
      '2 students on roll are missing from these files and will be proposed as leavers for staff to confirm. Nobody is deleted.',
    );
    // Their class memberships end with the full roster; the students themselves stay.
    expect(full.summary.counts['Class memberships']).toMatchObject({ change: 2 });
    const proposals = await db
      .selectFrom('leaver_proposals')
      .select(['student_id', 'import_run_id', 'decision'])
      .execute();
    expect(new Set(proposals.map((p) => p.student_id))).toEqual(
      new Set([await idOf(1), await idOf(2)]),
    );
    expect(
      proposals.every((p) => p.import_run_id === full.importRunId && p.decision === null),
    ).toBe(true);

    // The same full roster again: they stay proposed, once each.
    const again = await apply(rosterFiles(without(base, 1, 2)));
    expect(again.summary.counts['Proposed leavers']).toEqual({ add: 0, change: 0, unchanged: 2 });
  });

  it('lets the office confirm a leaver (setting the leaving date) or dismiss one (keeping them)', async () => {
    const caller = await callerFor(db, office);
    const list = await caller.admin.imports.leavers.list();
    expect(list.proposals.map((p) => p.studentId).sort()).toEqual(
      [await idOf(1), await idOf(2)].sort(),
    );
    const stayerId = await idOf(1);
    const stayer = list.proposals.find((p) => p.studentId === stayerId)!;
    const leaver = list.proposals.find((p) => p.studentId !== stayerId)!;

    const early = await refusalOf(
      caller.admin.imports.leavers.confirm({ proposalId: leaver.id, leavingDate: '2001-01-01' }),
    );
    expect(early.message).toContain('cannot be before they joined the school');

    await caller.admin.imports.leavers.confirm({
      proposalId: leaver.id,
      leavingDate: '2026-11-13',
    });
    await caller.admin.imports.leavers.dismiss({ proposalId: stayer.id });
    const students = await db
      .selectFrom('students')
      .select(['id', 'leaving_date', 'updated_by_user_id'])
      .where('id', 'in', [leaver.studentId, stayer.studentId])
      .execute();
    expect(students.find((s) => s.id === leaver.studentId)).toMatchObject({
      leaving_date: '2026-11-13',
      updated_by_user_id: office.userId,
    });
    expect(students.find((s) => s.id === stayer.studentId)?.leaving_date).toBeNull();
    const audits = await db
      .selectFrom('audit_log')
      .select(['action', 'student_id'])
      .where('action', 'in', ['leavers.confirm', 'leavers.dismiss'])
      .orderBy('id')
      .execute();
    expect(audits).toEqual([
      { action: 'leavers.confirm', student_id: leaver.studentId },
      { action: 'leavers.dismiss', student_id: stayer.studentId },
    ]);
    const twice = await refusalOf(caller.admin.imports.leavers.dismiss({ proposalId: leaver.id }));
    expect(twice.message).toBe('Someone has already decided about this student.');
    const after = await caller.admin.imports.leavers.list();
    expect(after.proposals).toEqual([]);
    expect(after.recent.map((r) => r.decision).sort()).toEqual(['confirmed', 'dismissed']);

    // A student who has left is not proposed again; one who came back withdraws their proposal.
    const next = await apply(rosterFiles(without(base, 1, 2)));
    // The dismissed one, still missing, is proposed again.
    expect(next.summary.counts['Proposed leavers']).toMatchObject({ add: 1 });
    const back = await apply(rosterFiles(base));
    expect(back.summary.counts['Proposed leavers']).toMatchObject({ add: 0, change: 1 });
    // The one who left stays a leaver, and the office is told.
    expect(back.summary.notes).toContainEqual(
      expect.stringContaining(
        '1 student in these files has left the school according to the portal',
      ),
    );
    expect(
      (
        await db
          .selectFrom('students')
          .select('leaving_date')
          .where('id', '=', leaver.studentId)
          .executeTakeFirstOrThrow()
      ).leaving_date,
    ).toBe('2026-11-13');
    expect(await caller.admin.imports.leavers.list()).toMatchObject({ proposals: [] });
  });
});

describe('students and teachers the portal already has', () => {
  it('are matched by UPN and by email the first time, instead of being added twice', async () => {
    const tables = rosterTables({ students: 2, classesPerStudent: 1, teachers: 1, prefix: 'e' });
    const one = studentOf(1, 'e');
    const { studentId } = await newStudent(db, { yearGroup: 8 });
    await db.updateTable('students').set({ upn: one.upn }).where('id', '=', studentId).execute();
    const teacher = await newStaff(db, ['office']);
    const teacherRow = tables['users.csv']!.find((u) => u.sourcedId === 'e-tch-1')!;
    const staff = await db
      .selectFrom('staff')
      .select('email')
      .where('id', '=', teacher.staffId)
      .executeTakeFirstOrThrow();
    teacherRow.email = staff.email.toUpperCase();

    const result = await apply(rosterFiles(tables));
    expect(result.problems).toEqual([]);
    expect(result.summary.counts.Students).toEqual({ add: 1, change: 1, unchanged: 0 });
    expect(result.summary.counts.Teachers).toEqual({ add: 0, change: 1, unchanged: 0 });
    const adopted = await db
      .selectFrom('students')
      .selectAll()
      .where('id', '=', studentId)
      .executeTakeFirstOrThrow();
    expect(adopted).toMatchObject({
      source_id: one.sourcedId,
      year_group: one.year,
      form: one.form,
    });
    const roles = await db
      .selectFrom('staff_roles')
      .select('role')
      .where('staff_id', '=', teacher.staffId)
      .orderBy('role')
      .execute();
    expect(roles.map((r) => r.role)).toEqual(['office', 'teacher']);

    // Someone else's UPN is a problem, not a takeover.
    const clash = structuredClone(tables);
    clash['users.csv']!.find((u) => u.sourcedId === studentOf(2, 'e').sourcedId)!.identifier =
      one.upn;
    const refused = await preview(rosterFiles(clash));
    expect(refused.problems).toContainEqual({
      file: 'users.csv',
      line: clash['users.csv']!.findIndex((u) => u.sourcedId === studentOf(2, 'e').sourcedId) + 2,
      message: `UPN ${one.upn} is also given to the student on line ${clash['users.csv']!.findIndex((u) => u.sourcedId === one.sourcedId) + 2}.`,
    });
  });

  it('reads OneRoster 1.1 style files, with the role in users.csv and English years', async () => {
    const tables = rosterTables({ students: 3, classesPerStudent: 1, teachers: 1, prefix: 'f' });
    const roleOf = new Map(tables['roles.csv']!.map((r) => [r.userSourcedId!, r.role!]));
    delete tables['roles.csv'];
    for (const property of tables['manifest.csv']!) {
      if (property.propertyName === 'oneroster.version') property.value = '1.1';
      if (property.propertyName === 'file.roles') property.value = 'absent';
    }
    for (const u of tables['users.csv']!) {
      u.role = roleOf.get(u.sourcedId!)!;
      if (u.grades) u.grades = `Y${Number(u.grades)}`;
    }
    const result = await preview(rosterFiles(tables));
    expect(result.problems).toEqual([]);
    expect(result.summary.counts.Students).toEqual({ add: 3, change: 0, unchanged: 0 });
  });
});

describe('a student marked "tobedeleted" or not enabled', () => {
  it('is treated as missing: a full import proposes them as a leaver', async () => {
    const tables = rosterTables({ students: 3, classesPerStudent: 1, teachers: 1, prefix: 'h' });
    expect((await apply(rosterFiles(tables))).applied).toBe(true);
    const users = tables['users.csv']!;
    users.find((u) => u.sourcedId === studentOf(1, 'h').sourcedId)!.status = 'tobedeleted';
    users.find((u) => u.sourcedId === studentOf(2, 'h').sourcedId)!.enabledUser = 'false';
    const result = await preview(rosterFiles(tables));
    expect(result.problems).toEqual([]);
    expect(result.summary.counts.Students).toEqual({ add: 0, change: 0, unchanged: 1 });
    expect(result.summary.counts['Proposed leavers']).toMatchObject({ add: 2 });
    expect(result.summary.notes).toContain(
      '2 students are marked "tobedeleted" or not enabled, and treated as missing.',
    );
  });
});

describe('parents, carers and teachers with portal accounts whose email changes', () => {
  // A partial import throughout, so the other rosters in this database are left alone.
  const tables = rosterTables({
    students: 3,
    guardiansPerStudent: 1,
    classesPerStudent: 1,
    teachers: 3,
    prefix: 'k',
  });
  const users = (t: RosterTables) => t['users.csv']!;
  const row = (t: RosterTables, sourcedId: string) =>
    users(t).find((u) => u.sourcedId === sourcedId)!;
  const lineOf = (t: RosterTables, sourcedId: string) =>
    users(t).findIndex((u) => u.sourcedId === sourcedId) + 2;
  let accounts = 0;

  /** An account for someone the roster added, made the way staff would once they are checked. */
  async function accountOf(sourcedId: string) {
    const contact = await db
      .selectFrom('contacts')
      .select(['id', 'email'])
      .where('source_id', '=', sourcedId)
      .executeTakeFirst();
    const staff = await db
      .selectFrom('staff')
      .select(['id', 'email'])
      .where('source_id', '=', sourcedId)
      .executeTakeFirst();
    const owner = contact ? { contact_id: contact.id } : { staff_id: staff!.id };
    return db
      .insertInto('users')
      .values({ username: `k.account.${++accounts}`, email: (contact ?? staff)!.email!, ...owner })
      .returning(['id', 'username', 'email'])
      .executeTakeFirstOrThrow();
  }
  const emailOf = async (userId: string) =>
    (
      await db
        .selectFrom('users')
        .select('email')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
    ).email;

  beforeAll(async () => {
    const first = await apply(rosterFiles(tables), false);
    expect(first.problems).toEqual([]);
    expect(first.applied).toBe(true);
  });

  it('moves their accounts to the new email in the same import, and the audit says from what to what', async () => {
    const parent = await accountOf('k-gdn-1-1');
    const teacher = await accountOf('k-tch-1');
    const changed = structuredClone(tables);
    row(changed, 'k-gdn-1-1').email = 'k.parent.new@example.org';
    row(changed, 'k-tch-1').email = 'k.teacher1.new@school.example';

    const result = await apply(rosterFiles(changed), false);
    expect(result.problems).toEqual([]);
    expect(result.applied).toBe(true);
    // Sign-in emails and resets now go where the school's records say.
    expect(await emailOf(parent.id)).toBe('k.parent.new@example.org');
    expect(await emailOf(teacher.id)).toBe('k.teacher1.new@school.example');
    const records = await Promise.all([
      db.selectFrom('contacts').select('email').where('source_id', '=', 'k-gdn-1-1').execute(),
      db.selectFrom('staff').select('email').where('source_id', '=', 'k-tch-1').execute(),
    ]);
    expect(records).toEqual([
      [{ email: 'k.parent.new@example.org' }],
      [{ email: 'k.teacher1.new@school.example' }],
    ]);

    const admin = await callerFor(db, await newStaff(db, ['admin']));
    const audit = await admin.admin.audit.search({ action: 'import.oneroster' });
    const entry = audit.entries.find((e) => e.details.import_run_id === result.importRunId)!;
    expect(entry.details.account_emails).toEqual([
      {
        user_id: teacher.id,
        username: teacher.username,
        from: 'k.teacher1@school.example',
        to: 'k.teacher1.new@school.example',
      },
      {
        user_id: parent.id,
        username: parent.username,
        from: 'k-gdn-1-1@example.org',
        to: 'k.parent.new@example.org',
      },
    ]);

    // The same files again move nobody.
    const again = await apply(rosterFiles(changed), false);
    expect(again.summary.counts['Parents and carers']).toMatchObject({ change: 0 });
    const repeat = (await admin.admin.audit.search({ action: 'import.oneroster' })).entries.find(
      (e) => e.details.import_run_id === again.importRunId,
    )!;
    expect(repeat.details).not.toHaveProperty('account_emails');
  });

  it('refuses an email another account uses, or two accounts moving to one email, by line, writing nothing', async () => {
    const someoneElse = await newParent(db);
    await accountOf('k-gdn-2-1');
    await accountOf('k-gdn-3-1');
    await accountOf('k-tch-2');
    await accountOf('k-tch-3');
    const changed = structuredClone(tables);
    // Letter case makes no difference to whose address it is.
    row(changed, 'k-gdn-2-1').email = someoneElse.email.toUpperCase();
    row(changed, 'k-tch-2').email = someoneElse.email;
    row(changed, 'k-tch-3').email = 'k.shared@example.org';
    row(changed, 'k-gdn-3-1').email = 'k.shared@example.org';

    const before = await snapshot();
    const runsBefore = await count('import_runs');
    const result = await apply(rosterFiles(changed), false);
    expect(result.applied).toBe(false);
    expect(result.importRunId).toBeNull();
    const clash = (email: string) =>
      `Another portal account already uses ${email}. Each person needs an email address of their own: correct it in the school’s management system, or change the other account’s email first.`;
    expect(result.problems).toEqual(
      [
        { file: 'users.csv', line: lineOf(changed, 'k-tch-2'), message: clash(someoneElse.email) },
        {
          file: 'users.csv',
          line: lineOf(changed, 'k-gdn-2-1'),
          message: clash(someoneElse.email.toUpperCase()),
        },
        {
          file: 'users.csv',
          line: lineOf(changed, 'k-gdn-3-1'),
          message: `The portal account of the person on line ${lineOf(changed, 'k-tch-3')} is also moving to k.shared@example.org. Each person needs an email address of their own.`,
        },
      ].sort((a, b) => a.line - b.line),
    );
    expect(await snapshot()).toEqual(before);
    expect(await count('import_runs')).toBe(runsBefore);
  });
});

describe('a school-sized roster', () => {
  it('imports 1,500 students, 3,000 parents and carers and 30,000 enrollments in a few dozen statements', async () => {
    const big = await freshDatabase();
    const tables = rosterTables({
      students: 1500,
      guardiansPerStudent: 2,
      classesPerStudent: 19,
      teachers: 80,
      prefix: 'g',
    });
    expect(tables['enrollments.csv']!.filter((e) => e.role === 'student')).toHaveLength(30_000);
    const counted = countingQueries(big);
    const stages = new Set<string>();
    const started = performance.now();
    const result = await runImport(counted.db, {
      kind: 'oneroster',
      files: rosterFiles(tables),
      apply: true,
      now: TEST_NOW,
      userId: null,
      progress: (_done, _total, stage) => stages.add(stage),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Imported 1,500 students, 3,000 contacts, 30,000 enrollments in ${seconds.toFixed(2)} s using ${counted.count} statements.`,
    );
    expect(result.problems).toEqual([]);
    expect(result.summary.counts.Students).toEqual({ add: 1500, change: 0, unchanged: 0 });
    expect(result.summary.counts['Parents and carers']).toEqual({
      add: 3000,
      change: 0,
      unchanged: 0,
    });
    // Reads once per table, writes at most 1,000 rows a statement: 28,500 memberships take 29.
    expect(counted.count).toBeLessThanOrEqual(60);
    expect([...stages]).toEqual(
      expect.arrayContaining(['Reading files', 'Writing students', 'Writing class memberships']),
    );
  }, 120_000);
});
