import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, newStaff, TEST_NOW, type TestUser } from './support/factories';
import {
  asUpload,
  rosterFiles,
  rosterTables,
  studentOf,
  type RosterTables,
} from './support/oneroster-files';

// Issue 9: changes in the school's management system that curtail a parent's access reach access
// at once: a contact no longer enabled, a link now a relative's, a link a full export no longer
// lists. The office can restore access after checking; the next import respects that.

let db: Database;
let office: TestUser;
let tables: RosterTables;
let verifier: string;

// Each test has a school's first import of its own people (the prefix), in one database.
let PREFIX = 'cu';
let tests = 0;
const parentOf = (n: number, k = 1) => `${PREFIX}-gdn-${n}-${k}`;
const userRow = (sourcedId: string) => tables['users.csv']!.find((u) => u.sourcedId === sourcedId)!;
const roleRow = (sourcedId: string) =>
  tables['roles.csv']!.find((r) => r.userSourcedId === sourcedId)!;

async function importRoster(options: { full: boolean; apply?: boolean }) {
  const caller = await callerFor(db, office);
  const input = {
    kind: 'oneroster' as const,
    files: asUpload(rosterFiles(tables)),
    full: options.full,
  };
  return options.apply === false
    ? caller.admin.imports.preview(input)
    : caller.admin.imports.run(input);
}

const contactId = async (sourcedId: string) =>
  (
    await db
      .selectFrom('contacts')
      .select('id')
      .where('source_id', '=', sourcedId)
      .executeTakeFirstOrThrow()
  ).id;

/** Staff verify the parent's responsibility and give them an account, as P3–P5 require. */
async function verifiedParentWithAccount(sourcedId: string): Promise<TestUser> {
  const id = await contactId(sourcedId);
  await db
    .updateTable('student_contacts')
    .set({
      status: 'verified',
      parental_responsibility: true,
      verified_by_staff_id: verifier,
      verified_at: TEST_NOW,
      verification_evidence: 'birth_certificate',
    })
    .where('contact_id', '=', id)
    .execute();
  const user = await db
    .insertInto('users')
    .values({
      username: sourcedId,
      email: `${sourcedId}@example.org`,
      status: 'active',
      password_hash: 'not-used',
      password_set_at: TEST_NOW,
      contact_id: id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The current policy is accepted, so the portal itself answers.
  const policy = await db.selectFrom('policy_versions').select('id').executeTakeFirst();
  if (policy) {
    await db
      .insertInto('policy_acceptances')
      .values({ user_id: user.id, policy_version_id: policy.id, accepted_at: TEST_NOW })
      .execute();
  }
  return { userId: user.id, username: sourcedId, email: `${sourcedId}@example.org` };
}

/** What the parent's portal shows: the names of the children they may see, or 'suspended'. */
async function childrenSeenBy(parent: TestUser): Promise<string[] | 'suspended'> {
  try {
    const home = await (await callerFor(db, parent)).portal.home();
    return home.children.map((c) => c.student.forename).sort();
  } catch (error) {
    if ((error as { code?: string }).code === 'FORBIDDEN') return 'suspended';
    throw error;
  }
}

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
  verifier = (await newStaff(db, ['office'])).staffId;
});

beforeEach(() => {
  PREFIX = `cu${++tests}`;
  tables = rosterTables({ students: 3, prefix: PREFIX, guardiansPerStudent: 2 });
});

describe('a parent the school’s system no longer enables', () => {
  it('loses access at once; the dry run names them; enabling them again restores it', async () => {
    await importRoster({ full: true });
    const parent = await verifiedParentWithAccount(parentOf(1));
    const child = studentOf(1, PREFIX).givenName;
    expect(await childrenSeenBy(parent)).toEqual([child]);

    userRow(parentOf(1)).enabledUser = 'false';
    const preview = await importRoster({ full: true, apply: false });
    const notes = preview.summary.notes.join('\n');
    expect(notes).toContain('Access stops for 1 parent or carer');
    const { forename, surname } = await db
      .selectFrom('contacts')
      .select(['forename', 'surname'])
      .where('source_id', '=', parentOf(1))
      .executeTakeFirstOrThrow();
    expect(notes).toContain(`${forename} ${surname}: not enabled`);
    // A dry run changes nothing.
    expect(await childrenSeenBy(parent)).toEqual([child]);

    expect((await importRoster({ full: true })).applied).toBe(true);
    expect(await childrenSeenBy(parent)).toBe('suspended');
    // The record is kept.
    expect(await contactId(parentOf(1))).toBeTruthy();

    userRow(parentOf(1)).enabledUser = 'true';
    await importRoster({ full: true });
    expect(await childrenSeenBy(parent)).toEqual([child]);
  });

  it('keeps a not-enabled contact on a first import, with access curtailed from the start', async () => {
    userRow(parentOf(2, 2)).enabledUser = 'false';
    const result = await importRoster({ full: true });
    expect(result.problems).toEqual([]);
    const id = await contactId(parentOf(2, 2));
    const open = await db
      .selectFrom('mis_curtailments')
      .select(['cause', 'link_id'])
      .where('contact_id', '=', id)
      .where('ended_at', 'is', null)
      .execute();
    expect(open).toEqual([{ cause: 'contact_disabled', link_id: null }]);

    // Nobody can then confirm their parental responsibility or make them an account.
    const caller = await callerFor(db, office);
    const studentId = (
      await db
        .selectFrom('students')
        .select('id')
        .where('source_id', '=', studentOf(2, PREFIX).sourcedId)
        .executeTakeFirstOrThrow()
    ).id;
    await expect(
      caller.admin.access.contacts.verifyLink({
        contactId: id,
        studentId,
        relationship: 'Mother',
        evidence: 'birth_certificate',
        note: 'Seen at reception',
      }),
    ).rejects.toThrow('does not allow this person access');
    await expect(caller.admin.access.accounts.create({ contactId: id })).rejects.toThrow(
      /does not allow this person access|Confirm parental responsibility/,
    );
  });

  it('stays restored when the office restores access, until the system says otherwise again', async () => {
    await importRoster({ full: true });
    const parent = await verifiedParentWithAccount(parentOf(3));
    userRow(parentOf(3)).enabledUser = 'false';
    await importRoster({ full: true });
    expect(await childrenSeenBy(parent)).toBe('suspended');
    const id = await contactId(parentOf(3));

    // The office finds them in its queue, checks, and restores the access with a note.
    const caller = await callerFor(db, office);
    const queue = await caller.admin.imports.curtailments.list();
    const stop = queue.find((s) => s.contactId === id)!;
    expect(stop).toMatchObject({ studentId: null, reason: expect.stringMatching(/^not enabled/) });
    await expect(
      caller.admin.imports.curtailments.restore({ id: stop.id, note: ' ' }),
    ).rejects.toThrow('Say why access is restored');
    expect(await childrenSeenBy(parent)).toBe('suspended');
    await caller.admin.imports.curtailments.restore({ id: stop.id, note: 'Checked by phone' });
    expect(await childrenSeenBy(parent)).toHaveLength(1);
    expect((await caller.admin.imports.curtailments.list()).map((s) => s.id)).not.toContain(
      stop.id,
    );
    await expect(
      caller.admin.imports.curtailments.restore({ id: stop.id, note: 'Again' }),
    ).rejects.toThrow('already ended or been restored');
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'access.mis_curtailment_lifted')
      .execute();
    expect(audit).toEqual([
      {
        actor_user_id: office.userId,
        details: expect.objectContaining({ contact_id: id, note: 'Checked by phone' }),
      },
    ]);
    // The same export again does not undo the office's decision.
    await importRoster({ full: true });
    expect(await childrenSeenBy(parent)).toHaveLength(1);
  });
});

describe('a link the school’s system no longer backs', () => {
  it('stops access to that child when the parent becomes a relative, and gives it back when the role returns', async () => {
    await importRoster({ full: true });
    const parent = await verifiedParentWithAccount(parentOf(1, 2));
    expect(await childrenSeenBy(parent)).toHaveLength(1);

    roleRow(parentOf(1, 2)).role = 'relative';
    const preview = await importRoster({ full: true, apply: false });
    expect(preview.summary.notes.join('\n')).toContain(
      `(for ${studentOf(1, PREFIX).givenName} ${studentOf(1, PREFIX).familyName}): now a relative`,
    );
    await importRoster({ full: true });
    expect(await childrenSeenBy(parent)).toEqual([]);

    roleRow(parentOf(1, 2)).role = 'guardian';
    await importRoster({ full: true });
    expect(await childrenSeenBy(parent)).toHaveLength(1);
  });

  it('stops access to a child when a full export no longer links them, but not on a partial one', async () => {
    await importRoster({ full: true });
    const parent = await verifiedParentWithAccount(parentOf(2));
    const student = userRow(studentOf(2, PREFIX).sourcedId);
    const agents = student.agentSourcedIds ?? '';
    // Neither side names the other any more.
    student.agentSourcedIds = agents
      .split(',')
      .filter((a) => a !== parentOf(2))
      .join(',');
    userRow(parentOf(2)).agentSourcedIds = '';

    await importRoster({ full: false });
    expect(await childrenSeenBy(parent)).toHaveLength(1);
    await importRoster({ full: true });
    expect(await childrenSeenBy(parent)).toEqual([]);

    student.agentSourcedIds = agents;
    userRow(parentOf(2)).agentSourcedIds = studentOf(2, PREFIX).sourcedId;
    await importRoster({ full: true });
    expect(await childrenSeenBy(parent)).toHaveLength(1);
  });
});
