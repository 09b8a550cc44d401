import { beforeAll, describe, expect, it } from 'vitest';
import { createSchoolgateClient, schoolgateErrorOf } from '@schoolgate/client';
import { apiRequestMayCarryImport, attendanceExportCsv, handleApiRequest } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, contextFor, newStaff, TEST_NOW, type TestUser } from './support/factories';
import { asUpload, rosterTables, rosterZip, studentOf } from './support/oneroster-files';

// Issue 15, "done when": a script using @schoolgate/client with an API token imports a roster and
// reads attendance, over the portal's real HTTP endpoint; a token without the scope is refused
// (403) and audited; an expired or revoked one gets 401; and a token never reads a student the
// policy keeps from it (a child under a child-protection hold, a contact whose access is stopped).

let db: Database;
let admin: TestUser & { staffId: string };

beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
});

async function makeToken(name: string, scopes: string[], days?: number) {
  const caller = await callerFor(db, admin);
  const made = await caller.admin.apiTokens.create({
    name,
    scopes: scopes as never,
    ...(days ? { days } : {}),
  });
  return { id: made.id, token: made.token! };
}

/** A fetch that hands each request to the portal's API endpoint, at `now`. */
function portalFetch(now: Date = TEST_NOW): typeof fetch {
  return async (input, init) =>
    handleApiRequest(
      new Request(input as string, init),
      await contextFor(db, null, { ip: '192.0.2.70', now }),
    );
}

function clientFor(token: string, now?: Date) {
  return createSchoolgateClient({ url: 'http://portal.test', token, fetch: portalFetch(now) });
}

async function refusal(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    return schoolgateErrorOf(error);
  }
  throw new Error('the call was answered');
}

const auditOf = (action: string) =>
  db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

const tables = rosterTables({ students: 3, prefix: 'tok', guardiansPerStudent: 2 });
const zip = rosterZip(tables);

async function studentIdOf(n: number) {
  const row = await db
    .selectFrom('students')
    .select('id')
    .where('source_id', '=', studentOf(n, 'tok').sourcedId)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function verifyLinksOf(studentId: string) {
  await db
    .updateTable('student_contacts')
    .set({
      status: 'verified',
      parental_responsibility: true,
      verified_by_staff_id: admin.staffId,
      verified_at: TEST_NOW,
      verification_evidence: 'mis_record_photo_id',
    })
    .where('student_id', '=', studentId)
    .execute();
}

describe('a script with @schoolgate/client and an API token', () => {
  it('imports a roster (dry run, then applied) and reads attendance, each audited with the token’s name', async () => {
    const { token } = await makeToken('MIS sync box', ['roster:import', 'attendance:read']);
    const portal = clientFor(token);
    const input = { files: asUpload([zip]) };

    const dryRun = await portal.tools.roster.preview.mutate(input);
    expect(dryRun).toMatchObject({ kind: 'oneroster', applied: false, importRunId: null });
    expect(dryRun.problems).toEqual([]);
    expect(dryRun.summary.counts['Students']).toMatchObject({ add: 3 });
    expect(await db.selectFrom('import_runs').selectAll().execute()).toEqual([]);

    const applied = await portal.tools.roster.run.mutate(input);
    expect(applied.applied).toBe(true);
    expect(applied.importRunId).not.toBeNull();
    const [imported] = await auditOf('import.oneroster');
    expect(imported!.actor_user_id).toBe(admin.userId);
    expect(imported!.details).toMatchObject({
      via: 'api_token',
      token_name: 'MIS sync box',
      import_run_id: applied.importRunId,
    });

    const [first, second] = [await studentIdOf(1), await studentIdOf(2)];
    // The office verifies the first student's two parents (P3); the second's stay unverified.
    await verifyLinksOf(first);
    await db
      .insertInto('attendance_marks')
      .values([
        {
          student_id: first,
          on_date: '2026-11-16',
          session: 'AM',
          code: 'N',
          recorded_at: TEST_NOW,
        },
        {
          student_id: first,
          on_date: '2026-11-16',
          session: 'PM',
          code: '\\',
          recorded_at: TEST_NOW,
        },
        {
          student_id: second,
          on_date: '2026-11-17',
          session: 'AM',
          code: 'I',
          recorded_at: TEST_NOW,
        },
        // Outside the range asked for.
        {
          student_id: second,
          on_date: '2026-11-10',
          session: 'AM',
          code: 'N',
          recorded_at: TEST_NOW,
        },
      ])
      .execute();

    const marks = await portal.tools.attendance.marks.query({
      from: '2026-11-16',
      to: '2026-11-17',
    });
    expect(marks.map((m) => [m.student.id, m.date, m.session, m.code])).toEqual([
      [first, '2026-11-16', 'AM', 'N'],
      [first, '2026-11-16', 'PM', '\\'],
      [second, '2026-11-17', 'AM', 'I'],
    ]);
    expect(marks[0]).toMatchObject({
      category: 'unauthorised',
      meaning: 'Absent: reason not yet provided',
      student: { forename: studentOf(1, 'tok').givenName },
    });
    expect(marks[0]!.contacts).toHaveLength(2);
    // Unverified links (as an import leaves them) are nobody to text yet.
    expect(marks[2]!.contacts).toEqual([]);

    const unexplained = await portal.tools.attendance.marks.query({
      from: '2026-11-01',
      to: '2026-11-30',
      unexplainedOnly: true,
    });
    expect(unexplained.map((m) => [m.student.id, m.date])).toEqual([
      [second, '2026-11-10'],
      [first, '2026-11-16'],
    ]);

    const [read] = (await auditOf('api_token.attendance_read')).slice(-1);
    expect(read!.details).toMatchObject({
      token_name: 'MIS sync box',
      from: '2026-11-01',
      to: '2026-11-30',
      unexplained_only: true,
    });
    expect(new Set((read!.details as { student_ids: string[] }).student_ids)).toEqual(
      new Set([first, second]),
    );
    const calls = await auditOf('api_token.call');
    expect(
      calls.filter((c) => (c.details as { token_name: string }).token_name === 'MIS sync box'),
    ).toHaveLength(4);
  });

  it('never returns a student under a child-protection hold, nor a contact whose access is stopped', async () => {
    const { token } = await makeToken('SMS export', ['attendance:read']);
    const portal = clientFor(token);
    const held = await studentIdOf(3);
    const open = await studentIdOf(1);
    await db
      .insertInto('attendance_marks')
      .values({
        student_id: held,
        on_date: '2026-11-16',
        session: 'AM',
        code: 'N',
        recorded_at: TEST_NOW,
      })
      .execute();
    const dsl = await newStaff(db, ['dsl']);
    await db
      .insertInto('safeguarding_holds')
      .values({
        student_id: held,
        reason: 'Child-protection concern raised.',
        placed_at: TEST_NOW,
        placed_by_user_id: dsl.userId,
      })
      .execute();
    // One of the open student's two contacts loses access to that child (a court order).
    const [stopped] = await db
      .selectFrom('student_contacts')
      .select(['id', 'contact_id'])
      .where('student_id', '=', open)
      .orderBy('id')
      .execute();
    await db
      .insertInto('access_restrictions')
      .values({
        link_id: stopped!.id,
        reason: 'other',
        note: 'Prohibited steps order: no contact about this child.',
        created_at: TEST_NOW,
        created_by_user_id: admin.userId,
      })
      .execute();

    const marks = await portal.tools.attendance.marks.query({
      from: '2026-11-16',
      to: '2026-11-16',
    });
    expect(marks.map((m) => m.student.id)).not.toContain(held);
    const mark = marks.find((m) => m.student.id === open)!;
    expect(mark.contacts).toHaveLength(1);
    const stoppedContact = await db
      .selectFrom('contacts')
      .select(['forename', 'surname'])
      .where('id', '=', stopped!.contact_id)
      .executeTakeFirstOrThrow();
    expect(mark.contacts).not.toContainEqual(expect.objectContaining(stoppedContact));
    const [read] = (await auditOf('api_token.attendance_read')).slice(-1);
    expect((read!.details as { student_ids: string[] }).student_ids).not.toContain(held);

    // Lifted, the child is exported again.
    await db
      .updateTable('safeguarding_holds')
      .set({ lifted_at: TEST_NOW, lifted_by_user_id: dsl.userId })
      .where('student_id', '=', held)
      .execute();
    const again = await portal.tools.attendance.marks.query({
      from: '2026-11-16',
      to: '2026-11-16',
    });
    expect(again.map((m) => m.student.id)).toContain(held);
  });

  it('exports a mark only for a day the student was on roll', async () => {
    const { token } = await makeToken('On roll only', ['attendance:read']);
    const left = await studentIdOf(2);
    await db
      .updateTable('students')
      .set({ leaving_date: '2026-11-16' })
      .where('id', '=', left)
      .execute();
    const marks = await clientFor(token).tools.attendance.marks.query({
      from: '2026-11-16',
      to: '2026-11-17',
    });
    expect(marks.filter((m) => m.student.id === left).map((m) => m.date)).toEqual([]);
    await db.updateTable('students').set({ leaving_date: null }).where('id', '=', left).execute();
  });

  it('refuses a token without the scope with 403, and audits the refusal with the token’s name', async () => {
    const { token } = await makeToken('Accounts only', ['accounts:read']);
    const portal = clientFor(token);
    const attempts: [string, () => Promise<unknown>][] = [
      [
        'tools.attendance.marks',
        () => portal.tools.attendance.marks.query({ from: '2026-11-16', to: '2026-11-16' }),
      ],
      [
        'tools.roster.preview',
        () => portal.tools.roster.preview.mutate({ files: asUpload([zip]) }),
      ],
      ['tools.roster.run', () => portal.tools.roster.run.mutate({ files: asUpload([zip]) })],
    ];
    const runsBefore = (await db.selectFrom('import_runs').selectAll().execute()).length;
    for (const [path, attempt] of attempts) {
      const refused = await refusal(attempt);
      expect(refused, path).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403 });
      expect(refused!.message).toContain('does not have the');
      const [entry] = (await auditOf('api_token.call')).slice(-1);
      expect(entry!.details).toMatchObject({
        token_name: 'Accounts only',
        procedure: path,
        outcome: 'FORBIDDEN',
      });
    }
    expect((await db.selectFrom('import_runs').selectAll().execute()).length).toBe(runsBefore);
  });

  it('answers 401 to an expired or a revoked token', async () => {
    const expired = await makeToken('Expires in a day', ['attendance:read', 'roster:import'], 1);
    const later = new Date(TEST_NOW.getTime() + 2 * 86_400_000);
    for (const call of [
      () =>
        clientFor(expired.token, later).tools.attendance.marks.query({
          from: '2026-11-16',
          to: '2026-11-16',
        }),
      () => clientFor(expired.token, later).tools.roster.preview.mutate({ files: asUpload([zip]) }),
    ]) {
      expect(await refusal(call)).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
    }
    const revoked = await makeToken('Revoked', ['attendance:read', 'roster:import']);
    await (await callerFor(db, admin)).admin.apiTokens.revoke({ id: revoked.id });
    for (const call of [
      () =>
        clientFor(revoked.token).tools.attendance.marks.query({
          from: '2026-11-16',
          to: '2026-11-16',
        }),
      () => clientFor(revoked.token).tools.roster.run.mutate({ files: asUpload([zip]) }),
    ]) {
      expect(await refusal(call)).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
    }
  });

  it('refuses a backwards or too long range, and a date that is not one, in plain words', async () => {
    const { token } = await makeToken('Range checks', ['attendance:read']);
    const portal = clientFor(token);
    const backwards = await refusal(() =>
      portal.tools.attendance.marks.query({ from: '2026-11-17', to: '2026-11-16' }),
    );
    expect(backwards).toMatchObject({ code: 'BAD_REQUEST' });
    expect(backwards!.message).toBe('The first day must be on or before the last day.');
    const long = await refusal(() =>
      portal.tools.attendance.marks.query({ from: '2026-10-01', to: '2026-11-01' }),
    );
    expect(long!.message).toContain('at most 31 days');
    // 31 days is allowed.
    await portal.tools.attendance.marks.query({ from: '2026-10-01', to: '2026-10-31' });
    const notADate = await refusal(() =>
      portal.tools.attendance.marks.query({ from: '2026-02-30', to: '2026-03-01' }),
    );
    expect(notADate).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('lets only a token with roster:import send an import’s size to the API', async () => {
    const importer = await makeToken('Big roster', ['roster:import']);
    const reader = await makeToken('Reader', ['attendance:read']);
    const ctx = await contextFor(db, null);
    const url = (path: string) => new URL(`http://portal.test/api/trpc/${path}?batch=1`);
    const cases: [string, string | null, boolean][] = [
      ['tools.roster.run', `Bearer ${importer.token}`, true],
      ['tools.roster.preview,tools.roster.run', `Bearer ${importer.token}`, true],
      ['tools.roster.run', `Bearer ${reader.token}`, false],
      ['tools.roster.run', null, false],
      ['tools.roster.run', 'Bearer sgt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
      ['tools.roster.run,tools.whoAmI', `Bearer ${importer.token}`, false],
      ['admin.imports.run', `Bearer ${importer.token}`, false],
    ];
    for (const [path, auth, allowed] of cases) {
      expect(await apiRequestMayCarryImport(url(path), auth, ctx), `${path} ${auth}`).toBe(allowed);
    }
  });
});

describe('the attendance export as CSV', () => {
  const row = {
    date: '2026-11-16',
    session: 'AM' as const,
    code: 'N',
    category: 'unauthorised' as const,
    meaning: 'Absent: reason not yet provided',
    minutesLate: null,
    student: {
      id: '00000000-0000-4000-8000-000000000001',
      upn: 'A123456789012',
      forename: 'Amelia',
      surname: '=HYPERLINK("x")',
      preferredName: 'Millie',
      yearGroup: 8,
      form: '8N',
    },
    contacts: [
      {
        title: 'Mrs',
        forename: 'Ann',
        surname: 'Smith',
        relationship: 'Mother',
        mobile: '07700 900123',
        email: null,
      },
      {
        title: null,
        forename: 'Bob',
        surname: 'Smith',
        relationship: 'Father',
        mobile: null,
        email: null,
      },
    ],
  };

  it('gives one line per contact to text, formula-safe, and a line for a child with none', () => {
    const csv = attendanceExportCsv([row, { ...row, contacts: [] }]);
    expect(csv.split('\r\n')).toEqual([
      'date,session,code,meaning,upn,forename,surname,year,form,contact_name,relationship,mobile',
      `2026-11-16,AM,N,Absent: reason not yet provided,A123456789012,Millie,"'=HYPERLINK(""x"")",8,8N,Mrs Ann Smith,Mother,07700 900123`,
      `2026-11-16,AM,N,Absent: reason not yet provided,A123456789012,Millie,"'=HYPERLINK(""x"")",8,8N,Bob Smith,Father,`,
      `2026-11-16,AM,N,Absent: reason not yet provided,A123456789012,Millie,"'=HYPERLINK(""x"")",8,8N,,,`,
      '',
    ]);
  });
});
