import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@schoolgate/auth';
import type { Database } from '@schoolgate/db';
import { DEMO_ACCOUNTS, seedDemoSchool } from '@schoolgate/db/demo';
import { freshDatabase } from './support/database';
import {
  anonymousCaller,
  callerFor,
  callerWithToken,
  newParent,
  newStaff,
  recordingCookieJar,
  type TestUser,
} from './support/factories';
import { pdfInfo, pdfText } from './support/pdf-text';
import { refusalOf } from './support/refusal';

// A Tuesday in the demo school's autumn term.
const NOW = new Date('2026-11-17T09:30:00Z');
const LATER = new Date('2026-11-17T11:00:00Z');
// Distinctive words that must never leave the DSL's records.
const HOLD_REASON = 'Concern ZEBRAQUOKKA7731 disclosed to tutor; strategy meeting booked.';
const HOLD_WORD = 'ZEBRAQUOKKA7731';
const COURT_REFERENCE = 'FAMCOURT-REF-558812';
const RESTRICTION_NOTE = 'Order seen by NOTEWORDPELICAN at reception.';

let db: Database;
let office: TestUser;
let admin: TestUser;
let daniel: string;
let nadia: { contactId: string; userId: string };

const account = (role: string) => {
  const found = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!found) throw new Error(`no demo ${role}`);
  return found;
};

/** Signs in through the front door, as a person would, and accepts the policy. */
async function signInAs(role: 'parent' | 'student', now = NOW) {
  const { username, password } = account(role);
  const cookies = recordingCookieJar();
  const anonymous = await anonymousCaller(db, { now, cookies, ip: '198.51.100.7' });
  await anonymous.auth.signIn({ identifier: username, password, sharedDevice: false });
  const first = await callerWithToken(db, cookies.token, { now, ip: '198.51.100.7' });
  const policy = await first.policy.current();
  if (policy) await first.policy.accept({ versionId: policy.id });
  // The next request sees the acceptance.
  return callerWithToken(db, cookies.token, { now, ip: '198.51.100.7' });
}

/** Staff made for the test, having accepted the demo school's policy already. */
async function staffWith(roles: Parameters<typeof newStaff>[1]) {
  const staff = await newStaff(db, roles);
  await acceptPolicies(staff.userId);
  return staff;
}

async function acceptPolicies(userId: string) {
  const versions = await db.selectFrom('policy_versions').select('id').execute();
  await db
    .insertInto('policy_acceptances')
    .values(versions.map((v) => ({ user_id: userId, policy_version_id: v.id, accepted_at: NOW })))
    .execute();
}

type Json = Record<string, unknown> & {
  subject: { kind: string; id: string; name: string };
  notes: string[];
  contents: { key: string; entries: number }[];
};

async function exportOf(kind: 'student' | 'contact', id: string, format: 'json' | 'pdf') {
  const caller = await callerFor(db, office, { now: LATER });
  const file =
    kind === 'student'
      ? await caller.admin.informationRequests.exportStudent({ studentId: id, format })
      : await caller.admin.informationRequests.exportContact({ contactId: id, format });
  return { ...file, bytes: Buffer.from(file.base64, 'base64') };
}

beforeAll(async () => {
  db = await freshDatabase();
  await seedDemoSchool(db, { now: NOW, hashPassword });
  office = await staffWith(['office']);
  admin = await staffWith(['admin']);
  const student = await db
    .selectFrom('users')
    .select('student_id')
    .where('username', '=', 'demo.student')
    .executeTakeFirstOrThrow();
  const parent = await db
    .selectFrom('users')
    .select(['id', 'contact_id'])
    .where('username', '=', 'demo.parent')
    .executeTakeFirstOrThrow();
  daniel = student.student_id!;
  nadia = { contactId: parent.contact_id!, userId: parent.id };

  // The demo parent signs in, looks at Daniel's attendance, opens a notice and reports a problem.
  const parentCaller = await signInAs('parent');
  const attendance = await parentCaller.attendance.forStudent({ studentId: daniel });
  expect(attendance.student.displayName).toBe('Daniel Okafor');
  const notices = await parentCaller.notices.list();
  await parentCaller.notices.get({ noticeId: notices.notices[0]!.id });
  const mark = await db
    .selectFrom('attendance_marks')
    .select('id')
    .where('student_id', '=', daniel)
    .orderBy('on_date', 'desc')
    .executeTakeFirstOrThrow();
  await parentCaller.changeRequests.reportError({
    studentId: daniel,
    recordType: 'attendance_mark',
    recordId: mark.id,
    message: 'Daniel was at the dentist that morning; we sent a letter.',
  });

  // Daniel signs in with his own account and reads a notice.
  const danielCaller = await signInAs('student');
  const forDaniel = await danielCaller.notices.list();
  await danielCaller.notices.get({ noticeId: forDaniel.notices[0]!.id });

  // The office records a court order on Nadia's link to Daniel (after her views).
  const link = await db
    .selectFrom('student_contacts')
    .select('id')
    .where('student_id', '=', daniel)
    .where('contact_id', '=', nadia.contactId)
    .executeTakeFirstOrThrow();
  const officeCaller = await callerFor(db, office, { now: NOW });
  await officeCaller.admin.restrictions.create({
    target: { kind: 'link', id: link.id },
    reason: 'court_order',
    courtOrderType: 'prohibited_steps',
    courtOrderDate: '2026-11-02',
    courtOrderScope: 'No collection from school without the other parent’s written consent.',
    courtOrderReference: COURT_REFERENCE,
    note: RESTRICTION_NOTE,
  });

  // The DSL places a child-protection hold with a reason only DSLs and admins may read.
  const dsl = await staffWith(['dsl']);
  await (
    await callerFor(db, dsl, { now: NOW })
  ).safeguarding.holds.place({ studentId: daniel, reason: HOLD_REASON, scope: 'all_access' });
}, 120_000);

describe('the subject-access export of a demo student', () => {
  let data: Json;
  let text: string;

  beforeAll(async () => {
    const file = await exportOf('student', daniel, 'json');
    expect(file.contentType).toBe('application/json; charset=utf-8');
    expect(file.fileName).toBe('subject-access-daniel-okafor-2026-11-17.json');
    text = file.bytes.toString('utf8');
    data = JSON.parse(text) as Json;
  });

  it('names the school, the student and when it was made', () => {
    expect(data.subject).toEqual({ kind: 'student', id: daniel, name: 'Daniel Okafor' });
    expect(data.school).toMatchObject({ name: 'Northfield Academy' });
    expect(data.generatedAt).toBe(LATER.toISOString());
  });

  it('holds every kind of record the school keeps about him', () => {
    const sections = [
      'parentsAndCarers',
      'accessRestrictions',
      'attendance',
      'behaviour',
      'reports',
      'noticesRead',
      'changeRequests',
      'signInHistory',
      'sessions',
      'policyAcceptances',
      'auditTrail',
    ];
    for (const key of sections) {
      expect(data[key], key).toBeInstanceOf(Array);
      expect((data[key] as unknown[]).length, key).toBeGreaterThan(0);
      expect(data.contents.find((c) => c.key === key)?.entries, key).toBe(
        (data[key] as unknown[]).length,
      );
    }
    expect(data.personalData).toMatchObject({
      id: daniel,
      forename: 'Daniel',
      surname: 'Okafor',
      yearGroup: 10,
    });
    expect(data.account).toMatchObject({ username: 'demo.student', status: 'active' });
  });

  it('shows each parent link with its parental-responsibility verification record', () => {
    const links = data.parentsAndCarers as {
      name: string;
      verification: { evidence: string; verifiedBy: string; verifiedAt: string } | null;
    }[];
    const mother = links.find((l) => l.name.includes('Nadia Okafor'));
    expect(mother?.verification?.evidence).toBeTruthy();
    expect(mother?.verification?.verifiedBy).toBeTruthy();
    expect(mother?.verification?.verifiedAt).toBeTruthy();
  });

  it('has the records themselves: attendance, behaviour, published reports, the change request', () => {
    const marks = data.attendance as { code: string; meaning: string }[];
    expect(marks.every((m) => m.meaning.length > 0)).toBe(true);
    const reports = data.reports as { cycle: string; subjects: unknown[] }[];
    expect(reports.map((r) => r.cycle)).toEqual(['Year 10 Autumn']);
    expect(reports[0]!.subjects.length).toBeGreaterThan(0);
    const requests = data.changeRequests as { message: string; requestedBy: string }[];
    expect(requests[0]).toMatchObject({
      message: 'Daniel was at the dentist that morning; we sent a letter.',
      requestedBy: 'Nadia Okafor',
    });
    const noticesRead = data.noticesRead as { title: string }[];
    expect(noticesRead.length).toBeGreaterThan(0);
  });

  it('has his sign-ins, sessions and policy acceptance, with no secrets', () => {
    const signIns = data.signInHistory as { action: string; ip: string | null }[];
    expect(signIns).toContainEqual(
      expect.objectContaining({ action: 'auth.sign_in.succeeded', ip: '198.51.100.7' }),
    );
    const sessions = data.sessions as { ip: string; startedAt: string }[];
    expect(sessions[0]).toMatchObject({ ip: '198.51.100.7' });
    expect(text).not.toMatch(/password_hash|\$argon2|"token"|secret"/i);
  });

  it('has the audit trail: his mother’s view of his attendance, without her address', () => {
    const trail = data.auditTrail as {
      action: string;
      who: string;
      ip: string | null;
    }[];
    const view = trail.find((e) => e.action === 'view.attendance');
    expect(view).toMatchObject({ who: 'Nadia Okafor (parent or carer)', ip: null });
    expect(trail.some((e) => e.action === 'auth.sign_in.succeeded' && e.ip)).toBe(true);
  });

  it('gives the court order’s type, date and scope but not its reference or the staff note', () => {
    const restrictions = data.accessRestrictions as {
      reason: string;
      courtOrder: { type: string; date: string; scope: string };
    }[];
    expect(restrictions[0]).toMatchObject({
      reason: 'Court order',
      courtOrder: { type: 'Prohibited steps order', date: '2026-11-02' },
    });
    expect(text).not.toContain(COURT_REFERENCE);
    expect(text).not.toContain('NOTEWORDPELICAN');
  });

  it('contains no child-protection reason or record, and says where they are held', () => {
    expect(text).not.toContain(HOLD_WORD);
    expect(text).not.toContain('safeguarding.');
    expect(data.notes).toContain(
      'Child-protection records are held separately by the designated safeguarding lead and are not part of this export.',
    );
  });

  it('says that unpublished report drafts are left out', () => {
    expect(data.notes.some((n) => n.startsWith('Only published progress reports'))).toBe(true);
  });
});

describe('the PDF', () => {
  let bytes: Buffer;
  let text: string;

  beforeAll(async () => {
    const file = await exportOf('student', daniel, 'pdf');
    expect(file.contentType).toBe('application/pdf');
    expect(file.fileName).toBe('subject-access-daniel-okafor-2026-11-17.pdf');
    bytes = file.bytes;
    text = pdfText(bytes);
  });

  it('opens: a PDF from header to end-of-file marker', () => {
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pdfInfo(bytes, 'Title')).toBe('Information held about Daniel Okafor');
  });

  it('shows the school, the student, the sections and page numbers', () => {
    expect(text).toContain('Northfield Academy');
    expect(text).toContain('Daniel Okafor');
    for (const heading of ['Attendance', 'Behaviour', 'Progress reports', 'Audit trail']) {
      expect(text).toMatch(new RegExp(`\\d+\\. ${heading}`));
    }
    expect(text).toMatch(/Page 1 of \d+/);
    expect(text).toContain('Child-protection records are held separately');
  });

  it('never prints the hold reason, the court reference or the staff note', () => {
    expect(text).not.toContain(HOLD_WORD);
    expect(text).not.toContain(COURT_REFERENCE);
    expect(text).not.toContain('NOTEWORDPELICAN');
  });
});

describe('the subject-access export of a demo parent', () => {
  let data: Json;

  beforeAll(async () => {
    const file = await exportOf('contact', nadia.contactId, 'json');
    data = JSON.parse(file.bytes.toString('utf8')) as Json;
  });

  it('holds her contact record, children, restrictions, account and what she did', () => {
    expect(data.subject).toMatchObject({ kind: 'contact', name: 'Mrs Nadia Okafor' });
    expect(data.personalData).toMatchObject({ forename: 'Nadia', surname: 'Okafor' });
    expect(data.account).toMatchObject({ username: 'demo.parent' });
    for (const key of [
      'children',
      'accessRestrictions',
      'signInHistory',
      'sessions',
      'noticesRead',
      'changeRequests',
      'policyAcceptances',
      'auditTrail',
    ]) {
      expect((data[key] as unknown[]).length, key).toBeGreaterThan(0);
    }
    const children = data.children as { student: string; verification: unknown }[];
    expect(children.map((c) => c.student).sort()).toEqual(['Amara Okafor', 'Daniel Okafor']);
    expect(children.every((c) => c.verification !== null)).toBe(true);
  });

  it('gives her own IP addresses in her audit trail, and staff names without theirs', () => {
    const trail = data.auditTrail as { action: string; who: string; ip: string | null }[];
    expect(trail).toContainEqual(
      expect.objectContaining({
        action: 'view.attendance',
        who: 'This person’s own account',
        ip: '198.51.100.7',
      }),
    );
    const revoked = trail.find((e) => e.action === 'access.revoked');
    expect(revoked?.who).toMatch(/\(school staff\)$/);
    expect(revoked?.ip).toBeNull();
  });

  it('has no child-protection details either', () => {
    const text = JSON.stringify(data);
    expect(text).not.toContain(HOLD_WORD);
    expect(text).not.toContain('safeguarding.');
  });

  it('prints as a PDF with her name', async () => {
    const file = await exportOf('contact', nadia.contactId, 'pdf');
    expect(file.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(file.bytes)).toContain('Mrs Nadia Okafor');
  });
});

describe('recording and refusing exports', () => {
  it('records each export with the subject and the format', async () => {
    const before = new Date(LATER.getTime() - 1);
    const entries = await db
      .selectFrom('audit_log')
      .select(['student_id', 'target_user_id', 'details', 'actor_user_id'])
      .where('action', '=', 'export.subject_access')
      .where('at', '>', before)
      .execute();
    const details = entries.map((e) => e.details as Record<string, unknown>);
    expect(details).toContainEqual({ subject: 'student', student_id: daniel, format: 'json' });
    expect(details).toContainEqual({ subject: 'student', student_id: daniel, format: 'pdf' });
    expect(details).toContainEqual({
      subject: 'contact',
      contact_id: nadia.contactId,
      format: 'json',
    });
    expect(entries.every((e) => e.actor_user_id === office.userId)).toBe(true);
    expect(entries.filter((e) => e.student_id === daniel)).toHaveLength(2);
    expect(entries.filter((e) => e.target_user_id === nadia.userId)).toHaveLength(2);
  });

  it('lets an administrator export too', async () => {
    const caller = await callerFor(db, admin, { now: LATER });
    const file = await caller.admin.informationRequests.exportStudent({
      studentId: daniel,
      format: 'json',
    });
    expect(file.fileName).toMatch(/\.json$/);
  });

  it('refuses teachers, DSLs, governors and parents', async () => {
    for (const roles of [['teacher'], ['dsl'], ['governor']] as const) {
      const staff = await staffWith([...roles]);
      const caller = await callerFor(db, staff, { now: LATER });
      const refused = await refusalOf(
        caller.admin.informationRequests.exportStudent({ studentId: daniel, format: 'pdf' }),
      );
      expect(refused.code, roles[0]).toBe('FORBIDDEN');
    }
    const parent = await newParent(db);
    await acceptPolicies(parent.userId);
    const parentCaller = await callerFor(db, parent, { now: LATER });
    expect(
      (
        await refusalOf(
          parentCaller.admin.informationRequests.exportContact({
            contactId: parent.contactId,
            format: 'json',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('says "not found" for a student or contact that does not exist', async () => {
    const caller = await callerFor(db, office, { now: LATER });
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(
      (
        await refusalOf(
          caller.admin.informationRequests.exportStudent({ studentId: missing, format: 'json' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await refusalOf(
          caller.admin.informationRequests.exportContact({ contactId: missing, format: 'pdf' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });
});

describe('a large audit trail', () => {
  it('prints thousands of audit entries over many pages without failing', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      at: new Date(NOW.getTime() - i * 60_000),
      action: 'view.attendance',
      actor_user_id: nadia.userId,
      student_id: daniel,
      ip: '198.51.100.9',
      user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0 Safari/537.36',
      details: JSON.stringify({ view: 'attendance', n: i }),
    }));
    for (let i = 0; i < rows.length; i += 1000) {
      await db
        .insertInto('audit_log')
        .values(rows.slice(i, i + 1000))
        .execute();
    }
    const file = await exportOf('student', daniel, 'pdf');
    const text = pdfText(file.bytes);
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(40);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(file.bytes.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
  }, 120_000);
});

describe('the request log', () => {
  let ids: { sar: string; record: string; parentSar: string };

  beforeAll(async () => {
    const caller = await callerFor(db, office, { now: LATER });
    const sar = await caller.admin.informationRequests.create({
      kind: 'subject_access',
      studentId: daniel,
      requester: 'Mrs Nadia Okafor, mother',
      receivedOn: '2026-10-31',
    });
    const record = await caller.admin.informationRequests.create({
      kind: 'educational_record',
      studentId: daniel,
      requester: 'Mr Emeka Okafor, father',
      receivedOn: '2026-10-15',
      note: 'Asked in a letter to the head.',
    });
    const parentSar = await caller.admin.informationRequests.create({
      kind: 'subject_access',
      contactId: nadia.contactId,
      requester: 'Mrs Nadia Okafor',
      receivedOn: '2026-11-17',
    });
    // One calendar month: 31 October is due on 30 November, November has no 31st.
    expect(sar).toMatchObject({ dueOn: '2026-11-30', beyondCalendar: false });
    // 15 school days, skipping the autumn half-term (26-30 October).
    expect(record).toMatchObject({ dueOn: '2026-11-12', beyondCalendar: false });
    expect(parentSar.dueOn).toBe('2026-12-17');
    ids = { sar: sar.id, record: record.id, parentSar: parentSar.id };
  });

  it('lists open requests soonest due first, saying how long is left', async () => {
    const caller = await callerFor(db, office, { now: LATER });
    const log = await caller.admin.informationRequests.list({ status: 'open' });
    expect(log.today).toBe('2026-11-17');
    expect(log.open).toBe(3);
    expect(log.overdue).toBe(1);
    expect(
      log.requests.map((r) => [r.id, r.kindLabel, r.subject.name, r.dueOn, r.dueLabel]),
    ).toEqual([
      [
        ids.record,
        'Educational record request',
        'Daniel Okafor',
        '2026-11-12',
        'Overdue by 5 days',
      ],
      [ids.sar, 'Subject access request', 'Daniel Okafor', '2026-11-30', 'Due in 13 days'],
      [ids.parentSar, 'Subject access request', 'Mrs Nadia Okafor', '2026-12-17', 'Due in 30 days'],
    ]);
    expect(log.requests[0]).toMatchObject({
      requester: 'Mr Emeka Okafor, father',
      note: 'Asked in a letter to the head.',
      overdue: true,
      status: 'open',
    });
  });

  it('marks requests completed or withdrawn, once, and lists them after the open ones', async () => {
    const caller = await callerFor(db, office, { now: LATER });
    await caller.admin.informationRequests.complete({ id: ids.record });
    await caller.admin.informationRequests.withdraw({
      id: ids.parentSar,
      note: 'Withdrawn by phone.',
    });
    const again = await refusalOf(caller.admin.informationRequests.complete({ id: ids.record }));
    expect(again).toMatchObject({
      code: 'CONFLICT',
      message: 'That request is already completed.',
    });
    const log = await caller.admin.informationRequests.list({ status: 'all' });
    expect(log.requests.map((r) => [r.id, r.status, r.dueLabel])).toEqual([
      [ids.sar, 'open', 'Due in 13 days'],
      [ids.parentSar, 'withdrawn', null],
      [ids.record, 'completed', null],
    ]);
    expect(log.requests.find((r) => r.id === ids.record)?.completedAt).toEqual(LATER);
    expect(log.requests.find((r) => r.id === ids.parentSar)?.note).toBe('Withdrawn by phone.');
    const open = await caller.admin.informationRequests.list({ status: 'open' });
    expect(open.requests.map((r) => r.id)).toEqual([ids.sar]);
  });

  it('records logging and closing requests in the audit log', async () => {
    const entries = await db
      .selectFrom('audit_log')
      .select(['action', 'student_id', 'details'])
      .where('action', 'like', 'information_request.%')
      .execute();
    expect(entries.map((e) => e.action).sort()).toEqual([
      'information_request.completed',
      'information_request.logged',
      'information_request.logged',
      'information_request.logged',
      'information_request.withdrawn',
    ]);
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'information_request.logged',
        student_id: daniel,
        details: expect.objectContaining({
          request_id: ids.sar,
          kind: 'subject_access',
          due_on: '2026-11-30',
        }),
      }),
    );
  });

  it('refuses a date in the future, a missing or doubled subject, and unknown people', async () => {
    const caller = await callerFor(db, office, { now: LATER });
    const base = { kind: 'subject_access' as const, requester: 'Someone' };
    const future = await refusalOf(
      caller.admin.informationRequests.create({
        ...base,
        studentId: daniel,
        receivedOn: '2026-11-18',
      }),
    );
    expect(future.code).toBe('BAD_REQUEST');
    expect(future.fieldErrors?.receivedOn).toEqual(['The date received cannot be in the future.']);
    const unreal = await refusalOf(
      caller.admin.informationRequests.create({
        ...base,
        studentId: daniel,
        receivedOn: '2026-02-30',
      }),
    );
    expect(unreal.fieldErrors?.receivedOn?.[0]).toMatch(/real date/);
    const neither = await refusalOf(
      caller.admin.informationRequests.create({ ...base, receivedOn: '2026-11-17' }),
    );
    expect(neither.fieldErrors?.subject).toEqual([
      'Choose the student or the parent or carer the request is about.',
    ]);
    const both = await refusalOf(
      caller.admin.informationRequests.create({
        ...base,
        studentId: daniel,
        contactId: nadia.contactId,
        receivedOn: '2026-11-17',
      }),
    );
    expect(both.code).toBe('BAD_REQUEST');
    const unknown = await refusalOf(
      caller.admin.informationRequests.create({
        ...base,
        studentId: '00000000-0000-4000-8000-000000000000',
        receivedOn: '2026-11-17',
      }),
    );
    expect(unknown.code).toBe('NOT_FOUND');
  });

  it('finds whom a request is about by name, email or id', async () => {
    const caller = await callerFor(db, office, { now: LATER });
    const byName = await caller.admin.informationRequests.findSubjects({
      search: 'Daniel Okafor',
    });
    expect(byName.students.map((s) => s.name)).toEqual(['Daniel Okafor']);
    const bySurname = await caller.admin.informationRequests.findSubjects({ search: 'okafor' });
    expect(bySurname.contacts.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Mrs Nadia Okafor']),
    );
    const byId = await caller.admin.informationRequests.findSubjects({
      contactId: nadia.contactId,
    });
    expect(byId).toMatchObject({ students: [], contacts: [{ name: 'Mrs Nadia Okafor' }] });
  });

  it('is for the office and administrators only', async () => {
    for (const roles of [['teacher'], ['dsl'], ['governor']] as const) {
      const staff = await staffWith([...roles]);
      const caller = await callerFor(db, staff, { now: LATER });
      expect((await refusalOf(caller.admin.informationRequests.list({}))).code).toBe('FORBIDDEN');
      expect(
        (
          await refusalOf(
            caller.admin.informationRequests.create({
              kind: 'subject_access',
              studentId: daniel,
              requester: 'x',
              receivedOn: '2026-11-17',
            }),
          )
        ).code,
      ).toBe('FORBIDDEN');
    }
    const asAdmin = await callerFor(db, admin, { now: LATER });
    expect((await asAdmin.admin.informationRequests.list({})).requests.length).toBe(3);
  });
});
