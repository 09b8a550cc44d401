import { beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { fieldErrorsOf, requiredActionOf } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  TEST_PASSWORD,
  anonymousCaller,
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  recordingCookieJar,
  type CallerOptions,
  type TestUser,
} from './support/factories';

let db: Database;
let admin: TestUser;
let office: TestUser;
let parent: TestUser & { contactId: string };
let otherParent: TestUser;

beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
  office = await newStaff(db, ['office']);
  parent = await newParent(db);
  otherParent = await newParent(db);
  await link(db, parent.contactId, (await newStudent(db)).studentId);
});

const hours = (n: number) => new Date(TEST_NOW.getTime() + n * 3600_000);
const days = (n: number) => hours(n * 24);

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw error;
  return {
    code: error.code,
    message: error.message,
    requiredAction: requiredActionOf(error),
    fields: fieldErrorsOf(error) ?? {},
  };
}

/** A caller for `user` that has first accepted whatever policy version is waiting for them. */
async function readyCaller(user: TestUser, options: CallerOptions = {}) {
  const caller = await callerFor(db, user, options);
  if (!(await caller.auth.me()).mustAcceptPolicy) return caller;
  const current = await caller.policy.current();
  await caller.policy.accept({ versionId: current!.id });
  return callerFor(db, user, options);
}

async function publish(
  input: { title?: string; effectiveDate?: string; bodyMarkdown?: string },
  now: Date,
) {
  const caller = await readyCaller(admin, { now });
  return caller.admin.policy.publish({
    title: input.title ?? 'Parent Portal Acceptable Usage Policy',
    effectiveDate: input.effectiveDate ?? '2026-11-17',
    bodyMarkdown: input.bodyMarkdown ?? '## Your account\n\nUse it **yourself** only.',
  });
}

describe('the Acceptable Usage Policy (P2)', () => {
  let first: { id: string };
  let second: { id: string };

  it('before any version is published, there is nothing to accept and nothing is gated', async () => {
    const caller = await callerFor(db, parent);
    expect(await caller.policy.current()).toBeNull();
    expect(await caller.auth.me()).toMatchObject({ mustAcceptPolicy: false });
    expect(await caller.students.mine()).toHaveLength(1);
    const anonymous = await anonymousCaller(db);
    const signedIn = await anonymous.auth.signIn({
      identifier: parent.username,
      password: TEST_PASSWORD,
    });
    expect(signedIn.mustAcceptPolicy).toBe(false);
  });

  it('a parent cannot publish a version', async () => {
    const caller = await callerFor(db, parent);
    const answer = await refusal(
      caller.admin.policy.publish({
        title: 'Mine',
        effectiveDate: '2026-11-17',
        bodyMarkdown: 'Anything goes.',
      }),
    );
    expect(answer.code).toBe('FORBIDDEN');
    expect(await db.selectFrom('policy_versions').select('id').execute()).toEqual([]);
  });

  it('refuses a version without a title, a real date or any text, beside each field', async () => {
    const caller = await callerFor(db, admin);
    const answer = await refusal(
      caller.admin.policy.publish({ title: '  ', effectiveDate: '2026-02-30', bodyMarkdown: '' }),
    );
    expect(answer.code).toBe('BAD_REQUEST');
    expect(answer.fields).toEqual({
      title: ['Enter a title.'],
      effectiveDate: ['Enter the date it takes effect as a real date, like 2026-09-01.'],
      bodyMarkdown: ['Enter the text of the policy.'],
    });
  });

  it('once an admin publishes, a parent must accept before anything else answers', async () => {
    first = await publish({}, TEST_NOW);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'policy.published')
      .execute();
    expect(audit).toEqual([
      {
        actor_user_id: admin.userId,
        details: expect.objectContaining({ policy_version_id: first.id }),
      },
    ]);

    const caller = await callerFor(db, parent);
    expect(await refusal(caller.students.mine())).toMatchObject({
      code: 'PRECONDITION_FAILED',
      requiredAction: 'accept_policy',
      message: 'Please read and accept the Acceptable Usage Policy to carry on.',
    });
    expect(await caller.auth.me()).toMatchObject({
      mustAcceptPolicy: true,
      mustChangePassword: false,
    });
    const current = await caller.policy.current();
    expect(current).toMatchObject({
      id: first.id,
      title: 'Parent Portal Acceptable Usage Policy',
      effectiveDate: '2026-11-17',
      publishedAt: TEST_NOW,
    });
    expect(current?.html).toContain('<h2>Your account</h2>');

    // Signing in says so straight away, so the web app can go to the acceptance page.
    const anonymous = await anonymousCaller(db, { cookies: recordingCookieJar() });
    const signedIn = await anonymous.auth.signIn({
      identifier: parent.username,
      password: TEST_PASSWORD,
    });
    expect(signedIn).toMatchObject({ mustAcceptPolicy: true, mustChangePassword: false });
  });

  it('records the acceptance with the user, version, time by the context clock and address, once', async () => {
    const when = hours(1);
    const caller = await callerFor(db, parent, { now: when, ip: '203.0.113.7' });
    expect(await caller.policy.accept({ versionId: first.id })).toEqual({
      versionId: first.id,
      alreadyAccepted: false,
    });
    expect(await caller.policy.accept({ versionId: first.id })).toEqual({
      versionId: first.id,
      alreadyAccepted: true,
    });
    const rows = await db
      .selectFrom('policy_acceptances')
      .selectAll()
      .where('user_id', '=', parent.userId)
      .execute();
    expect(rows).toEqual([
      {
        user_id: parent.userId,
        policy_version_id: first.id,
        accepted_at: when,
        ip: '203.0.113.7',
        user_agent: 'vitest',
      },
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['at', 'ip', 'details'])
      .where('action', '=', 'policy.accepted')
      .where('actor_user_id', '=', parent.userId)
      .execute();
    expect(audit).toEqual([
      { at: when, ip: '203.0.113.7', details: { policy_version_id: first.id } },
    ]);

    const next = await callerFor(db, parent, { now: when });
    expect(await next.students.mine()).toHaveLength(1);
    expect(await next.auth.me()).toMatchObject({ mustAcceptPolicy: false });
  });

  it('a newer version gates everyone again, and only the current version can be accepted', async () => {
    second = await publish({ title: 'Acceptable Usage Policy, November update' }, hours(2));
    const caller = await callerFor(db, parent, { now: hours(3) });
    expect((await refusal(caller.students.mine())).requiredAction).toBe('accept_policy');
    expect((await caller.policy.current())?.id).toBe(second.id);

    expect(await refusal(caller.policy.accept({ versionId: first.id }))).toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'That is not the current version of the policy. Please read the current version and accept that.',
    });
    expect(await refusal(caller.policy.accept({ versionId: crypto.randomUUID() }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'We could not find that version of the policy.',
    });
    expect((await refusal(caller.policy.accept({ versionId: 'not-an-id' }))).code).toBe(
      'BAD_REQUEST',
    );

    await caller.policy.accept({ versionId: second.id });
    expect(await (await callerFor(db, parent, { now: hours(3) })).students.mine()).toHaveLength(1);
  });

  it('a version published ahead of its effective date waits until that day', async () => {
    const later = await publish({ title: 'From December', effectiveDate: '2026-12-01' }, hours(4));
    const today = await callerFor(db, parent, { now: hours(5) });
    expect(await today.students.mine()).toHaveLength(1);
    expect((await today.policy.current())?.id).toBe(second.id);
    expect((await refusal(today.policy.accept({ versionId: later.id }))).code).toBe('BAD_REQUEST');

    const december = await callerFor(db, parent, { now: new Date('2026-12-01T08:00:00Z') });
    expect((await refusal(december.students.mine())).requiredAction).toBe('accept_policy');
    expect((await december.policy.current())?.id).toBe(later.id);
  });

  it('an expired password and a waiting policy: the password comes first, then the policy', async () => {
    const someone = await newParent(db);
    const day90 = days(90);
    const caller = await callerFor(db, someone, { now: day90 });
    expect(await caller.auth.me()).toMatchObject({
      mustChangePassword: true,
      mustAcceptPolicy: true,
    });
    expect((await refusal(caller.students.mine())).requiredAction).toBe('change_password');
    const anonymous = await anonymousCaller(db, { now: day90, cookies: recordingCookieJar() });
    expect(
      await anonymous.auth.signIn({ identifier: someone.username, password: TEST_PASSWORD }),
    ).toMatchObject({ mustChangePassword: true, mustAcceptPolicy: true });

    await caller.account.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: 'Fresh-Orchard-61',
      confirmPassword: 'Fresh-Orchard-61',
    });
    const after = await callerFor(db, someone, { now: day90 });
    expect((await refusal(after.students.mine())).requiredAction).toBe('accept_policy');
  });

  it('office staff see every version with counts, and who has and has not accepted', async () => {
    const caller = await readyCaller(office, { now: hours(6) });
    const list = await caller.admin.policy.list();
    expect(list.versions.map((v) => [v.title, v.status])).toEqual([
      ['From December', 'upcoming'],
      ['Acceptable Usage Policy, November update', 'current'],
      ['Parent Portal Acceptable Usage Policy', 'superseded'],
    ]);
    const active = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    expect(list.activeAccounts).toBe(Number(active.n));
    // The second version: the parent, the office manager and the admin who published the third.
    const current = list.versions[1]!;
    expect(current.acceptances).toBe(3);
    expect(current.notYetAccepted).toBe(list.activeAccounts - 3);

    const who = await caller.admin.policy.acceptances({ versionId: second.id });
    expect(who.version).toMatchObject({ id: second.id, isCurrent: true });
    expect(who.accepted.total).toBe(3);
    const parentRow = who.accepted.people.find((p) => p.userId === parent.userId);
    expect(parentRow).toMatchObject({
      username: parent.username,
      kind: 'parent',
      acceptedAt: hours(3),
      ip: '192.0.2.10',
    });
    expect(parentRow?.name).toMatch(/^Alex Parent/);
    expect(who.accepted.people.map((p) => p.userId)).toContain(office.userId);
    expect(who.notYetAccepted.people.map((p) => p.userId)).toContain(otherParent.userId);
    expect(who.notYetAccepted.people.map((p) => p.userId)).not.toContain(parent.userId);
    expect(who.notYetAccepted.total).toBe(current.notYetAccepted);
    // Nobody's password hash or anything like it comes back.
    expect(JSON.stringify(who)).not.toMatch(/argon2|password/i);

    expect(
      await refusal(caller.admin.policy.acceptances({ versionId: crypto.randomUUID() })),
    ).toMatchObject({ code: 'NOT_FOUND' });
    const viewed = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'view.policy_acceptances')
      .where('actor_user_id', '=', office.userId)
      .execute();
    expect(viewed).toHaveLength(1);
  });

  it('office staff cannot publish; a parent who has accepted still cannot', async () => {
    const staff = await readyCaller(office, { now: hours(6) });
    const input = { title: 'No', effectiveDate: '2026-11-17', bodyMarkdown: 'No.' };
    expect((await refusal(staff.admin.policy.publish(input))).code).toBe('FORBIDDEN');
    const family = await readyCaller(parent, { now: hours(6) });
    expect((await refusal(family.admin.policy.publish(input))).code).toBe('FORBIDDEN');
    expect((await refusal(family.admin.policy.list())).code).toBe('FORBIDDEN');
  });

  it('renders the published Markdown so that scripts and script links are inert', async () => {
    await publish(
      {
        title: 'With <b>tags</b>',
        bodyMarkdown: [
          '# Rules',
          '',
          '<script>alert("x")</script>',
          '',
          '<img src=x onerror=alert(1)>',
          '',
          '[click](javascript:alert(1)) and [help](/help)',
        ].join('\n'),
      },
      hours(7),
    );
    const current = await (await anonymousCaller(db, { now: hours(8) })).policy.current();
    expect(current?.title).toBe('With <b>tags</b>');
    expect(current?.html).toContain('<h2>Rules</h2>');
    expect(current?.html).toContain('&lt;script&gt;');
    expect(current?.html).not.toMatch(/<script|<img|href="javascript/i);
    // The would-be link stays as plain text.
    expect(current?.html).toContain('[click](javascript:alert(1))');
    expect(current?.html).toContain('<a href="/help">help</a>');
  });
});
