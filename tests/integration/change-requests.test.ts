import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import {
  addBehaviour,
  addLessonFor,
  addMark,
  addReport,
  auditEntries,
  countRequests,
  setContactDetails,
  storedRequest,
} from './support/change-requests-data';
import { freshDatabase } from './support/database';
import {
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  TEST_NOW,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';

let db: Database;
let parent: TestUser & { contactId: string };
let otherParent: TestUser & { contactId: string };
let office: TestUser & { staffId: string };
let older: string;
let younger: string;
let otherFamily: string;

const DAY = 24 * 3600_000;

beforeAll(async () => {
  db = await freshDatabase();
  parent = await newParent(db);
  otherParent = await newParent(db);
  office = await newStaff(db, ['office']);
  older = (await newStudent(db, { yearGroup: 10 })).studentId;
  younger = (await newStudent(db, { yearGroup: 8 })).studentId;
  otherFamily = (await newStudent(db, { yearGroup: 10 })).studentId;
  await link(db, parent.contactId, older);
  await link(db, parent.contactId, younger);
  await link(db, otherParent.contactId, otherFamily);
});

const asParent = () => callerFor(db, parent);
const asOffice = () => callerFor(db, office);

async function outboxTo(address: string) {
  return db
    .selectFrom('email_outbox')
    .select(['subject', 'text_body', 'kind'])
    .where('to_address', '=', address)
    .orderBy('created_at')
    .execute();
}

describe('describing a record for the "Report a problem" form', () => {
  it('describes the child’s attendance mark in words, with when it was last updated', async () => {
    const markId = await addMark(db, older, { onDate: '2026-11-16', session: 'AM', code: 'N' });
    const view = await (
      await asParent()
    ).changeRequests.describeRecord({
      studentId: older,
      recordType: 'attendance_mark',
      recordId: markId,
    });
    expect(view.record.summary).toBe(
      'Attendance, Monday 16 November 2026, morning: N — absent: reason not yet provided',
    );
    expect(view.record.updatedAt).toBeInstanceOf(Date);
    expect(view.student.id).toBe(older);
  });

  it('describes a behaviour entry, a lesson the child is in and a published report', async () => {
    const caller = await asParent();
    const eventId = await addBehaviour(db, older, {
      category: 'Homework',
      description: 'Homework not done',
      points: -1,
      occurredOn: '2026-11-12',
    });
    const lessonId = await addLessonFor(db, [older]);
    const reportId = await addReport(db, older, { cycleName: 'Year 10 Autumn' });
    const describe = (recordType: 'behaviour_event' | 'lesson' | 'report', recordId: string) =>
      caller.changeRequests
        .describeRecord({ studentId: older, recordType, recordId })
        .then((v) => v.record.summary);
    expect(await describe('behaviour_event', eventId)).toBe(
      'Behaviour (negative), Thursday 12 November 2026: Homework: Homework not done (−1)',
    );
    expect(await describe('lesson', lessonId)).toBe(
      'Timetable: Maths, Monday Period 2, room M4, Mr Smith',
    );
    expect(await describe('report', reportId)).toBe('Report: Year 10 Autumn');
    const lesson = await caller.changeRequests.describeRecord({
      studentId: older,
      recordType: 'lesson',
      recordId: lessonId,
    });
    expect(lesson.record.updatedAt).toBeInstanceOf(Date);
  });

  it('says "not found" for a lesson the child is not in and a report not yet published', async () => {
    const caller = await asParent();
    const notTheirLesson = await addLessonFor(db, [younger]);
    const draft = await addReport(db, older, { cycleName: 'Draft', published: false });
    for (const [recordType, recordId] of [
      ['lesson', notTheirLesson],
      ['report', draft],
    ] as const) {
      const refusal = await refusalOf(
        caller.changeRequests.describeRecord({ studentId: older, recordType, recordId }),
      );
      expect(refusal.code).toBe('NOT_FOUND');
    }
  });
});

describe('a parent reports a problem with a record', () => {
  it('makes a request with the record described by the server, audited with the student', async () => {
    const markId = await addMark(db, older, { onDate: '2026-11-09', session: 'PM', code: 'O' });
    const caller = await asParent();
    const { requestId } = await caller.changeRequests.reportError({
      studentId: older,
      recordType: 'attendance_mark',
      recordId: markId,
      message: '  He was at the dentist; I sent a letter.  ',
    });
    const stored = await storedRequest(db, requestId);
    expect(stored).toMatchObject({
      kind: 'record_error',
      status: 'submitted',
      student_id: older,
      contact_id: parent.contactId,
      requester_user_id: parent.userId,
      record_type: 'attendance_mark',
      record_id: markId,
      message: 'He was at the dentist; I sent a letter.',
    });
    expect(stored.record_summary).toBe(
      'Attendance, Monday 9 November 2026, afternoon: O — absent without a reason the school can accept',
    );
    const [audit] = await auditEntries(db, 'change_request.created');
    expect(audit).toMatchObject({ actor_user_id: parent.userId, student_id: older });
    expect(audit?.details).toMatchObject({ request_id: requestId, record_type: 'attendance_mark' });

    const mine = await caller.changeRequests.mine();
    expect(mine[0]).toMatchObject({
      id: requestId,
      title: 'Problem with an attendance mark',
      statusLabel: 'Submitted',
      staffReply: null,
    });
    expect(mine[0]?.updatedAt).toBeInstanceOf(Date);
  });

  it('refuses, writing nothing, a sibling’s mark given with the other child, or a mark of a student not theirs', async () => {
    const caller = await asParent();
    const siblingMark = await addMark(db, younger, { onDate: '2026-11-10' });
    const strangerMark = await addMark(db, otherFamily, { onDate: '2026-11-10' });
    const before = await countRequests(db);
    const auditsBefore = (await auditEntries(db, 'change_request.created')).length;
    for (const [studentId, recordId] of [
      [older, siblingMark],
      [otherFamily, strangerMark],
      [older, strangerMark],
    ] as const) {
      const refusal = await refusalOf(
        caller.changeRequests.reportError({
          studentId,
          recordType: 'attendance_mark',
          recordId,
          message: 'This is wrong.',
        }),
      );
      expect(refusal.code).toBe('NOT_FOUND');
    }
    expect(await countRequests(db)).toBe(before);
    expect(await auditEntries(db, 'change_request.created')).toHaveLength(auditsBefore);
  });

  it('needs a message', async () => {
    const markId = await addMark(db, older, { onDate: '2026-11-11' });
    const refusal = await refusalOf(
      (await asParent()).changeRequests.reportError({
        studentId: older,
        recordType: 'attendance_mark',
        recordId: markId,
        message: '   ',
      }),
    );
    expect(refusal.code).toBe('BAD_REQUEST');
    expect(refusal.fieldErrors?.message).toEqual(['Tell us what is wrong.']);
  });
});

describe('a parent tells the school about a change', () => {
  it('checks the fields the chosen detail needs, each beside its own field', async () => {
    const caller = await asParent();
    const address = await refusalOf(
      caller.changeRequests.reportChange({ detailType: 'address', line1: '', postcode: '12345' }),
    );
    expect(address.code).toBe('BAD_REQUEST');
    expect(address.fieldErrors).toMatchObject({
      line1: ['Enter the first line of your new address.'],
      town: ['Enter the town or city.'],
      postcode: ['Enter a real UK postcode, like SW1A 1AA.'],
    });
    const phone = await refusalOf(caller.changeRequests.reportChange({ detailType: 'phone' }));
    expect(phone.fieldErrors?.mobile).toEqual(['Enter at least one new phone number.']);
    const badPhone = await refusalOf(
      caller.changeRequests.reportChange({ detailType: 'phone', home: 'ring me' }),
    );
    expect(badPhone.fieldErrors?.home?.[0]).toMatch(/phone number like/);
    const email = await refusalOf(
      caller.changeRequests.reportChange({ detailType: 'email', email: 'not-an-email' }),
    );
    expect(email.fieldErrors?.email).toEqual(['Enter an email address like name@example.com.']);
    const medical = await refusalOf(caller.changeRequests.reportChange({ detailType: 'medical' }));
    expect(medical.fieldErrors?.message).toEqual(['Tell us what has changed.']);
  });

  it('puts no words in the parent’s mouth: a new phone number with no message has none', async () => {
    const caller = await asParent();
    const { requestId } = await caller.changeRequests.reportChange({
      detailType: 'phone',
      mobile: '07700 900123',
    });
    expect(await storedRequest(db, requestId)).toMatchObject({
      detail_type: 'phone',
      message: '',
      proposed: { mobile: '07700 900123' },
    });
    const seen = await caller.changeRequests.get({ requestId });
    expect(seen.message).toBe('');
  });

  it('lets medical news name one of their children, but not someone else’s child', async () => {
    const caller = await asParent();
    const { requestId } = await caller.changeRequests.reportChange({
      detailType: 'medical',
      message: 'Amara now carries an inhaler.',
      studentId: younger,
    });
    expect(await storedRequest(db, requestId)).toMatchObject({
      kind: 'change_of_details',
      detail_type: 'medical',
      student_id: younger,
      proposed: null,
    });
    const refusal = await refusalOf(
      caller.changeRequests.reportChange({
        detailType: 'other',
        message: 'Something else.',
        studentId: otherFamily,
      }),
    );
    expect(refusal.code).toBe('NOT_FOUND');
  });

  it('shows the details the school holds now, and their children', async () => {
    await setContactDetails(db, parent.contactId, {
      address_line1: '1 Old Road',
      town: 'Leeds',
      postcode: 'LS1 1AA',
      phone_mobile: '07700 900001',
    });
    const details = await (await asParent()).changeRequests.myDetails();
    expect(details.contact.address).toBe('1 Old Road, Leeds, LS1 1AA');
    expect(details.contact.phoneMobile).toBe('07700 900001');
    expect(details.contact.updatedAt).toBeInstanceOf(Date);
    expect(details.children.map((c) => c.id).sort()).toEqual([older, younger].sort());
  });
});

describe('staff accept a change of address', () => {
  it('updates the contact in the same step, closes the request, audits the fields and tells the parent', async () => {
    await setContactDetails(db, parent.contactId, {
      address_line1: '1 Old Road',
      address_line2: 'Flat 2',
      town: 'Leeds',
      postcode: 'LS1 1AA',
    });
    const { requestId } = await (
      await asParent()
    ).changeRequests.reportChange({
      detailType: 'address',
      line1: '22 New Street',
      town: 'York',
      postcode: 'yo1 7hh',
    });
    const staff = await asOffice();
    const view = await staff.admin.changeRequests.get({ requestId });
    expect(view.comparison).toEqual([
      { label: 'Address line 1', current: '1 Old Road', proposed: '22 New Street' },
      { label: 'Address line 2', current: 'Flat 2', proposed: null },
      { label: 'Town or city', current: 'Leeds', proposed: 'York' },
      { label: 'Postcode', current: 'LS1 1AA', proposed: 'YO1 7HH' },
    ]);
    expect(view.requester.name).toMatch(/^Alex Parent/);

    const later = new Date(TEST_NOW.getTime() + 3600_000);
    const result = await (
      await callerFor(db, office, { now: later })
    ).admin.changeRequests.accept({ requestId, reply: 'Thank you, we have updated our records.' });
    expect(result.status).toBe('accepted');
    expect(result.message).toContain('contact record now has the new address line 1');

    const contact = await db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', parent.contactId)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({
      address_line1: '22 New Street',
      address_line2: null,
      town: 'York',
      postcode: 'YO1 7HH',
    });
    expect(contact.updated_at).toEqual(later);
    expect(await storedRequest(db, requestId)).toMatchObject({
      status: 'accepted',
      handled_by_user_id: office.userId,
      staff_reply: 'Thank you, we have updated our records.',
    });
    const [audit] = await auditEntries(db, 'change_request.accepted');
    expect(audit).toMatchObject({ actor_user_id: office.userId });
    expect(audit?.details).toMatchObject({
      request_id: requestId,
      changed: { address_line1: '22 New Street', town: 'York', postcode: 'YO1 7HH' },
    });

    const seen = await (await asParent()).changeRequests.get({ requestId });
    expect(seen.statusLabel).toBe('Accepted');
    expect(seen.staffReply).toBe('Thank you, we have updated our records.');
    expect(seen.timeline.map((e) => e.label)).toEqual([
      'Sent to the school',
      'Accepted by the school',
    ]);
    const mail = await outboxTo(parent.email);
    expect(mail.at(-1)?.subject).toBe('The school has accepted your request');
    // The email only points to the portal; what was asked stays there.
    expect(mail.at(-1)?.text_body).not.toContain('22 New Street');
  });
});

describe('staff accept a change of email', () => {
  it('refuses an address another account uses, changing nothing and leaving the request open', async () => {
    const { requestId } = await (
      await asParent()
    ).changeRequests.reportChange({ detailType: 'email', email: otherParent.email.toUpperCase() });
    const before = await db
      .selectFrom('contacts')
      .select(['email', 'updated_at'])
      .where('id', '=', parent.contactId)
      .executeTakeFirstOrThrow();
    const auditsBefore = (await auditEntries(db, 'change_request.accepted')).length;
    const refusal = await refusalOf((await asOffice()).admin.changeRequests.accept({ requestId }));
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.message).toMatch(/Another portal account already uses .*nothing was changed/);
    expect(
      await db
        .selectFrom('contacts')
        .select(['email', 'updated_at'])
        .where('id', '=', parent.contactId)
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
    const account = await db
      .selectFrom('users')
      .select('email')
      .where('id', '=', parent.userId)
      .executeTakeFirstOrThrow();
    expect(account.email).toBe(parent.email);
    expect((await storedRequest(db, requestId)).status).toBe('submitted');
    expect(await auditEntries(db, 'change_request.accepted')).toHaveLength(auditsBefore);
  });

  it('changes the contact and their account together, and tells the old address', async () => {
    const family = await newParent(db);
    const child = (await newStudent(db)).studentId;
    await link(db, family.contactId, child);
    const { requestId } = await (
      await callerFor(db, family)
    ).changeRequests.reportChange({ detailType: 'email', email: 'new.address@example.org' });
    const result = await (await asOffice()).admin.changeRequests.accept({ requestId });
    expect(result.accountEmailChanged).toBe(true);
    expect(result.message).toContain(`Their portal account (${family.username}) now uses`);
    const contact = await db
      .selectFrom('contacts')
      .select('email')
      .where('id', '=', family.contactId)
      .executeTakeFirstOrThrow();
    const account = await db
      .selectFrom('users')
      .select('email')
      .where('id', '=', family.userId)
      .executeTakeFirstOrThrow();
    expect(contact.email).toBe('new.address@example.org');
    expect(account.email).toBe('new.address@example.org');
    expect((await outboxTo(family.email)).map((m) => m.kind)).toContain('account_email_changed');
    expect((await outboxTo('new.address@example.org')).map((m) => m.kind)).toContain(
      'change_request_update',
    );
  });
});

describe('replies and decisions', () => {
  let day = 0;
  async function newRequest(message = 'Please check this.') {
    day += 1;
    const markId = await addMark(db, younger, {
      onDate: `2026-10-${String(day).padStart(2, '0')}`,
    });
    const { requestId } = await (
      await asParent()
    ).changeRequests.reportError({
      studentId: younger,
      recordType: 'attendance_mark',
      recordId: markId,
      message,
    });
    return requestId;
  }

  it('a reply shows the request as in progress with the school’s words', async () => {
    const requestId = await newRequest();
    await (
      await asOffice()
    ).admin.changeRequests.reply({
      requestId,
      reply: 'We are checking the register.',
    });
    const seen = await (await asParent()).changeRequests.get({ requestId });
    expect(seen).toMatchObject({
      status: 'in_progress',
      statusLabel: 'In progress',
      staffReply: 'We are checking the register.',
    });
    expect(seen.timeline.at(-1)).toMatchObject({
      label: 'The school replied',
      text: 'We are checking the register.',
    });
  });

  it('rejecting needs a reply', async () => {
    const requestId = await newRequest();
    const staff = await asOffice();
    const refusal = await refusalOf(staff.admin.changeRequests.reject({ requestId, reply: ' ' }));
    expect(refusal.code).toBe('BAD_REQUEST');
    expect(refusal.fieldErrors?.reply?.[0]).toMatch(/Say why the request is rejected/);
    expect((await storedRequest(db, requestId)).status).toBe('submitted');
    await staff.admin.changeRequests.reject({
      requestId,
      reply: 'The register shows he was absent that afternoon.',
    });
    expect(await storedRequest(db, requestId)).toMatchObject({
      status: 'rejected',
      handled_by_user_id: office.userId,
    });
    const [audit] = await auditEntries(db, 'change_request.rejected');
    expect(audit).toMatchObject({ student_id: younger, actor_user_id: office.userId });
  });

  it('a closed request cannot be decided or replied to again', async () => {
    const accepted = await newRequest();
    const rejected = await newRequest();
    const staff = await asOffice();
    await staff.admin.changeRequests.accept({ requestId: accepted });
    await staff.admin.changeRequests.reject({ requestId: rejected, reply: 'No.' });
    // One at a time: started together, a refusal could arrive before anything awaits it.
    for (const attempt of [
      () => staff.admin.changeRequests.reject({ requestId: accepted, reply: 'Changed my mind.' }),
      () => staff.admin.changeRequests.reply({ requestId: accepted, reply: 'More.' }),
      () => staff.admin.changeRequests.accept({ requestId: rejected }),
    ]) {
      const refusal = await refusalOf(attempt());
      expect(refusal.code).toBe('CONFLICT');
      expect(refusal.message).toMatch(/already been closed/);
    }
    expect((await storedRequest(db, accepted)).status).toBe('accepted');
    expect((await storedRequest(db, rejected)).status).toBe('rejected');
  });
});

describe('the staff queue', () => {
  it('lists open requests oldest first with who sent them, about whom, and how long they have waited', async () => {
    const markId = await addMark(db, older, { onDate: '2026-09-14' });
    const weekAgo = new Date(TEST_NOW.getTime() - 7 * DAY);
    const { requestId } = await (
      await callerFor(db, parent, { now: weekAgo })
    ).changeRequests.reportError({
      studentId: older,
      recordType: 'attendance_mark',
      recordId: markId,
      message: 'An old one.',
    });
    const queue = await (await asOffice()).admin.changeRequests.list({});
    expect(queue.filter).toBe('open');
    expect(queue.requests[0]).toMatchObject({
      id: requestId,
      ageDays: 7,
      statusLabel: 'Submitted',
    });
    expect(queue.requests[0]?.requesterName).toMatch(/^Alex Parent/);
    expect(queue.requests[0]?.studentName).toMatch(/^Sam Student/);
    expect(
      queue.requests.every((r) => r.status === 'submitted' || r.status === 'in_progress'),
    ).toBe(true);
    const created = queue.requests.map((r) => r.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => a - b));

    const accepted = await (await asOffice()).admin.changeRequests.list({ status: 'accepted' });
    expect(accepted.requests.length).toBeGreaterThan(0);
    expect(accepted.requests.every((r) => r.statusLabel === 'Accepted')).toBe(true);
  });

  it('shows staff the record as the parent saw it, and records the view', async () => {
    const markId = await addMark(db, older, { onDate: '2026-09-15', code: 'N' });
    const { requestId } = await (
      await asParent()
    ).changeRequests.reportError({
      studentId: older,
      recordType: 'attendance_mark',
      recordId: markId,
      message: 'She was ill.',
    });
    await db.updateTable('attendance_marks').set({ code: 'I' }).where('id', '=', markId).execute();
    const view = await (await asOffice()).admin.changeRequests.get({ requestId });
    expect(view.record?.summaryWhenReported).toContain('N — absent: reason not yet provided');
    expect(view.record?.summaryNow).toContain('I — illness');
    expect(view.message).toBe('She was ill.');
    const [audit] = await auditEntries(db, 'view.change_request');
    expect(audit).toMatchObject({ actor_user_id: office.userId, student_id: older });
  });
});

describe('who may see and handle requests', () => {
  it('a parent cannot see another parent’s request', async () => {
    const [mine] = await (await asParent()).changeRequests.mine();
    const other = await callerFor(db, otherParent);
    const refusal = await refusalOf(other.changeRequests.get({ requestId: mine!.id }));
    expect(refusal.code).toBe('NOT_FOUND');
    expect((await other.changeRequests.mine()).map((r) => r.id)).not.toContain(mine!.id);
  });

  it('teachers, governors, DSLs and students are refused by role', async () => {
    const markId = await addMark(db, older, { onDate: '2026-09-16' });
    const teacher = await callerFor(db, await newStaff(db, ['teacher']));
    const governor = await callerFor(db, await newStaff(db, ['governor']));
    const dsl = await callerFor(db, await newStaff(db, ['dsl']));
    const student = await callerFor(db, await newStudentUser(db, older));
    const [anyRequest] = await (await asParent()).changeRequests.mine();
    // Started one at a time: a refusal must never be left waiting unobserved.
    const attempts = [
      () => teacher.admin.changeRequests.list({}),
      () => governor.admin.changeRequests.get({ requestId: anyRequest!.id }),
      () => dsl.admin.changeRequests.accept({ requestId: anyRequest!.id }),
      () =>
        student.changeRequests.reportError({
          studentId: older,
          recordType: 'attendance_mark',
          recordId: markId,
          message: 'Wrong.',
        }),
      () => student.changeRequests.mine(),
      () => teacher.changeRequests.reportChange({ detailType: 'other', message: 'Hello.' }),
    ];
    for (const attempt of attempts) {
      expect((await refusalOf(attempt())).code).toBe('FORBIDDEN');
    }
  });
});
