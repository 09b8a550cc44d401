import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter, newSubmissionKey, type Context } from '@schoolgate/api';
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
  sessionTokenFor,
  type TestUser,
} from './support/factories';
import { addMark } from './support/change-requests-data';
import { refusalOf } from './support/refusal';

// Issue 11, item 3: a form sent twice does its work once. Each rendered form carries a key; the
// same key and content sent again, 100 ms later or twenty times at once, makes one record and
// one email, and the repeats get the first answer rather than an error. The open-request limit
// holds when requests with different keys arrive together. This file runs on PGlite and, in CI's
// second pass, on PostgreSQL, where concurrent transactions really race.

let db: Database;
let office: TestUser;
const parents: (TestUser & { contactId: string })[] = [];
let studentId: string;

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
  studentId = (await newStudent(db, { yearGroup: 9 })).studentId;
  for (let i = 0; i < 3; i++) {
    const parent = await newParent(db);
    await link(db, parent.contactId, studentId);
    parents.push(parent);
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `send` once, then again `ms` later while the first may still be running. */
async function twiceApart<T>(ms: number, send: () => Promise<T>): Promise<T[]> {
  const first = send();
  await sleep(ms);
  return Promise.all([first, send()]);
}

/** Each of `n` calls gets its own session and caller, as separate browser requests would. */
async function callers(user: TestUser, n: number) {
  return Promise.all(Array.from({ length: n }, () => callerFor(db, user)));
}

interface BatchAnswer {
  result?: { data: unknown };
  error?: { message: string; data: { code: string } };
}

/** One HTTP request carrying a tRPC batch: every call of `path` with `inputs`, run at once. */
async function batch(ctx: Context, path: string, inputs: unknown[]): Promise<BatchAnswer[]> {
  const url = `http://portal.test/api/trpc/${inputs.map(() => path).join(',')}?batch=1`;
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: new Request(url, {
      method: 'POST',
      body: JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, input]))),
      headers: { 'content-type': 'application/json' },
    }),
    router: appRouter,
    createContext: () => ctx,
  });
  return (await response.json()) as BatchAnswer[];
}

const noticesTitled = (title: string) =>
  db.selectFrom('notices').select('id').where('title', '=', title).execute();

/** Every notice email queued for notices with this title, by recipient. */
async function noticeEmailsTo(title: string) {
  const rows = await db
    .selectFrom('email_outbox as e')
    .select('e.to_address')
    .where('e.kind', '=', 'notice')
    .where('e.subject', '=', `New notice: ${title}`)
    .execute();
  return rows.map((row) => row.to_address).sort();
}

const parentEmails = () => parents.map((p) => p.email).sort();

/** "Write a notice, publish now, email parents", as the new-notice form sends it. */
const publishNow = (title: string, submissionKey: string) => ({
  title,
  bodyMarkdown: 'The school is closed today because of snow.',
  forParents: true,
  emailParents: true,
  publishAt: 'now' as const,
  submissionKey,
});

describe('a new notice published now with email, sent twice', () => {
  it('makes one notice and one email per parent when the same form is sent 100 ms apart', async () => {
    const key = newSubmissionKey();
    const [first, second] = await callers(office, 2);
    let turn = 0;
    const answers = await twiceApart(100, () =>
      (turn++ === 0 ? first! : second!).admin.notices.save(publishNow('Snow day', key)),
    );
    expect(await noticesTitled('Snow day')).toHaveLength(1);
    expect(await noticeEmailsTo('Snow day')).toEqual(parentEmails());
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ status: 'live', emailsQueued: parents.length });
  });

  it('makes one notice and one email per parent when it is sent 20 times at once', async () => {
    const key = newSubmissionKey();
    const all = await callers(office, 20);
    const answers = await Promise.all(
      all.map((caller) => caller.admin.notices.save(publishNow('Boiler broken', key))),
    );
    const [notice] = await noticesTitled('Boiler broken');
    expect(await noticesTitled('Boiler broken')).toHaveLength(1);
    expect(await noticeEmailsTo('Boiler broken')).toEqual(parentEmails());
    expect(new Set(answers.map((answer) => answer.id))).toEqual(new Set([notice?.id]));
  });

  it('makes one notice when 20 copies arrive in one tRPC batch over HTTP', async () => {
    const key = newSubmissionKey();
    const ctx = await contextFor(db, await sessionTokenFor(db, office));
    const answers = await batch(
      ctx,
      'admin.notices.save',
      Array.from({ length: 20 }, () => publishNow('Trip cancelled', key)),
    );
    expect(answers.every((answer) => answer.result)).toBe(true);
    expect(await noticesTitled('Trip cancelled')).toHaveLength(1);
    expect(await noticeEmailsTo('Trip cancelled')).toEqual(parentEmails());
  });

  it('still makes a notice for each form: another key, or other content in the same form', async () => {
    const caller = await callerFor(db, office);
    const key = newSubmissionKey();
    await caller.admin.notices.save(publishNow('Sports day', key));
    await caller.admin.notices.save(publishNow('Sports day', newSubmissionKey()));
    await caller.admin.notices.save(publishNow('Sports day moved', key));
    expect(await noticesTitled('Sports day')).toHaveLength(2);
    expect(await noticesTitled('Sports day moved')).toHaveLength(1);
  });

  it('lets a refused form be corrected and sent again with the same key', async () => {
    const caller = await callerFor(db, office);
    const key = newSubmissionKey();
    const refused = await refusalOf(
      caller.admin.notices.save({ ...publishNow('Concert', key), forParents: false }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    await caller.admin.notices.save(publishNow('Concert', key));
    expect(await noticesTitled('Concert')).toHaveLength(1);
  });
});

describe('publishing a draft, sent twice', () => {
  it('publishes and emails once, and both answers say it is published', async () => {
    const caller = await callerFor(db, office);
    const draft = await caller.admin.notices.save({
      ...publishNow('Parents evening', newSubmissionKey()),
      publishAt: null,
    });
    const key = newSubmissionKey();
    const all = await callers(office, 20);
    const answers = await Promise.all(
      all.map((c) => c.admin.notices.publish({ noticeId: draft.id, submissionKey: key })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill('live'));
    expect(answers.every((answer) => answer.publishAt instanceof Date)).toBe(true);
    expect(await noticeEmailsTo('Parents evening')).toEqual(parentEmails());
    const published = await db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'notice.published')
      .where(sql<boolean>`details ->> 'notice_id' = ${draft.id}`)
      .execute();
    expect(published).toHaveLength(1);
  });
});

const openRequestsOf = async (user: TestUser) =>
  Number(
    (
      await db
        .selectFrom('change_requests')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('requester_user_id', '=', user.userId)
        .where('status', 'in', ['submitted', 'in_progress'])
        .executeTakeFirstOrThrow()
    ).n,
  );

const newPhone = (submissionKey: string) => ({
  detailType: 'phone' as const,
  mobile: '07700 900123',
  submissionKey,
});

describe('"Tell us about a change", sent twice', () => {
  it('files one request when the same form is sent 100 ms apart, and both go to it', async () => {
    const parent = await newParent(db);
    const [first, second] = await callers(parent, 2);
    const key = newSubmissionKey();
    let turn = 0;
    const answers = await twiceApart(100, () =>
      (turn++ === 0 ? first! : second!).changeRequests.reportChange(newPhone(key)),
    );
    expect(await openRequestsOf(parent)).toBe(1);
    expect(answers[1]).toEqual(answers[0]);
  });

  it('files one request when it is sent 20 times at once', async () => {
    const parent = await newParent(db);
    const key = newSubmissionKey();
    const all = await callers(parent, 20);
    const answers = await Promise.all(
      all.map((caller) => caller.changeRequests.reportChange(newPhone(key))),
    );
    expect(await openRequestsOf(parent)).toBe(1);
    expect(new Set(answers.map((answer) => answer.requestId)).size).toBe(1);
  });

  it('files one "Report a problem" when it is sent 20 times at once', async () => {
    const parent = await newParent(db);
    const child = await newStudent(db);
    await link(db, parent.contactId, child.studentId);
    const markId = await addMark(db, child.studentId);
    const key = newSubmissionKey();
    const all = await callers(parent, 20);
    await Promise.all(
      all.map((caller) =>
        caller.changeRequests.reportError({
          studentId: child.studentId,
          recordType: 'attendance_mark',
          recordId: markId,
          message: 'She was at the dentist.',
          submissionKey: key,
        }),
      ),
    );
    expect(await openRequestsOf(parent)).toBe(1);
  });
});

describe('the limit of 20 open requests, with requests arriving together', () => {
  it('lets exactly 20 of 25 parallel requests through', async () => {
    const parent = await newParent(db);
    const all = await callers(parent, 25);
    const results = await Promise.allSettled(
      all.map((caller) => caller.changeRequests.reportChange(newPhone(newSubmissionKey()))),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(await openRequestsOf(parent)).toBe(20);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect((r.reason as { code: string }).code).toBe('CONFLICT');
  });

  it('lets exactly 20 of 25 through in one tRPC batch over HTTP', async () => {
    const parent = await newParent(db);
    const ctx = await contextFor(db, await sessionTokenFor(db, parent));
    const answers = await batch(
      ctx,
      'changeRequests.reportChange',
      Array.from({ length: 25 }, () => newPhone(newSubmissionKey())),
    );
    expect(answers.filter((answer) => answer.result)).toHaveLength(20);
    expect(answers.filter((answer) => answer.error?.data.code === 'CONFLICT')).toHaveLength(5);
    expect(await openRequestsOf(parent)).toBe(20);
  });
});

describe('used keys', () => {
  it('belong to their sender: the same key and content from another parent is their own request', async () => {
    const key = newSubmissionKey();
    const [first, second] = [await newParent(db), await newParent(db)];
    const answers = await Promise.all(
      [first, second].map(async (parent) =>
        (await callerFor(db, parent)).changeRequests.reportChange(newPhone(key)),
      ),
    );
    expect(answers[0]?.requestId).not.toBe(answers[1]?.requestId);
    expect(await openRequestsOf(first)).toBe(1);
    expect(await openRequestsOf(second)).toBe(1);
  });

  it('are forgotten after a week, a batch at a time, as new ones are used', async () => {
    const weekAgo = new Date(TEST_NOW.getTime() - 8 * 24 * 60 * 60 * 1000);
    await db
      .insertInto('form_submissions')
      .values({
        key: 'old-claim',
        purpose: 'test',
        user_id: null,
        result: '{}',
        created_at: weekAgo,
      })
      .execute();
    const caller = await callerFor(db, await newParent(db));
    await caller.changeRequests.reportChange(newPhone(newSubmissionKey()));
    const old = await db
      .selectFrom('form_submissions')
      .select('key')
      .where('key', '=', 'old-claim')
      .execute();
    expect(old).toHaveLength(0);
  });

  it('must look like a key the portal made', async () => {
    const caller = await callerFor(db, await newParent(db));
    const refused = await refusalOf(caller.changeRequests.reportChange(newPhone('not-a-key')));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain(
      'This form is out of date. Reload the page and send it again.',
    );
  });
});
