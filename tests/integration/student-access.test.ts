import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  type TestUser,
} from './support/factories';

let db: Database;
let parent: TestUser & { contactId: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await freshDatabase();
  parent = await newParent(db);
  for (const name of [
    'older',
    'younger',
    'unverified',
    'noPr',
    'revoked',
    'left',
    'notYetStarted',
    'otherFamily',
  ]) {
    ids[name] = (
      await newStudent(db, {
        yearGroup: name === 'older' ? 10 : 8,
        leavingDate: name === 'left' ? '2026-07-22' : null,
        admissionDate: name === 'notYetStarted' ? '2027-09-01' : '2022-09-01',
      })
    ).studentId;
  }
  await link(db, parent.contactId, ids.older!);
  await link(db, parent.contactId, ids.younger!);
  await link(db, parent.contactId, ids.unverified!, { verified: false });
  await link(db, parent.contactId, ids.noPr!, { verified: false, parentalResponsibility: false });
  await link(db, parent.contactId, ids.revoked!, { verified: false, status: 'revoked' });
  await link(db, parent.contactId, ids.left!);
  await link(db, parent.contactId, ids.notYetStarted!);
  const otherParent = await newParent(db);
  await link(db, otherParent.contactId, ids.otherFamily!);
});

async function refusal(promise: Promise<unknown>) {
  const error = (await promise.catch((e: unknown) => e)) as { code?: string; message?: string };
  return { code: error.code, message: error.message };
}

describe('a parent', () => {
  it('sees exactly the children on roll linked by verified parental responsibility', async () => {
    const mine = await (await callerFor(db, parent)).students.mine();
    expect(mine.map((s) => s.id).sort()).toEqual([ids.older, ids.younger].sort());
    expect(mine[0]?.yearGroup).toBe(10);
    expect(mine[0]?.updatedAt).toBeInstanceOf(Date);
  });

  it('gets "not found" alike for another family\'s child, an unverified link, a leaver and a made-up id', async () => {
    const caller = await callerFor(db, parent);
    const answers = await Promise.all(
      [
        ids.otherFamily!,
        ids.unverified!,
        ids.noPr!,
        ids.revoked!,
        ids.left!,
        crypto.randomUUID(),
      ].map((studentId) => refusal(caller.students.byId({ studentId }))),
    );
    for (const answer of answers) {
      expect(answer).toEqual({ code: 'NOT_FOUND', message: 'We could not find that student.' });
    }
    await expect(caller.students.byId({ studentId: ids.older! })).resolves.toMatchObject({
      id: ids.older,
    });
  });

  it('with no remaining active link sees nothing (P1)', async () => {
    const lonely = await newParent(db);
    const { studentId } = await newStudent(db, { leavingDate: '2025-07-18' });
    await link(db, lonely.contactId, studentId);
    expect(await (await callerFor(db, lonely)).students.mine()).toEqual([]);
  });

  it('is refused the staff student list', async () => {
    const answer = await refusal((await callerFor(db, parent)).admin.students.list({}));
    expect(answer.code).toBe('FORBIDDEN');
  });

  it('leaves one audit entry per view, naming the students shown', async () => {
    await (await callerFor(db, parent)).students.mine();
    const entry = await db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('actor_user_id', '=', parent.userId)
      .where('action', '=', 'view.my_students')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect((entry.details as { student_ids: string[] }).student_ids.sort()).toEqual(
      [ids.older, ids.younger].sort(),
    );
  });
});

describe('a student', () => {
  it('sees themselves, and "not found" for a sibling', async () => {
    const student = await newStudentUser(db, ids.older!);
    const caller = await callerFor(db, student);
    expect((await caller.students.mine()).map((s) => s.id)).toEqual([ids.older]);
    expect(await refusal(caller.students.byId({ studentId: ids.younger! }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('cannot use the portal at all while the school has student accounts switched off', async () => {
    const student = await newStudentUser(db, ids.younger!);
    await db.updateTable('school_settings').set({ student_accounts_enabled: false }).execute();
    try {
      const answer = await refusal((await callerFor(db, student)).students.mine());
      expect(answer.code).toBe('UNAUTHORIZED');
    } finally {
      await db.updateTable('school_settings').set({ student_accounts_enabled: true }).execute();
    }
  });
});

describe('staff', () => {
  it('office staff search every student, leavers only when asked', async () => {
    const office = await newStaff(db, ['office']);
    const caller = await callerFor(db, office);
    const onRoll = await caller.admin.students.list({ pageSize: 200 });
    expect(onRoll.students.map((s) => s.id)).not.toContain(ids.left);
    const withLeavers = await caller.admin.students.list({ includeLeavers: true, pageSize: 200 });
    expect(withLeavers.students.map((s) => s.id)).toContain(ids.left);
    expect(withLeavers.total).toBe(onRoll.total + 2);
    const byYear = await caller.admin.students.list({ yearGroup: 10 });
    expect(byYear.students.map((s) => s.id)).toEqual([ids.older]);
  });

  it('a search for characters that mean something to SQL matches them literally', async () => {
    const office = await newStaff(db, ['office']);
    const result = await (await callerFor(db, office)).admin.students.list({ search: '%' });
    expect(result.total).toBe(0);
  });

  it('teachers without classes, DSLs and governors see no student: "not found"', async () => {
    for (const role of ['teacher', 'dsl', 'governor'] as const) {
      const staff = await newStaff(db, [role]);
      const caller = await callerFor(db, staff);
      expect(await refusal(caller.admin.students.list({}))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusal(caller.students.byId({ studentId: ids.older! }))).toMatchObject({
        code: 'NOT_FOUND',
      });
    }
  });
});
