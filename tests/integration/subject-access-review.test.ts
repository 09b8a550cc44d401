import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  callerFor,
  link,
  linkIdOf,
  newParent,
  newStaff,
  newStudent,
  type TestUser,
} from './support/factories';
import { pdfText } from './support/pdf-text';

// Issue 10 item 14: a subject-access export about a child does not release the audit entries of
// a court-order restriction; it lists them apart, marked "review before release", for the data
// protection officer. Entries about other restrictions stay in the audit trail.

const LATER = new Date(TEST_NOW.getTime() + 60 * 60 * 1000);

let db: Database;
let office: TestUser;
let child: string;
let courtOrderId: string;

interface TrailEntry {
  action: string;
  who: string;
  details: Record<string, unknown>;
}
type Json = Record<string, unknown> & {
  notes: string[];
  contents: { key: string }[];
  auditTrail: TrailEntry[];
  reviewBeforeRelease?: {
    notForRelease: boolean;
    instruction: string;
    entries: (TrailEntry & { heldBackBecause: string })[];
  };
};

async function exportOf(kind: 'student' | 'contact', id: string, format: 'json' | 'pdf') {
  const caller = await callerFor(db, office, { now: LATER });
  const file =
    kind === 'student'
      ? await caller.admin.informationRequests.exportStudent({ studentId: id, format })
      : await caller.admin.informationRequests.exportContact({ contactId: id, format });
  return Buffer.from(file.base64, 'base64');
}

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
  child = (await newStudent(db)).studentId;
  const mother = await newParent(db);
  const father = await newParent(db);
  await link(db, mother.contactId, child);
  await link(db, father.contactId, child);

  // The mother looks at the attendance; the office records a court order on the father's link,
  // later lifts it, and revokes the mother's link for a breach of the policy.
  await (await callerFor(db, mother)).attendance.forStudent({ studentId: child });
  const asOffice = await callerFor(db, office);
  const order = await asOffice.admin.restrictions.create({
    target: { kind: 'link', id: await linkIdOf(db, father.contactId, child) },
    reason: 'court_order',
    courtOrderType: 'prohibited_steps',
    courtOrderDate: '2026-11-02',
    courtOrderScope: 'No collection from school.',
    courtOrderReference: 'FAM-REF-1',
    note: 'Copy of the order on file.',
  });
  courtOrderId = order.id;
  await asOffice.admin.restrictions.lift({ id: order.id, note: 'Order discharged.' });
  await asOffice.admin.restrictions.create({
    target: { kind: 'link', id: await linkIdOf(db, mother.contactId, child) },
    reason: 'policy_breach',
    note: 'Shared her password.',
  });
});

describe('the JSON export about a child', () => {
  let data: Json;
  beforeAll(async () => {
    data = JSON.parse((await exportOf('student', child, 'json')).toString('utf8')) as Json;
  });

  it('leaves every entry of the court-order restriction out of the audit trail', () => {
    expect(data.auditTrail.filter((e) => e.details.restriction_id === courtOrderId)).toEqual([]);
    expect(JSON.stringify(data.auditTrail)).not.toContain('court_order');
    // Entries about other restrictions, and views, are released as before.
    const actions = data.auditTrail.map((e) => [e.action, e.details.reason ?? null]);
    expect(actions).toContainEqual(['access.revoked', 'policy_breach']);
    expect(actions).toContainEqual(['view.attendance', null]);
  });

  it('lists them in a "review before release" section marked not for release', () => {
    const review = data.reviewBeforeRelease;
    expect(review?.notForRelease).toBe(true);
    expect(review?.instruction).toMatch(/^Not for release\. For the data protection officer/);
    expect(review?.entries.map((e) => e.action).sort()).toEqual([
      'access.reinstated',
      'access.revoked',
    ]);
    expect(review?.entries.every((e) => e.details.restriction_id === courtOrderId)).toBe(true);
    expect(review?.entries[0]?.heldBackBecause).toBe(
      'Court order restriction (Prohibited steps order)',
    );
    expect(data.contents.map((c) => c.key)).not.toContain('reviewBeforeRelease');
    expect(data.notes.some((n) => n.includes('Review before release'))).toBe(true);
  });
});

describe('the PDF export about a child', () => {
  let text: string;
  beforeAll(async () => {
    text = pdfText(await exportOf('student', child, 'pdf'));
  });

  it('prints the review section first, and nothing of the court order in the audit trail', () => {
    // The last match of each heading is the section itself, after the contents (a list whose
    // numbers are its items' labels).
    expect(text).toContain('1.\nReview before release (not for release) – 2 entries');
    const review = text.lastIndexOf('1. Review before release (not for release)');
    const personal = text.lastIndexOf('2. Personal data');
    expect(review).toBeGreaterThan(0);
    expect(personal).toBeGreaterThan(review);
    const held = text.slice(review, personal);
    expect(held).toContain('Not for release.');
    expect(held).toContain('Revoked access');
    expect(held).toContain('Reinstated access');
    const trail = text.slice(text.lastIndexOf('. Audit trail'));
    expect(trail).toContain('policy_breach');
    expect(trail).not.toContain('court_order');
    expect(trail).not.toContain('prohibited_steps');
  });
});

describe('the export about a parent or carer', () => {
  it('has no review section: the restriction is about them', async () => {
    const contact = await db
      .selectFrom('student_contacts as l')
      .select('l.contact_id')
      .innerJoin('access_restrictions as r', 'r.link_id', 'l.id')
      .where('r.id', '=', courtOrderId)
      .executeTakeFirstOrThrow();
    const data = JSON.parse(
      (await exportOf('contact', contact.contact_id, 'json')).toString('utf8'),
    ) as Json;
    expect(data.reviewBeforeRelease).toBeUndefined();
    expect(data.auditTrail.map((e) => e.action)).toContain('access.revoked');
  });
});
