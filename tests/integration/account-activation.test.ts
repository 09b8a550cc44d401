import { beforeAll, describe, expect, it } from 'vitest';
import { createCaller, createContext } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  callerFor,
  callerWithToken,
  newStaff,
  newStudent,
  recordingCookieJar,
  type TestUser,
} from './support/factories';
import { readableText } from './support/outbox';

let db: Database;
let office: TestUser;
beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
});

const PORTAL = 'https://portal.example.org';
const hours = (n: number) => new Date(TEST_NOW.getTime() + n * 3600_000);

async function publicCaller(options: { now?: Date; ip?: string } = {}) {
  const cookies = recordingCookieJar();
  const ctx = await createContext({
    db,
    now: () => options.now ?? TEST_NOW,
    meta: { ip: options.ip ?? '203.0.113.9', userAgent: 'vitest' },
    cookies,
    portalUrl: PORTAL,
  });
  return { caller: createCaller(ctx), cookies };
}

async function officeCaller() {
  const caller = await callerFor(db, office);
  return caller;
}

async function newContact(
  email: string | null,
  names = { forename: 'Nadia', surname: `Parent${crypto.randomUUID().slice(0, 6)}` },
) {
  const row = await db
    .insertInto('contacts')
    .values({ ...names, email })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The activation link's token from the newest activation email to `to`. */
async function activationTokenSentTo(to: string): Promise<string> {
  const mail = await db
    .selectFrom('email_outbox')
    .select(['id', 'text_body'])
    .where('to_address', '=', to)
    .where('kind', '=', 'activation')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const match = /\/activate\?token=([a-z2-7]+)/.exec(readableText(mail));
  if (!match?.[1]) throw new Error('no activation link in the email');
  return match[1];
}

async function refusal(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  )) as { code?: string; message?: string };
  return { code: error.code, message: error.message };
}

/** A contact with a verified link to a student, as staff would leave them. */
async function verifiedContact(email: string) {
  const contactId = await newContact(email);
  const { studentId } = await newStudent(db);
  await (
    await officeCaller()
  ).admin.access.contacts.verifyLink({
    contactId,
    studentId,
    relationship: 'Mother',
    evidence: 'birth_certificate',
    note: 'Birth certificate seen at reception',
  });
  return { contactId, studentId };
}

describe('access requests (P3)', () => {
  it('accepts a request with the same answer whoever asks, and acknowledges it neutrally', async () => {
    const { caller } = await publicCaller({ ip: '198.51.100.20' });
    const answer = await caller.accessRequests.submit({
      forename: 'Ruth',
      surname: 'Example',
      email: 'ruth@example.org',
      relationship: 'Mother',
      children: [{ forename: 'Sam', surname: 'Example', dateOfBirth: '2013-05-04' }],
    });
    expect(answer).toEqual({ received: true });
    const ack = await db
      .selectFrom('email_outbox')
      .select(['subject', 'text_body'])
      .where('to_address', '=', 'ruth@example.org')
      .executeTakeFirstOrThrow();
    expect(ack.subject).toBe('We have your request for parent portal access');
    expect(ack.text_body).not.toMatch(/account exists|already|not found/i);
  });

  it('suggests the matching student to the office and can be refused with a neutral email', async () => {
    const { studentId } = await newStudent(db);
    const student = await db
      .selectFrom('students')
      .select(['forename', 'surname', 'date_of_birth'])
      .where('id', '=', studentId)
      .executeTakeFirstOrThrow();
    const { caller } = await publicCaller({ ip: '198.51.100.21' });
    await caller.accessRequests.submit({
      forename: 'Paul',
      surname: student.surname,
      email: 'paul@example.org',
      relationship: 'Father',
      children: [
        {
          forename: student.forename,
          surname: student.surname,
          dateOfBirth: student.date_of_birth,
        },
      ],
    });
    const queue = await (await officeCaller()).admin.access.requests.pending();
    const request = queue.find((r) => r.email === 'paul@example.org')!;
    expect(request.children[0]?.matches.map((m) => m.id)).toEqual([studentId]);

    await (
      await officeCaller()
    ).admin.access.requests.deny({
      requestId: request.id,
      reason: 'No PR: not on the birth certificate',
    });
    const email = await db
      .selectFrom('email_outbox')
      .select(['text_body'])
      .where('to_address', '=', 'paul@example.org')
      .where('kind', '=', 'access_request_denied')
      .executeTakeFirstOrThrow();
    expect(email.text_body).toContain('We are not able to give you access');
    expect(email.text_body).not.toContain('birth certificate');
    expect(
      (
        await refusal(
          (await officeCaller()).admin.access.requests.deny({
            requestId: request.id,
            reason: 'again',
          }),
        )
      ).code,
    ).toBe('CONFLICT');
  });

  it("shows each child's own state once confirmed, and keeps the school's relationship", async () => {
    const [first, second] = [await newStudent(db), await newStudent(db)];
    const students = await db
      .selectFrom('students')
      .select(['id', 'forename', 'surname', 'date_of_birth'])
      .where('id', 'in', [first.studentId, second.studentId])
      .execute();
    const contactId = await newContact('kept.record@example.org', {
      forename: 'Kim',
      surname: 'Recorded',
    });
    // The school's roster already links the first child, as "Father", not yet checked.
    await db
      .insertInto('student_contacts')
      .values({ contact_id: contactId, student_id: first.studentId, relationship: 'Father' })
      .execute();
    const { caller } = await publicCaller({ ip: '198.51.100.23' });
    await caller.accessRequests.submit({
      forename: 'Kim',
      surname: 'Recorded',
      email: 'kim.typed@example.org',
      relationship: 'Dad',
      children: students.map((s) => ({
        forename: s.forename,
        surname: s.surname,
        dateOfBirth: s.date_of_birth,
      })),
    });
    const office = await officeCaller();
    const queued = async () =>
      (await office.admin.access.requests.pending()).find(
        (r) => r.email === 'kim.typed@example.org',
      )!;
    const before = await queued();
    expect(before.contactMatches.map((c) => [c.id, c.has_account])).toEqual([[contactId, false]]);
    expect(before.links).toEqual([
      expect.objectContaining({
        student_id: first.studentId,
        relationship: 'Father',
        status: 'unverified',
        verified_at: null,
      }),
    ]);

    for (const { studentId } of [first, second]) {
      await office.admin.access.contacts.verifyLink({
        contactId,
        studentId,
        relationship: before.relationship,
        evidence: 'birth_certificate',
        note: 'Seen at reception',
      });
    }
    const after = await queued();
    const byStudent = Object.fromEntries(after.links.map((l) => [l.student_id, l]));
    // The roster's word stays; a link that did not exist records what the parent wrote.
    expect(byStudent[first.studentId]).toMatchObject({
      relationship: 'Father',
      status: 'verified',
      parental_responsibility: true,
      verification_evidence: 'birth_certificate',
      verified_at: TEST_NOW,
    });
    expect(byStudent[first.studentId]?.verified_by).toMatch(/^Pat Staff/);
    expect(byStudent[second.studentId]).toMatchObject({ relationship: 'Dad', status: 'verified' });
  });

  it('is throttled per address after 5 requests an hour', async () => {
    const { caller } = await publicCaller({ ip: '198.51.100.99' });
    const request = {
      forename: 'A',
      surname: 'B',
      email: 'ab@example.org',
      relationship: 'Carer',
      children: [{ forename: 'C', surname: 'B', dateOfBirth: '2012-01-01' }],
    };
    for (let i = 0; i < 5; i++) await caller.accessRequests.submit(request);
    expect((await refusal(caller.accessRequests.submit(request))).code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('making an account (P4, P5)', () => {
  it('needs a verified link first', async () => {
    const contactId = await newContact('nolink@example.org');
    const answer = await refusal(
      (await officeCaller()).admin.access.accounts.create({ contactId }),
    );
    expect(answer.message).toBe(
      'Confirm parental responsibility for at least one child before making an account.',
    );
  });

  it('records who verified, when, the evidence and the note', async () => {
    const { contactId } = await verifiedContact('recorded@example.org');
    const record = await (await officeCaller()).admin.access.contacts.get({ contactId });
    expect(record.links[0]).toMatchObject({
      status: 'verified',
      parentalResponsibility: true,
      evidence: 'birth_certificate',
      note: 'Birth certificate seen at reception',
      verifiedAt: TEST_NOW,
    });
    expect(record.links[0]?.verifiedBy).toMatch(/^Pat Staff/);
  });

  it('sends the activation link to the registered address, and never makes a second account', async () => {
    const { contactId } = await verifiedContact('registered@example.org');
    const made = await (await officeCaller()).admin.access.accounts.create({ contactId });
    expect(made.sentTo).toBe('registered@example.org');
    expect(made.username).toMatch(/^nadia\.parent/);
    await activationTokenSentTo('registered@example.org');
    expect(
      (await refusal((await officeCaller()).admin.access.accounts.create({ contactId }))).code,
    ).toBe('CONFLICT');

    const sameEmail = await verifiedContact('REGISTERED@example.org');
    const answer = await refusal(
      (await officeCaller()).admin.access.accounts.create({ contactId: sameEmail.contactId }),
    );
    expect(answer.message).toContain('Each person needs an email address of their own');
  });

  it('refuses to invite someone whose access has been revoked', async () => {
    const { contactId } = await verifiedContact('revoked@example.org');
    await db
      .insertInto('access_restrictions')
      .values({
        contact_id: contactId,
        reason: 'policy_breach',
        note: 'Shared password',
        created_by_user_id: office.userId,
        created_at: TEST_NOW,
      })
      .execute();
    const answer = await refusal(
      (await officeCaller()).admin.access.accounts.create({ contactId }),
    );
    expect(answer.message).toContain('Reinstate them before making an account');
  });
});

describe('activation (P4)', () => {
  it('shows the username, refuses a weak password without spending the link, then signs the parent in', async () => {
    const { contactId, studentId } = await verifiedContact('activate@example.org');
    const { username } = await (await officeCaller()).admin.access.accounts.create({ contactId });
    const token = await activationTokenSentTo('activate@example.org');

    const { caller, cookies } = await publicCaller({ now: hours(1) });
    expect(await caller.account.activationStatus({ token })).toMatchObject({
      state: 'valid',
      username,
    });
    const weak = await refusal(
      caller.account.activate({ token, newPassword: 'password', confirmPassword: 'password' }),
    );
    expect(weak.code).toBe('BAD_REQUEST');
    await caller.account.activate({
      token,
      newPassword: 'Kestrel-Window-84',
      confirmPassword: 'Kestrel-Window-84',
    });
    expect(cookies.token).toBeTruthy();
    const parent = await callerWithToken(db, cookies.token, { now: hours(1) });
    expect((await parent.students.mine()).map((s) => s.id)).toEqual([studentId]);

    const again = await refusal(
      caller.account.activate({
        token,
        newPassword: 'Kestrel-Window-85',
        confirmPassword: 'Kestrel-Window-85',
      }),
    );
    expect(again.message).toMatch(/^This link has already been used/);
    const mail = await db
      .selectFrom('email_outbox')
      .select(['contains_secret'])
      .where('to_address', '=', 'activate@example.org')
      .where('kind', '=', 'activation')
      .executeTakeFirstOrThrow();
    expect(mail.contains_secret).toBe(true);
  });

  it('expires after 72 hours and says to ask the school', async () => {
    const { contactId } = await verifiedContact('late@example.org');
    await (await officeCaller()).admin.access.accounts.create({ contactId });
    const token = await activationTokenSentTo('late@example.org');
    const { caller } = await publicCaller({ now: hours(72) });
    const answer = await refusal(
      caller.account.activate({
        token,
        newPassword: 'Kestrel-Window-84',
        confirmPassword: 'Kestrel-Window-84',
      }),
    );
    expect(answer.message).toBe(
      'This link has expired. Please ask the school for a new one at enquiries@school.invalid.',
    );
  });

  it('resending voids the old link', async () => {
    const { contactId } = await verifiedContact('resend@example.org');
    const { userId } = await (await officeCaller()).admin.access.accounts.create({ contactId });
    const first = await activationTokenSentTo('resend@example.org');
    await (await officeCaller()).admin.access.accounts.resendActivation({ userId });
    const sent = await db
      .selectFrom('email_outbox')
      .select(['id', 'text_body'])
      .where('to_address', '=', 'resend@example.org')
      .where('kind', '=', 'activation')
      .execute();
    expect(sent).toHaveLength(2);
    const second = sent
      .map((mail) => /token=([a-z2-7]+)/.exec(readableText(mail))?.[1])
      .find((token) => token !== first)!;
    const { caller } = await publicCaller();
    expect((await caller.account.activationStatus({ token: first })).state).toBe('unknown');
    expect((await caller.account.activationStatus({ token: second })).state).toBe('valid');
  });

  it('two simultaneous uses of one link: exactly one succeeds', async () => {
    const { contactId } = await verifiedContact('race@example.org');
    await (await officeCaller()).admin.access.accounts.create({ contactId });
    const token = await activationTokenSentTo('race@example.org');
    const attempts = await Promise.allSettled(
      ['Kestrel-Window-84', 'Osprey-Harbour-62'].map(async (newPassword) =>
        (await publicCaller()).caller.account.activate({
          token,
          newPassword,
          confirmPassword: newPassword,
        }),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect(
      await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select('sessions.id')
        .where('users.email', '=', 'race@example.org')
        .execute(),
    ).toHaveLength(1);
  });
});

describe('finding a contact', () => {
  it('by full name or email, case-insensitively', async () => {
    const contactId = await newContact('findme@example.org', {
      forename: 'Darcy',
      surname: 'Findlay',
    });
    const office = await officeCaller();
    expect(
      (await office.admin.access.contacts.search({ search: 'darcy findlay' })).map((c) => c.id),
    ).toEqual([contactId]);
    expect(
      (await office.admin.access.contacts.search({ search: 'FINDME@' })).map((c) => c.id),
    ).toEqual([contactId]);
    // Nothing typed yet (the page asks before a search): nobody, and still for the office only.
    expect(await office.admin.access.contacts.search({ search: ' d ' })).toEqual([]);
  });
});
