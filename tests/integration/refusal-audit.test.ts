import { beforeAll, describe, expect, it } from 'vitest';
import { handleApiRequest, MAX_BATCH_SIZE, type Context } from '@schoolgate/api';
import { recordAudit, type Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  anonymousCaller,
  callerFor,
  contextFor,
  link,
  newParent,
  newStaff,
  newStudent,
  sessionTokenFor,
  type TestUser,
} from './support/factories';

// Issue 10 item 6: refused requests leave a trace (P16). A signed-in person's call refused as
// forbidden or not found is audited with who, what, which ids and from where, tallied per account,
// procedure and minute so that a flood adds one row a minute; 20 within 10 minutes tell the
// admins, once per account and hour. Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL,
// where the parallel requests really race.

let db: Database;
let admin: TestUser;
let familyChild: string;
let otherChild: string;

beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
  familyChild = (await newStudent(db)).studentId;
  otherChild = (await newStudent(db)).studentId;
});

/** A parent of `familyChild`, on a session of their own. */
async function newFamilyParent() {
  const parent = await newParent(db);
  await link(db, parent.contactId, familyChild);
  return parent;
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

interface Tally {
  action: string;
  at: Date;
  ip: string | null;
  user_agent: string | null;
  student_id: string | null;
  details: {
    procedure: string;
    minute: string;
    count: number;
    refused_ids: string[];
    ips: string[];
    last_at: string;
  };
}

async function talliesOf(userId: string): Promise<Tally[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['action', 'at', 'ip', 'user_agent', 'student_id', 'details'])
    .where('actor_user_id', '=', userId)
    .where('action', 'like', 'refused.%')
    .orderBy('id')
    .execute();
  return rows as unknown as Tally[];
}

async function burstsOf(userId: string) {
  return db
    .selectFrom('audit_log')
    .select(['at', 'actor_user_id', 'details'])
    .where('target_user_id', '=', userId)
    .where('action', '=', 'refused.burst')
    .execute();
}

async function burstEmails() {
  return db
    .selectFrom('email_outbox')
    .select(['to_address', 'subject', 'text_body', 'dedupe_key'])
    .where('kind', '=', 'refusal_burst')
    .execute();
}

/** One GET request carrying one call of `attendance.forStudent` per id, as @trpc/client batches. */
function attendanceBatch(ids: string[]) {
  const paths = ids.map(() => 'attendance.forStudent').join(',');
  const input = encodeURIComponent(
    JSON.stringify(Object.fromEntries(ids.map((studentId, i) => [i, { studentId }]))),
  );
  return new Request(`http://portal.test/api/trpc/${paths}?batch=1&input=${input}`);
}

async function codesOf(response: Response): Promise<string[]> {
  const answers = (await response.json()) as { error?: { data: { code: string } } }[];
  return answers.map((a) => a.error?.data.code ?? 'OK');
}

describe('a refused request', () => {
  it('is audited for another family’s child: who, which procedure, which id, from where', async () => {
    const parent = await newFamilyParent();
    const caller = await callerFor(db, parent, { ip: '203.0.113.41' });
    await expect(caller.attendance.forStudent({ studentId: otherChild })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const [tally, ...more] = await talliesOf(parent.userId);
    expect(more).toEqual([]);
    expect(tally).toMatchObject({
      action: 'refused.not_found',
      ip: '203.0.113.41',
      user_agent: 'vitest',
      details: {
        procedure: 'attendance.forStudent',
        minute: '2026-11-17T09:30',
        count: 1,
        refused_ids: [otherChild],
        ips: ['203.0.113.41'],
      },
    });
    expect(new Date(tally!.at)).toEqual(TEST_NOW);
  });

  it('is audited for an unknown student id and for a role that may not call the procedure', async () => {
    const parent = await newFamilyParent();
    const caller = await callerFor(db, parent);
    await expect(caller.timetable.forStudent({ studentId: uuid(404) })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(caller.admin.audit.search({ page: 1 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const governor = await newStaff(db, ['governor']);
    await expect(
      (await callerFor(db, governor)).attendance.forStudent({ studentId: familyChild }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(
      (await talliesOf(parent.userId)).map((t) => [
        t.action,
        t.details.procedure,
        t.details.refused_ids,
      ]),
    ).toEqual([
      ['refused.not_found', 'timetable.forStudent', [uuid(404)]],
      ['refused.forbidden', 'admin.audit.search', []],
    ]);
    expect((await talliesOf(governor.userId)).map((t) => t.details.refused_ids)).toEqual([
      [familyChild],
    ]);
  });

  it('is not audited when the input is bad, nobody is signed in, or the call is allowed', async () => {
    const parent = await newFamilyParent();
    const caller = await callerFor(db, parent);
    await expect(caller.attendance.forStudent({ studentId: 'not-an-id' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await caller.attendance.forStudent({ studentId: familyChild });
    expect(await talliesOf(parent.userId)).toEqual([]);

    const before = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', 'like', 'refused.%')
      .executeTakeFirstOrThrow();
    const anonymous = await anonymousCaller(db, { ip: '198.51.100.99' });
    await expect(anonymous.attendance.forStudent({ studentId: otherChild })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const after = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', 'like', 'refused.%')
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('a flood of refusals', () => {
  it(`is one row a minute with the right count: a batch of ${MAX_BATCH_SIZE}, then 20 parallel requests`, async () => {
    const parent = await newFamilyParent();
    const token = await sessionTokenFor(db, parent, { ip: '198.51.100.7' });
    const context = () => contextFor(db, token, { ip: '198.51.100.7' });

    const ids = Array.from({ length: MAX_BATCH_SIZE }, (_, i) => uuid(1000 + i));
    const batch = await handleApiRequest(attendanceBatch(ids), await context());
    expect(await codesOf(batch)).toEqual(ids.map(() => 'NOT_FOUND'));
    const afterBatch = await talliesOf(parent.userId);
    expect(afterBatch).toHaveLength(1);
    expect(afterBatch[0]!.details.count).toBe(MAX_BATCH_SIZE);
    expect([...afterBatch[0]!.details.refused_ids].sort()).toEqual([...ids].sort());

    const contexts = await Promise.all(Array.from({ length: 20 }, () => context()));
    const responses = await Promise.all(
      contexts.map((ctx, i) => handleApiRequest(attendanceBatch([uuid(2000 + i)]), ctx)),
    );
    for (const response of responses) expect(await codesOf(response)).toEqual(['NOT_FOUND']);

    const tallies = await talliesOf(parent.userId);
    expect(tallies).toHaveLength(1);
    expect(tallies[0]!.details.count).toBe(MAX_BATCH_SIZE + 20);
    // The ids kept are bounded: the first ten distinct ones.
    expect(tallies[0]!.details.refused_ids).toHaveLength(10);
    expect(tallies[0]!.details.ips).toEqual(['198.51.100.7']);
  });

  it('starts a new row in the next minute and for another procedure, keeping at most 5 addresses', async () => {
    const parent = await newFamilyParent();
    const at = (seconds: number) => new Date(TEST_NOW.getTime() + seconds * 1000);
    for (const [seconds, ip] of [
      [0, '192.0.2.1'],
      [10, '192.0.2.2'],
      [20, '192.0.2.3'],
      [30, '192.0.2.4'],
      [40, '192.0.2.5'],
      [50, '192.0.2.6'],
      [65, '192.0.2.1'],
    ] as const) {
      const caller = await callerFor(db, parent, { now: at(seconds), ip });
      await expect(caller.attendance.forStudent({ studentId: otherChild })).rejects.toThrow();
    }
    const caller = await callerFor(db, parent, { now: at(70) });
    await expect(caller.behaviour.forStudent({ studentId: otherChild })).rejects.toThrow();

    const tallies = await talliesOf(parent.userId);
    expect(
      tallies.map((t) => [t.details.procedure, t.details.minute, t.details.count, t.ip]),
    ).toEqual([
      ['attendance.forStudent', '2026-11-17T09:30', 6, '192.0.2.1'],
      ['attendance.forStudent', '2026-11-17T09:31', 1, '192.0.2.1'],
      ['behaviour.forStudent', '2026-11-17T09:31', 1, '192.0.2.10'],
    ]);
    expect(tallies[0]!.details.ips).toEqual([
      '192.0.2.1',
      '192.0.2.2',
      '192.0.2.3',
      '192.0.2.4',
      '192.0.2.5',
    ]);
    expect(tallies[0]!.details.refused_ids).toEqual([otherChild]);
    expect(tallies[0]!.details.last_at).toBe(at(50).toISOString());
  });
});

describe('many refusals from one account', () => {
  it('tell the admins once an hour: on the staff home and by email', async () => {
    const parent = await newFamilyParent();
    const mailBefore = (await burstEmails()).length;
    const caller = await callerFor(db, parent);

    // 19 refusals in the window: no notice yet.
    await Promise.allSettled(
      Array.from({ length: 19 }, (_, i) => caller.attendance.forStudent({ studentId: uuid(i) })),
    );
    expect(await burstsOf(parent.userId)).toEqual([]);

    // The 20th and 20 more, all at once: one notice, one email to the admin.
    await Promise.allSettled(
      Array.from({ length: 21 }, (_, i) =>
        caller.timetable.forStudent({ studentId: uuid(100 + i) }),
      ),
    );
    const bursts = await burstsOf(parent.userId);
    expect(bursts).toHaveLength(1);
    expect(bursts[0]).toMatchObject({
      actor_user_id: null,
      details: { hour: '2026-11-17T09', refusals: 20, window_minutes: 10, admins_emailed: 1 },
    });
    const mail = (await burstEmails()).slice(mailBefore);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({
      to_address: admin.email,
      subject: 'Many refused requests from one portal account',
    });
    expect(mail[0]!.text_body).toContain(parent.username);
    expect(mail[0]!.text_body).toContain(`/admin/audit?user=${parent.userId}&action=refused.`);

    // Later in the same hour: nothing new; the next hour: a second notice.
    const later = await callerFor(db, parent, { now: new Date('2026-11-17T09:50:00Z') });
    await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) => later.attendance.forStudent({ studentId: uuid(i) })),
    );
    expect(await burstsOf(parent.userId)).toHaveLength(1);
    const nextHour = await callerFor(db, parent, { now: new Date('2026-11-17T10:05:00Z') });
    await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => nextHour.attendance.forStudent({ studentId: uuid(i) })),
    );
    expect(await burstsOf(parent.userId)).toHaveLength(2);
    expect((await burstEmails()).slice(mailBefore)).toHaveLength(2);

    // The staff home's notice names the account and its refusals in the last day.
    const notices = await (
      await callerFor(db, admin, { now: new Date('2026-11-17T10:06:00Z') })
    ).admin.audit.refusalNotices();
    expect(notices.accounts).toContainEqual(
      expect.objectContaining({
        userId: parent.userId,
        username: parent.username,
        kind: 'parent or carer',
        refusalsInLastDay: 19 + 21 + 25 + 20,
      }),
    );
  });

  it('from a flood of parallel requests over HTTP, raise exactly one notice', async () => {
    const parent = await newFamilyParent();
    const token = await sessionTokenFor(db, parent);
    const contexts: Context[] = await Promise.all(
      Array.from({ length: 30 }, () => contextFor(db, token)),
    );
    await Promise.all(
      contexts.map((ctx, i) => handleApiRequest(attendanceBatch([uuid(5000 + i)]), ctx)),
    );
    expect((await talliesOf(parent.userId))[0]?.details.count).toBe(30);
    expect(await burstsOf(parent.userId)).toHaveLength(1);
  });
});

describe('the audit log viewer', () => {
  it('filters refusals, counts them, and finds them by the student asked for', async () => {
    const parent = await newFamilyParent();
    const caller = await callerFor(db, parent);
    for (let i = 0; i < 3; i++) {
      await expect(caller.attendance.forStudent({ studentId: otherChild })).rejects.toThrow();
    }
    const viewer = (await callerFor(db, admin)).admin.audit;
    const refusals = await viewer.search({ userId: parent.userId, action: 'refused.', page: 1 });
    expect(refusals.actionChoices).toContainEqual({
      action: 'refused.',
      label: 'Every refused request, and notices of many refusals',
    });
    expect(refusals.entries.map((e) => [e.action, e.actionLabel])).toEqual([
      [
        'refused.not_found',
        'Refused as not found: not theirs to see (another family’s child) or no such record (3 times that minute)',
      ],
    ]);
    expect(refusals.entries[0]!.ip).toBe('192.0.2.10');
    expect(refusals.entries[0]!.detailsText).toContain('procedure: attendance.forStudent');

    const aboutChild = await viewer.search({ studentId: otherChild, action: 'refused.', page: 1 });
    expect(aboutChild.entries.map((e) => e.actor?.userId)).toContain(parent.userId);

    const csv = await viewer.exportCsv({ userId: parent.userId, action: 'refused.' });
    expect(csv.entries).toBe(1);
    expect(csv.csv).toContain('3 times that minute');
  });
});

describe('the append-only log', () => {
  it('lets a refusal tally only grow its count; everything else is refused as before', async () => {
    const parent = await newFamilyParent();
    await expect(
      (await callerFor(db, parent)).attendance.forStudent({ studentId: otherChild }),
    ).rejects.toThrow();
    const row = await db
      .selectFrom('audit_log')
      .select(['id', 'details'])
      .where('actor_user_id', '=', parent.userId)
      .where('action', '=', 'refused.not_found')
      .executeTakeFirstOrThrow();
    const details = row.details as Record<string, unknown>;
    const update = (set: Record<string, unknown>) =>
      db
        .updateTable('audit_log')
        .set(set as never)
        .where('id', '=', row.id)
        .execute();

    await expect(update({ ip: '10.0.0.1' })).rejects.toThrow(/append-only/);
    await expect(update({ details: JSON.stringify({ ...details, count: 0 }) })).rejects.toThrow(
      /append-only/,
    );
    await expect(
      update({ details: JSON.stringify({ ...details, count: 5, minute: '2020-01-01T00:00' }) }),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('id', '=', row.id).execute()).rejects.toThrow(
      /append-only/,
    );
    await update({ details: JSON.stringify({ ...details, count: 2 }) });

    // Other entries cannot be updated at all, not even their details.
    await recordAudit(db, { at: TEST_NOW, action: 'view.attendance', actorUserId: parent.userId });
    const other = await db
      .selectFrom('audit_log')
      .select('id')
      .where('actor_user_id', '=', parent.userId)
      .where('action', '=', 'view.attendance')
      .executeTakeFirstOrThrow();
    await expect(
      db
        .updateTable('audit_log')
        .set({ details: JSON.stringify({ count: 99 }) })
        .where('id', '=', other.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
  });
});
