import { beforeAll, describe, expect, it } from 'vitest';
import { handleApiRequest, newSubmissionKey, tokenInAddress } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  callerFor,
  contextFor,
  link,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  type TestUser,
} from './support/factories';
import { addMarks, addTerm } from './support/attendance-behaviour-data';

// The defects an adversarial review of issues 13 and 15 found, one test each: every one failed
// against the code as it stood, and passes since the fix.

let db: Database;
let admin: TestUser & { staffId: string };
let office: TestUser & { staffId: string };
beforeAll(async () => {
  db = await freshDatabase();
  await addTerm(db, 'Autumn 2', '2026-11-02', '2026-12-18');
  admin = await newStaff(db, ['admin']);
  office = await newStaff(db, ['office']);
  await (
    await callerFor(db, admin)
  ).admin.policy.publish({
    title: 'Parent Portal Acceptable Usage Policy',
    effectiveDate: '2026-11-17',
    bodyMarkdown: 'Use it yourself only.',
  });
});

async function readyCaller(user: TestUser) {
  const caller = await callerFor(db, user);
  if (!(await caller.auth.me()).mustAcceptPolicy) return caller;
  await caller.policy.accept({ versionId: (await caller.policy.current())!.id });
  return callerFor(db, user);
}

let made = 0;
async function makeToken(extra: { allowedRange?: string } = {}) {
  const created = await (
    await readyCaller(admin)
  ).admin.apiTokens.create({
    name: `Failing ${++made}`,
    scopes: ['accounts:read'],
    days: 30,
    ...extra,
  });
  return { ...created, token: created.token! };
}

async function whoAmI(headers: Record<string, string>, ip: string, query = '') {
  const response = await handleApiRequest(
    new Request(`http://portal.test/api/trpc/tools.whoAmI${query}`, { headers }),
    await contextFor(db, null, { ip, now: TEST_NOW }),
  );
  return { status: response.status, text: await response.text() };
}

describe('API tokens', () => {
  it('answers 401, not a server error, to a token call from an address with an IPv6 zone id', async () => {
    const plain = await makeToken();
    const ranged = await makeToken({ allowedRange: '192.0.2.0/24' });
    const statuses: Record<string, number> = {};
    for (const [label, { token }] of [
      ['no range', plain],
      ['a range', ranged],
    ] as const) {
      const answer = await whoAmI({ authorization: `Bearer ${token}` }, 'fe80::1%eth0').catch(
        (error: unknown) => ({ status: 500, text: String(error) }),
      );
      statuses[label] = answer.status;
    }
    expect(statuses).toEqual({ 'no range': 200, 'a range': 401 });
  });

  it('finds a percent-encoded token in an address that also has a malformed escape', () => {
    const token = 'sgt_abcdefghijklmnopqrstuvwxyz234567';
    const encoded = `%73${token.slice(1)}`; // "sgt_…" with its first letter escaped
    expect(tokenInAddress(`http://portal.test/api/trpc/tools.whoAmI?k=${encoded}`)).toBe(true);
    expect(tokenInAddress(`http://portal.test/api/trpc/tools.whoAmI?bad=%ZZ&k=${encoded}`)).toBe(
      true,
    );
  });

  it('throttles guessing: past 120 unusable tokens a minute from one address, the answer is 429', async () => {
    const ip = '198.51.100.77';
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++) {
      const guess = `sgt_${i
        .toString()
        .padStart(32, 'a')
        .replace(/[^a-z2-7]/g, 'b')}`;
      statuses.push((await whoAmI({ authorization: `Bearer ${guess}` }, ip)).status);
    }
    expect(statuses.slice(120)).toContain(429);
  });
});

describe('absence reports', () => {
  it('a form sent again after the parent’s link is restricted is refused, not answered from the first time', async () => {
    const { studentId } = await newStudent(db, { yearGroup: 10 });
    const parent = await newParent(db);
    await link(db, parent.contactId, studentId);
    const form = {
      studentIds: [studentId],
      kind: 'absence' as const,
      firstDate: '2026-11-18',
      lastDate: '2026-11-18',
      sessions: 'all' as const,
      reason: 'illness' as const,
      submissionKey: newSubmissionKey(),
    };
    await (await readyCaller(parent)).absence.report(form);
    const linkRow = await db
      .selectFrom('student_contacts')
      .select('id')
      .where('contact_id', '=', parent.contactId)
      .executeTakeFirstOrThrow();
    await (
      await readyCaller(office)
    ).admin.restrictions.create({
      target: { kind: 'link', id: linkRow.id },
      reason: 'parental_responsibility_questioned',
      note: 'Court order received.',
    });
    const again = await (await readyCaller(parent)).absence.report(form).then(
      (answer) => ({ code: 'ANSWERED', message: answer.message }),
      (error: unknown) => ({ code: (error as { code?: string }).code, message: '' }),
    );
    expect(again.code).toBe('NOT_FOUND');
  });

  it('a student’s own account does not read the notes parents wrote to the office about them', async () => {
    const { studentId } = await newStudent(db, { yearGroup: 10 });
    const parent = await newParent(db);
    await link(db, parent.contactId, studentId);
    await (
      await readyCaller(parent)
    ).absence.report({
      studentIds: [studentId],
      kind: 'absence',
      firstDate: '2026-11-18',
      lastDate: '2026-11-18',
      sessions: 'all',
      reason: 'medical',
      note: 'Private: appointment at the CAMHS clinic.',
    });
    const student = await newStudentUser(db, studentId);
    const seen = await (
      await readyCaller(student)
    ).absence
      .forStudent({ studentId })
      .catch(() => null);
    expect(JSON.stringify(seen)).not.toContain('CAMHS');
  });

  it('accepting a whole-day report keeps an exclusion (E) recorded for the afternoon', async () => {
    const { studentId } = await newStudent(db, { yearGroup: 10 });
    const parent = await newParent(db);
    await link(db, parent.contactId, studentId);
    await addMarks(db, studentId, [
      { date: '2026-11-16', session: 'AM', code: 'N' },
      { date: '2026-11-16', session: 'PM', code: 'E' },
    ]);
    const { reportIds } = await (
      await readyCaller(parent)
    ).absence.report({
      studentIds: [studentId],
      kind: 'absence',
      firstDate: '2026-11-16',
      lastDate: '2026-11-16',
      sessions: 'all',
      reason: 'illness',
    });
    await (
      await readyCaller(office)
    ).admin.absenceReports.accept({ reportId: reportIds[0]!, code: 'I' });
    const marks = await db
      .selectFrom('attendance_marks')
      .select(['session', 'code'])
      .where('student_id', '=', studentId)
      .orderBy('session')
      .execute();
    expect(marks).toEqual([
      { session: 'AM', code: 'I' },
      { session: 'PM', code: 'E' },
    ]);
  });
});
