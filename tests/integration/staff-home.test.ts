import { beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  callerFor,
  contextFor,
  sessionTokenFor,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  TEST_NOW,
  type TestUser,
} from './support/factories';

// The staff home's work queues (issue 12): counts and the longest wait, in one statement, and
// each queue only for the roles that may open it.

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(TEST_NOW.getTime() - days * DAY);

let db: Database;
let admin: TestUser;
let office: TestUser;
let teacher: TestUser;
let dsl: TestUser;
let governor: TestUser;
let officeAndTeacher: TestUser;
let parent: TestUser & { contactId: string };
let studentUser: TestUser;
let studentId: string;

async function accessRequest(createdAt: Date, status = 'pending') {
  await db
    .insertInto('access_requests')
    .values({
      forename: 'Nadia',
      surname: 'Okafor',
      email: 'nadia.okafor@example.com',
      relationship: 'Mother',
      created_at: createdAt,
      status,
      ...(status === 'pending'
        ? {}
        : {
            decided_by_user_id: office.userId,
            decided_at: TEST_NOW,
            decision_reason: 'No match.',
          }),
    })
    .execute();
}

async function changeRequest(createdAt: Date, status: string, handledBy: string | null = null) {
  await db
    .insertInto('change_requests')
    .values({
      requester_user_id: parent.userId,
      contact_id: parent.contactId,
      kind: 'change_of_details',
      detail_type: 'other',
      message: 'We have moved house.',
      status,
      handled_by_user_id: handledBy,
      created_at: createdAt,
      updated_at: createdAt,
    })
    .execute();
}

async function leaverProposal(proposedAt: Date, decided = false) {
  const { studentId: id } = await newStudent(db);
  await db
    .insertInto('leaver_proposals')
    .values({
      student_id: id,
      proposed_at: proposedAt,
      ...(decided ? { decision: 'dismissed', decided_at: TEST_NOW } : {}),
    })
    .execute();
}

async function email(createdAt: Date, status: string) {
  await db
    .insertInto('email_outbox')
    .values({
      to_address: 'someone@example.com',
      subject: 'A notice from school',
      text_body: 'Sports day is on Friday.',
      kind: 'notice',
      status,
      created_at: createdAt,
      next_attempt_at: createdAt,
      give_up_at: new Date(createdAt.getTime() + 4 * DAY),
      sent_at: status === 'sent' ? createdAt : null,
    })
    .execute();
}

async function informationRequest(receivedOn: string, dueOn: string, status = 'open') {
  await db
    .insertInto('information_requests')
    .values({
      kind: 'subject_access',
      student_id: studentId,
      requester: 'Nadia Okafor',
      received_on: receivedOn,
      due_on: dueOn,
      status,
      completed_at: status === 'completed' ? TEST_NOW : null,
      created_at: TEST_NOW,
      updated_at: TEST_NOW,
    })
    .execute();
}

const queuesFor = async (user: TestUser) => (await callerFor(db, user)).admin.home.queues();

beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
  office = await newStaff(db, ['office']);
  teacher = await newStaff(db, ['teacher']);
  dsl = await newStaff(db, ['dsl']);
  governor = await newStaff(db, ['governor']);
  officeAndTeacher = await newStaff(db, ['teacher', 'office']);
  parent = await newParent(db);
  ({ studentId } = await newStudent(db));
  studentUser = await newStudentUser(db, studentId);
  // A parent who never signs in here, so never accepts the policy.
  await newParent(db);

  await accessRequest(daysAgo(3));
  await accessRequest(daysAgo(1));
  await accessRequest(daysAgo(10), 'denied');

  await changeRequest(daysAgo(5), 'submitted');
  await changeRequest(daysAgo(8), 'in_progress');
  await changeRequest(daysAgo(20), 'accepted', office.userId);

  await leaverProposal(daysAgo(2));
  await leaverProposal(daysAgo(40), true);

  await email(daysAgo(4), 'failed');
  await email(daysAgo(1), 'failed');
  await email(daysAgo(0), 'pending');
  await email(daysAgo(6), 'sent');

  await informationRequest('2026-10-10', '2026-11-10'); // overdue by a week
  await informationRequest('2026-10-20', '2026-11-20'); // due in 3 days
  await informationRequest('2026-10-24', '2026-11-24'); // due in 7 days: still near
  await informationRequest('2026-11-10', '2026-12-10'); // not near yet
  await informationRequest('2026-10-01', '2026-11-01', 'completed');
});

describe('the staff home queues', () => {
  it('counts what waits and says since when, for an admin', async () => {
    const queues = await queuesFor(admin);
    expect(queues.asOf).toEqual(TEST_NOW);
    expect(queues.accessRequests).toEqual({ waiting: 2, oldestSince: daysAgo(3) });
    expect(queues.changeRequests).toEqual({ waiting: 2, oldestSince: daysAgo(8) });
    expect(queues.leavers).toEqual({ waiting: 1, oldestSince: daysAgo(2) });
    expect(queues.failedEmails).toEqual({ waiting: 2, oldestSince: daysAgo(4) });
    expect(queues.informationRequests).toEqual({
      open: 4,
      dueSoon: 2,
      overdue: 1,
      nextDueOn: '2026-11-10',
      nearDays: 7,
    });
  });

  it('gives the acceptance of the policy in force among active accounts', async () => {
    const before = await queuesFor(admin);
    // No version is in force in a fresh database: nothing to accept yet.
    expect(before.policyAcceptance).toEqual({ title: null, accepted: 0, accounts: 9 });

    const version = await db
      .insertInto('policy_versions')
      .values({
        title: 'Parent Portal Acceptable Usage Policy',
        body_markdown: 'Be kind.',
        effective_date: '2026-09-01',
        published_at: daysAgo(90),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Everyone who calls here must have accepted it to get in at all; one parent has not.
    const accepters = [
      admin,
      office,
      teacher,
      dsl,
      governor,
      officeAndTeacher,
      parent,
      studentUser,
    ];
    await db
      .insertInto('policy_acceptances')
      .values(
        accepters.map((user) => ({
          user_id: user.userId,
          policy_version_id: version.id,
          accepted_at: daysAgo(1),
        })),
      )
      .execute();
    const after = await queuesFor(admin);
    expect(after.policyAcceptance).toEqual({
      title: 'Parent Portal Acceptable Usage Policy',
      accepted: 8,
      accounts: 9,
    });
  });

  it('changes as the office works through a queue', async () => {
    const caller = await callerFor(db, office);
    const before = await caller.admin.home.queues();
    const pending = await caller.admin.access.requests.pending();
    expect(pending).toHaveLength(before.accessRequests!.waiting);
    await caller.admin.access.requests.deny({
      requestId: pending[0]!.id,
      reason: 'We could not match this request to a child at the school.',
    });
    const after = await caller.admin.home.queues();
    expect(after.accessRequests).toEqual({ waiting: 1, oldestSince: daysAgo(1) });
  });
});

describe('who sees which queue', () => {
  it('shows the office every queue but the failed emails', async () => {
    const queues = await queuesFor(office);
    expect(queues.accessRequests).not.toBeNull();
    expect(queues.changeRequests).not.toBeNull();
    expect(queues.leavers).not.toBeNull();
    expect(queues.informationRequests).not.toBeNull();
    expect(queues.policyAcceptance).not.toBeNull();
    expect(queues.failedEmails).toBeNull();
  });

  it.each([
    ['a teacher', () => teacher],
    ['a designated safeguarding lead', () => dsl],
    ['a governor', () => governor],
  ])('shows %s no queue at all', async (_, who) => {
    expect(await queuesFor(who())).toEqual({
      asOf: TEST_NOW,
      accessRequests: null,
      changeRequests: null,
      absenceReports: null,
      leavers: null,
      failedEmails: null,
      informationRequests: null,
      policyAcceptance: null,
    });
  });

  it('goes by every role someone holds: a teacher in the office sees the office queues', async () => {
    const queues = await queuesFor(officeAndTeacher);
    expect(queues.accessRequests).not.toBeNull();
    expect(queues.failedEmails).toBeNull();
  });

  it('refuses parents and students', async () => {
    await expect(queuesFor(parent)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(queuesFor(studentUser)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('how the counts are taken', () => {
  it('takes every queue in one statement', async () => {
    const statements: string[] = [];
    const counted = db.withPlugin({
      transformQuery: (args) => {
        statements.push(args.node.kind);
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const caller = createCaller(await contextFor(counted, await sessionTokenFor(db, admin)));
    statements.length = 0;
    const queues = await caller.admin.home.queues();
    expect(queues.failedEmails).not.toBeNull();
    expect(statements).toEqual(['SelectQueryNode']);
  });
});
