import { describe, it, expect, beforeAll } from 'vitest';
import { hashPassword, verifyPassword } from '@schoolgate/auth';
import type { Database } from '@schoolgate/db';
import { DEMO_ACCOUNTS, seedDemoSchool, type SeedDemoResult } from '@schoolgate/db/demo';
import { freshDatabase } from './support/database';

// A Tuesday in the 2026/27 academic year, so Year 7 were aged 11 on 1 September 2026.
const NOW = new Date('2026-11-17T09:30:00Z');
const TODAY = '2026-11-17';
const MONTH_AGO = '2026-10-18';
const TABLES = ['students', 'contacts', 'student_contacts', 'users', 'staff'] as const;

let db: Database;
let result: SeedDemoResult;
let links: Awaited<ReturnType<typeof loadLinks>>;
let roles: { staff_id: string; role: string }[];

const loadLinks = () =>
  db
    .selectFrom('student_contacts as sc')
    .innerJoin('students as s', 's.id', 'sc.student_id')
    .innerJoin('contacts as c', 'c.id', 'sc.contact_id')
    .select(['sc.student_id', 'sc.contact_id', 'sc.relationship', 'sc.status'])
    .select(['sc.parental_responsibility as pr', 'sc.verified_by_staff_id', 'sc.verified_at'])
    .select(['s.year_group', 's.surname', 's.leaving_date', 'c.address_line1', 'c.postcode'])
    .execute();
const onRoll = (row: { leaving_date: string | null }) =>
  !row.leaving_date || row.leaving_date > TODAY;
const count = async (table: (typeof TABLES)[number]) =>
  (await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
const userFor = (role: string) =>
  db.selectFrom('users').selectAll().where('username', '=', role).executeTakeFirstOrThrow();
const rolesOf = (staffId: string | null) =>
  roles.filter((r) => r.staff_id === staffId).map((r) => r.role);
// Whole years of age on a calendar date.
const ageOn = (dob: string, date: string) =>
  Number(date.slice(0, 4)) - Number(dob.slice(0, 4)) - (dob.slice(5) > date.slice(5) ? 1 : 0);

beforeAll(async () => {
  db = await freshDatabase();
  result = await seedDemoSchool(db, { now: NOW, hashPassword });
  links = await loadLinks();
  roles = await db.selectFrom('staff_roles').selectAll().execute();
});

describe('the demo school seed', () => {
  it('seeds Northfield Academy: 120+ students on roll in Years 7–11, 200+ contacts', async () => {
    expect(result).toMatchObject({ seeded: true, accounts: DEMO_ACCOUNTS });
    expect(result.students).toBe(await count('students'));
    expect(result.contacts).toBe(await count('contacts'));
    expect(result.contacts).toBeGreaterThanOrEqual(200);
    const settings = await db.selectFrom('school_settings').selectAll().executeTakeFirstOrThrow();
    expect(settings.school_name).toBe('Northfield Academy');

    const students = await db.selectFrom('students').selectAll().execute();
    const current = students.filter(onRoll);
    expect(current.length).toBeGreaterThanOrEqual(120);
    for (const s of current) {
      expect(s.year_group).toBeGreaterThanOrEqual(7);
      expect(s.year_group).toBeLessThanOrEqual(11);
      expect(s.form).toMatch(new RegExp(`^${s.year_group}[A-Z]$`));
      // The English rule: Year 7 are 11 on 1 September, Year 8 are 12, and so on.
      expect(ageOn(s.date_of_birth, '2026-09-01')).toBe(s.year_group + 4);
      expect(s.admission_date <= TODAY).toBe(true);
    }
    expect(new Set(current.map((s) => s.form)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(students.map((s) => s.upn)).size).toBe(students.length);
  });

  it('links the demo parent to exactly two siblings on roll, in different years', async () => {
    const { contact_id } = await userFor('demo.parent');
    const mine = links.filter((l) => l.contact_id === contact_id);
    expect(mine).toHaveLength(2);
    expect(mine.every((l) => l.status === 'verified' && l.pr && onRoll(l))).toBe(true);
    expect(new Set(mine.map((l) => l.year_group)).size).toBe(2);
    expect(new Set(mine.map((l) => l.surname)).size).toBe(1);
    expect(mine.map((l) => l.student_id)).toContain((await userFor('demo.student')).student_id);

    // Both children: the other parent (verified, same home, no account) and a step-parent
    // without PR.
    const others = mine.map((m) => links.filter((l) => l.student_id === m.student_id));
    const otherParent = others[0]?.find(
      (l) => l.contact_id !== contact_id && l.status === 'verified',
    );
    expect(otherParent?.address_line1).toBe(mine[0]?.address_line1);
    const users = await db.selectFrom('users').select('contact_id').execute();
    expect(users.map((u) => u.contact_id)).not.toContain(otherParent?.contact_id);
    for (const family of others) {
      expect(family.map((l) => l.contact_id)).toContain(otherParent?.contact_id);
      const step = family.find((l) => l.relationship.startsWith('Step-'));
      expect(step).toMatchObject({ pr: false, status: 'unverified' });
    }
  });

  it('has the family shapes the policies are about', () => {
    const verified = links.filter((l) => l.status === 'verified');
    expect(verified.length).toBeGreaterThan(links.length / 2);
    // P3: some PR still to be checked; verified links by the office manager or admin, in the past.
    expect(links.some((l) => l.pr && l.status === 'unverified')).toBe(true);
    for (const l of verified) {
      expect(l.verified_at && l.verified_at < NOW).toBe(true);
      expect(['office', 'admin']).toContain(rolesOf(l.verified_by_staff_id)[0]);
    }

    // Separated parents: two verified PR contacts of one student at different addresses.
    const home = (l: (typeof links)[number]) => `${l.address_line1} ${l.postcode}`;
    const separated = verified.some((a) =>
      verified.some((b) => a.student_id === b.student_id && home(a) !== home(b)),
    );
    expect(separated).toBe(true);

    // A sibling group across three year groups.
    const yearsOf = (contactId: string) =>
      new Set(links.filter((l) => l.contact_id === contactId).map((l) => l.year_group));
    expect(links.some((l) => yearsOf(l.contact_id).size >= 3)).toBe(true);

    // P1: a leaver (left a month or more ago) whose verified parent has no child on roll.
    const leftOnly = verified.filter(
      (l) =>
        l.leaving_date !== null &&
        l.leaving_date <= MONTH_AGO &&
        !links.some((o) => o.contact_id === l.contact_id && onRoll(o)),
    );
    expect(leftOnly.length).toBeGreaterThan(0);
  });

  it('creates the seven demo accounts, each signing in with its published password', async () => {
    const users = await db.selectFrom('users').selectAll().execute();
    const usernames = DEMO_ACCOUNTS.map((a) => a.username);
    expect(users.map((u) => u.username).sort()).toEqual(usernames.sort());
    for (const account of DEMO_ACCOUNTS) {
      const user = await userFor(account.username);
      expect(user).toMatchObject({ status: 'active', email: account.email });
      expect(await verifyPassword(user.password_hash, account.password)).toBe(true);
      expect(JSON.stringify(users)).not.toContain(account.password);
      if (user.staff_id) expect(rolesOf(user.staff_id)).toEqual([account.role]);
      // P11: no part (3+ letters) of the person's name is in the password.
      for (const part of account.name.split(/\s+/).filter((p) => p.length >= 3)) {
        expect(account.password.toLowerCase()).not.toContain(part.toLowerCase());
      }
    }
  });

  it('publishes one policy version, in force today, published by the admin, accepted by nobody', async () => {
    const versions = await db.selectFrom('policy_versions').selectAll().execute();
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      title: 'Parent Portal Acceptable Usage Policy',
      effective_date: TODAY,
      published_by_user_id: (await userFor('demo.admin')).id,
    });
    expect(versions[0]?.body_markdown).toContain('## Passwords');
    const acceptances = await db.selectFrom('policy_acceptances').select('user_id').execute();
    expect(acceptances).toEqual([]);
  });

  it('does nothing when run again', async () => {
    const counts = () => Promise.all(TABLES.map(count));
    const before = await counts();
    const again = await seedDemoSchool(db, { now: NOW, hashPassword });
    expect(again).toMatchObject({ seeded: false, students: 0, contacts: 0 });
    expect(again.accounts).toEqual(DEMO_ACCOUNTS);
    expect(await counts()).toEqual(before);
  });
});
