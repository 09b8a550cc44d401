import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  type TestUser,
} from './support/factories';

// Issue 12 item 3: inviting every confirmed parent of a year group at once, with a preview.

let db: Database;
let office: TestUser;
beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
});

let serial = 0;
async function newContact(email: string | null, surname = `Invitee${++serial}`) {
  const row = await db
    .insertInto('contacts')
    .values({ forename: 'Nadia', surname, email })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const key = () =>
  crypto
    .randomUUID()
    .replaceAll('-', '')
    .slice(0, 32)
    .replace(/[^a-z2-7]/g, 'a');

async function activationsTo(address: string) {
  const rows = await db
    .selectFrom('email_outbox')
    .select('id')
    .where('to_address', '=', address)
    .where('kind', '=', 'activation')
    .execute();
  return rows.length;
}

/** A year group of its own for each test, so the tests do not see each other's contacts. */
let year = 6;
async function yearWith() {
  year += 1;
  const { studentId } = await newStudent(db, { yearGroup: year });
  return { year, studentId };
}

describe('bulk invitations', () => {
  it('previews who is ready and who is skipped, and why', async () => {
    const { year, studentId } = await yearWith();
    const { studentId: leaver } = await newStudent(db, {
      yearGroup: year,
      leavingDate: '2026-07-20',
    });
    // Year 13: no other test here uses it.
    const { studentId: otherYear } = await newStudent(db, { yearGroup: 13 });
    const ready = await newContact(`ready.${serial}@example.org`, 'Adams');
    const noEmail = await newContact(null, 'Baker');
    const shared1 = await newContact('shared@example.org', 'Carter');
    const shared2 = await newContact('SHARED@example.org', 'Carter-Jones');
    const revoked = await newContact(`revoked.${serial}@example.org`, 'Davies');
    const curtailed = await newContact(`curtailed.${serial}@example.org`, 'Evans');
    const existing = await newParent(db); // has an account already: not a candidate
    const inUse = await newContact(existing.email, 'Fisher');
    const unverified = await newContact(`unverified.${serial}@example.org`, 'Green');
    const leaversParent = await newContact(`leaver.${serial}@example.org`, 'Irwin');
    const otherYearParent = await newContact(`other.${serial}@example.org`, 'Jones');
    for (const contact of [
      ready,
      noEmail,
      shared1,
      shared2,
      revoked,
      curtailed,
      existing.contactId,
      inUse,
    ]) {
      await link(db, contact, studentId);
    }
    await link(db, unverified, studentId, { verified: false });
    await link(db, leaversParent, leaver);
    await link(db, otherYearParent, otherYear);
    await db
      .insertInto('access_restrictions')
      .values({
        contact_id: revoked,
        reason: 'other',
        note: 'Recorded for the test',
        created_at: TEST_NOW,
        created_by_user_id: office.userId,
      })
      .execute();
    await db
      .insertInto('mis_curtailments')
      .values({ contact_id: curtailed, cause: 'contact_disabled', created_at: TEST_NOW })
      .execute();

    const caller = await callerFor(db, office);
    const preview = await caller.admin.access.accounts.invitationPreview({ yearGroup: year });
    expect(preview.ready.map((c) => c.contactId)).toEqual([ready]);
    expect(preview.ready[0]!.children).toHaveLength(1);
    const reasons = Object.fromEntries(preview.skipped.map((c) => [c.contactId, c.reason]));
    expect(reasons).toEqual({
      [noEmail]: expect.stringMatching(/No registered email/),
      [shared1]: expect.stringMatching(/same email address/),
      [shared2]: expect.stringMatching(/same email address/),
      [revoked]: expect.stringMatching(/revoked/),
      [curtailed]: expect.stringMatching(/management system/),
      [inUse]: expect.stringMatching(/already uses/),
    });
  });

  it('makes each account and emails its link once, even when the form is sent twice at once', async () => {
    const { year, studentId } = await yearWith();
    const contacts = [];
    for (let i = 0; i < 3; i++) {
      const id = await newContact(`batch${i}.${serial}@example.org`);
      await link(db, id, studentId);
      contacts.push(id);
    }
    const caller = await callerFor(db, office);
    const { ready } = await caller.admin.access.accounts.invitationPreview({ yearGroup: year });
    const submissionKey = key();
    const send = () =>
      caller.admin.access.accounts.inviteMany({
        contactIds: ready.map((c) => c.contactId),
        submissionKey,
      });
    const [first, second] = await Promise.all([send(), send()]);
    expect(second).toEqual(first);
    expect(first.invited).toHaveLength(3);
    expect(first.notInvited).toEqual([]);
    for (const invited of first.invited) {
      expect(await activationsTo(invited.sentTo)).toBe(1);
    }
    const accounts = await db
      .selectFrom('users')
      .select(['contact_id', 'status'])
      .where('contact_id', 'in', contacts)
      .execute();
    expect(accounts.map((a) => a.status)).toEqual(['pending', 'pending', 'pending']);
    const userIds = (
      await db.selectFrom('users').select('id').where('contact_id', 'in', contacts).execute()
    ).map((u) => u.id);
    const audit = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'account.created')
      .where('target_user_id', 'in', userIds)
      .execute();
    expect(audit).toHaveLength(3);
    expect(audit.every((a) => (a.details as { bulk?: boolean }).bulk === true)).toBe(true);
    // Invited: the year's preview no longer lists them.
    const after = await caller.admin.access.accounts.invitationPreview({ yearGroup: year });
    expect(after.ready).toEqual([]);
  });

  it('reports those who no longer qualify and invites the rest', async () => {
    const { studentId } = await yearWith();
    const tag = crypto.randomUUID().slice(0, 8);
    const first = await newContact(`first.${tag}@example.org`);
    const second = await newContact(`second.${tag}@example.org`);
    const sameEmail = await newContact(`second.${tag}@example.org`);
    for (const contact of [first, second, sameEmail]) await link(db, contact, studentId);
    const caller = await callerFor(db, office);
    // A colleague makes one of the accounts between the preview and the sending.
    await caller.admin.access.accounts.create({ contactId: first, submissionKey: key() });
    const result = await caller.admin.access.accounts.inviteMany({
      contactIds: [first, second, sameEmail],
      submissionKey: key(),
    });
    expect(result.invited.map((i) => i.contactId)).toEqual([second]);
    expect(result.notInvited).toEqual([
      {
        contactId: first,
        name: expect.stringMatching(/^Nadia Invitee/),
        reason: expect.stringMatching(/already has an account/),
      },
      {
        contactId: sameEmail,
        name: expect.stringMatching(/^Nadia Invitee/),
        reason: expect.stringMatching(/already uses this email/),
      },
    ]);
    expect(await activationsTo(`second.${tag}@example.org`)).toBe(1);
  });

  it('two colleagues inviting the same parents at once make each account once', async () => {
    const { studentId } = await yearWith();
    const tag = crypto.randomUUID().slice(0, 8);
    const contacts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await newContact(`race${i}.${tag}@example.org`);
      await link(db, id, studentId);
      contacts.push(id);
    }
    const [first, second] = [await callerFor(db, office), await callerFor(db, office)];
    // Different forms (different keys): not a double submit, a real race.
    const answers = await Promise.allSettled([
      first.admin.access.accounts.inviteMany({ contactIds: contacts, submissionKey: key() }),
      second.admin.access.accounts.inviteMany({ contactIds: contacts, submissionKey: key() }),
    ]);
    // Each call is all-or-nothing: it invited, found them invited already, or (PostgreSQL, both
    // inserting at once) was refused as a conflict and changed nothing.
    for (const answer of answers) {
      if (answer.status === 'rejected') {
        expect((answer.reason as { kind?: string }).kind).toBe('conflict');
      }
    }
    const invited = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value.invited : []));
    expect(invited.map((i) => i.contactId).sort()).toEqual([...contacts].sort());
    const accounts = await db
      .selectFrom('users')
      .select('contact_id')
      .where('contact_id', 'in', contacts)
      .execute();
    expect(accounts).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      expect(await activationsTo(`race${i}.${tag}@example.org`)).toBe(1);
    }
  });

  it('refuses bad input with a plain message and changes nothing', async () => {
    const caller = await callerFor(db, office);
    await expect(caller.admin.access.accounts.invitationPreview({ yearGroup: 3 })).rejects.toThrow(
      /year group from 7 to 13/,
    );
    await expect(
      caller.admin.access.accounts.inviteMany({ contactIds: [], submissionKey: key() }),
    ).rejects.toThrow(/at least one person/);
    await expect(
      caller.admin.access.accounts.inviteMany({
        contactIds: Array.from({ length: 501 }, () => crypto.randomUUID()),
        submissionKey: key(),
      }),
    ).rejects.toThrow(/at most 500/);
    const unknown = crypto.randomUUID();
    const result = await caller.admin.access.accounts.inviteMany({
      contactIds: [unknown],
      submissionKey: key(),
    });
    expect(result).toEqual({
      invited: [],
      notInvited: [{ contactId: unknown, name: null, reason: 'We could not find that contact.' }],
    });
  });
});
