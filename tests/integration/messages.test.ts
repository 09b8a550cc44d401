import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { newSubmissionKey } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { deliverDueEmails, smtpTransport } from '@schoolgate/email';
import { freshDatabase } from './support/database';
import {
  callerFor,
  link,
  linkIdOf,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  TEST_NOW,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';
import { addTeachingGroup } from './support/attendance-behaviour-data';
import { startMailServer, type MailServer } from './support/mail-server';

// Issue 13, "Messages between parents and the school": every role against every rule, on the
// router through real sessions, on PGlite and on PostgreSQL.

type Staff = TestUser & { staffId: string };
let db: Database;
let mail: MailServer;
let office: Staff;
let office2: Staff;
let admin: Staff;
let teacher: Staff;
let otherTeacher: Staff;
let governor: Staff;
let dsl: Staff;

const OFFICE_EMAIL = 'office@school.example';
const SECRET = 'Our dog is poorly and Sam is upset';

beforeAll(async () => {
  db = await freshDatabase();
  mail = await startMailServer();
  await db
    .updateTable('school_settings')
    .set({ school_name: 'Hilltop School', enquiries_email: OFFICE_EMAIL })
    .execute();
  office = await newStaff(db, ['office']);
  office2 = await newStaff(db, ['office']);
  admin = await newStaff(db, ['admin']);
  teacher = await newStaff(db, ['teacher']);
  otherTeacher = await newStaff(db, ['teacher']);
  governor = await newStaff(db, ['governor']);
  dsl = await newStaff(db, ['dsl']);
});
afterAll(() => mail.close());

/** A child on roll taught by `teacher`, and a parent with verified parental responsibility. */
async function family(options: { parentalResponsibility?: boolean; verified?: boolean } = {}) {
  const { studentId } = await newStudent(db, { yearGroup: 10 });
  const parent = await newParent(db);
  await link(db, parent.contactId, studentId, options);
  const groupId = await addTeachingGroup(db, teacher.staffId, [studentId]);
  return { parent, studentId, groupId };
}

const as = (user: TestUser) => callerFor(db, user);

/** A thread about the family's child, to the office unless `to` says a teacher's staff id. */
async function started(
  f: { parent: TestUser; studentId: string },
  to = 'office',
  body = `${SECRET}. Can she sit out PE today?`,
) {
  const answer = await (
    await as(f.parent)
  ).messages.start({ studentId: f.studentId, to, subject: 'PE today', body });
  return answer.threadId;
}

const auditOf = (action: string, threadId: string) =>
  db
    .selectFrom('audit_log')
    .select(['actor_user_id', 'student_id', 'details'])
    .where('action', '=', action)
    .where(sql<boolean>`details->>'thread_id' = ${threadId}`)
    .execute();

const outboxFor = (kind: string, to: string) =>
  db
    .selectFrom('email_outbox')
    .select(['subject', 'text_body', 'html_body', 'to_address'])
    .where('kind', '=', kind)
    .where('to_address', '=', to)
    .execute();

async function threadsOf(studentId: string) {
  return db.selectFrom('message_threads').selectAll().where('student_id', '=', studentId).execute();
}

describe('a parent writes about one child and the school replies', () => {
  it('to the office: kept, audited, emailed without the words, replied to, read', async () => {
    const f = await family();
    const parent = await as(f.parent);
    const form = await parent.messages.form();
    const child = form.children.find((c) => c.id === f.studentId);
    // Only the office and the staff who teach the child are offered.
    expect(child?.recipients.map((r) => r.id)).toEqual(['office', teacher.staffId]);

    const key = newSubmissionKey();
    const answer = await parent.messages.start({
      studentId: f.studentId,
      to: 'office',
      subject: 'PE today',
      body: `  ${SECRET}.\r\nSee https://example.org/note <b>thanks</b>  \r\n\r\n`,
      submissionKey: key,
    });
    expect(answer.message).toMatch(/has been sent to the school office/);
    const threadId = answer.threadId;
    expect((await auditOf('message.thread_started', threadId))[0]).toMatchObject({
      actor_user_id: f.parent.userId,
      student_id: f.studentId,
    });

    // The office's email says only that a message is waiting, with the link.
    const [email] = await outboxFor('message_to_school', OFFICE_EMAIL);
    expect(email?.text_body).toContain(`https://portal.example.org/admin/messages/${threadId}`);
    for (const part of [email?.subject, email?.text_body, email?.html_body]) {
      expect(part).not.toContain('dog');
      expect(part).not.toContain('PE today');
      expect(part).not.toContain('Sam');
    }

    const officeCaller = await as(office);
    const inbox = await officeCaller.admin.messages.inbox({});
    const listed = inbox.threads.find((t) => t.id === threadId);
    expect(listed).toMatchObject({ subject: 'PE today', addressee: 'School office', unread: 1 });
    expect((await officeCaller.admin.messages.unread()).unread).toBeGreaterThanOrEqual(1);

    const read = await officeCaller.admin.messages.thread({ threadId });
    // Plain text, as typed (trimmed at the ends); markup is text; the address is marked, not linked.
    expect(read.messages[0]?.body).toBe(`${SECRET}.\nSee https://example.org/note <b>thanks</b>`);
    expect(read.messages[0]?.pieces).toContainEqual({
      kind: 'address',
      text: 'https://example.org/note',
    });
    expect(read.mayReply).toBe(true);
    expect(await auditOf('view.message_thread', threadId)).toMatchObject([
      { actor_user_id: office.userId, details: { message_ids: [read.messages[0]?.id] } },
    ]);
    await officeCaller.admin.messages.markRead({ threadId });
    expect(
      (await officeCaller.admin.messages.inbox({})).threads.find((t) => t.id === threadId)?.unread,
    ).toBe(0);

    await officeCaller.admin.messages.reply({ threadId, body: 'Yes, she can. Thank you.' });
    expect(await auditOf('message.sent', threadId)).toMatchObject([
      { actor_user_id: office.userId, details: { from_school: true } },
    ]);
    const [toParent] = await outboxFor('message_to_family', f.parent.email);
    expect(toParent?.text_body).toContain(`https://portal.example.org/messages/${threadId}`);
    expect(toParent?.text_body).not.toContain('Yes, she can');

    const mine = await parent.messages.mine();
    expect(mine.find((t) => t.id === threadId)?.unread).toBe(1);
    const seen = await parent.messages.thread({ threadId });
    expect(seen.messages.map((m) => [m.fromSchool, m.mine, m.body])).toEqual([
      [false, true, `${SECRET}.\nSee https://example.org/note <b>thanks</b>`],
      [true, false, 'Yes, she can. Thank you.'],
    ]);
    await parent.messages.markRead({ threadId });
    expect((await parent.messages.mine()).find((t) => t.id === threadId)?.unread).toBe(0);

    // The email really goes out through SMTP, still without the words.
    const report = await deliverDueEmails(db, smtpTransport(`smtp://127.0.0.1:${mail.port}`), {
      now: TEST_NOW,
      from: 'Hilltop School <no-reply@hilltop.example>',
    });
    expect(report.sent).toBeGreaterThanOrEqual(2);
    const delivered = mail.received.filter((m) =>
      [OFFICE_EMAIL, f.parent.email].includes(String(m.to && 'text' in m.to ? m.to.text : '')),
    );
    expect(delivered.length).toBeGreaterThanOrEqual(2);
    for (const m of delivered) {
      expect(m.text).not.toContain('dog');
      expect(m.text).not.toContain('she can');
      expect(m.text).toContain('https://portal.example.org/');
    }
  });

  it('to a teacher who teaches the child; not to one who does not', async () => {
    const f = await family();
    const threadId = await started(f, teacher.staffId);
    expect((await threadsOf(f.studentId))[0]).toMatchObject({
      addressed_to: 'teacher',
      teacher_staff_id: teacher.staffId,
    });
    expect(await outboxFor('message_to_school', teacher.email)).toHaveLength(1);
    const teacherCaller = await as(teacher);
    expect((await teacherCaller.admin.messages.inbox({})).threads.map((t) => t.id)).toContain(
      threadId,
    );
    await teacherCaller.admin.messages.reply({ threadId, body: 'Of course.' });
    // Another teacher sees nothing of it, and is told it does not exist.
    const other = await as(otherTeacher);
    expect((await other.admin.messages.inbox({ filter: 'all' })).threads).toEqual([]);
    expect((await refusalOf(other.admin.messages.thread({ threadId }))).code).toBe('NOT_FOUND');
    expect((await refusalOf(other.admin.messages.reply({ threadId, body: 'x' }))).code).toBe(
      'NOT_FOUND',
    );

    const refusal = await refusalOf(
      (await as(f.parent)).messages.start({
        studentId: f.studentId,
        to: otherTeacher.staffId,
        subject: 'Maths',
        body: 'Hello',
      }),
    );
    expect(refusal).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { to: [expect.any(String)] },
    });
    expect(await threadsOf(f.studentId)).toHaveLength(1);
  });

  it('refuses blank, too long and another family’s child, writing nothing', async () => {
    const f = await family();
    const other = await family();
    const parent = await as(f.parent);
    const tooLong = await refusalOf(
      parent.messages.start({
        studentId: f.studentId,
        to: 'office',
        subject: 'Hi',
        body: 'x'.repeat(5001),
      }),
    );
    expect(tooLong.message).toContain('Keep your message to 5,000 characters or fewer.');
    expect(tooLong.fieldErrors).toEqual({
      body: ['Keep your message to 5,000 characters or fewer.'],
    });
    const blank = await refusalOf(
      parent.messages.start({ studentId: f.studentId, to: 'office', subject: ' ', body: '  ' }),
    );
    expect(blank.code).toBe('BAD_REQUEST');
    expect(blank.fieldErrors).toMatchObject({
      subject: [expect.any(String)],
      body: [expect.any(String)],
    });
    const theirs = await refusalOf(
      parent.messages.start({
        studentId: other.studentId,
        to: 'office',
        subject: 'Hi',
        body: 'Hi',
      }),
    );
    expect(theirs).toMatchObject({ code: 'NOT_FOUND', message: 'We could not find that student.' });
    expect(await threadsOf(f.studentId)).toEqual([]);
    expect(await threadsOf(other.studentId)).toEqual([]);
    // Exactly 5,000 characters is accepted.
    await parent.messages.start({
      studentId: f.studentId,
      to: 'office',
      subject: 'Long',
      body: 'y'.repeat(5000),
    });
    expect(await threadsOf(f.studentId)).toHaveLength(1);
  });

  it('the same form sent twice, or twenty times at once, starts one thread and sends one email', async () => {
    const f = await family();
    const parent = await as(f.parent);
    const input = {
      studentId: f.studentId,
      to: 'office',
      subject: 'Twice',
      body: 'Sent twice',
      submissionKey: newSubmissionKey(),
    };
    const first = await parent.messages.start(input);
    const second = await parent.messages.start(input);
    expect(second.threadId).toBe(first.threadId);
    const answers = await Promise.allSettled(
      Array.from({ length: 20 }, () => parent.messages.start(input)),
    );
    expect(answers.every((a) => a.status === 'fulfilled')).toBe(true);
    expect(await threadsOf(f.studentId)).toHaveLength(1);
    const replyInput = {
      threadId: first.threadId,
      body: 'Again',
      submissionKey: newSubmissionKey(),
    };
    await Promise.allSettled(Array.from({ length: 10 }, () => parent.messages.reply(replyInput)));
    const messages = await db
      .selectFrom('messages')
      .select('body')
      .where('thread_id', '=', first.threadId)
      .execute();
    expect(messages.map((m) => m.body)).toEqual(['Sent twice', 'Again']);
    // One email for the new thread and one for the reply, to the office.
    const sent = await db
      .selectFrom('email_outbox')
      .select('id')
      .where('kind', '=', 'message_to_school')
      .where('text_body', 'like', `%${first.threadId}%`)
      .execute();
    expect(sent).toHaveLength(2);
  });

  it('a second parent of the same child does not see a thread they did not start', async () => {
    const f = await family();
    const threadId = await started(f);
    const second = await newParent(db);
    await link(db, second.contactId, f.studentId);
    const caller = await as(second);
    expect(await caller.messages.mine()).toEqual([]);
    expect((await refusalOf(caller.messages.thread({ threadId }))).code).toBe('NOT_FOUND');
  });
});

describe('the rules: no new messages and no access to old ones', () => {
  it('a restricted link: the parent loses the thread; the school keeps it but cannot reply', async () => {
    const f = await family();
    const threadId = await started(f);
    await (
      await as(office)
    ).admin.restrictions.create({
      target: { kind: 'link', id: await linkIdOf(db, f.parent.contactId, f.studentId) },
      reason: 'parental_responsibility_questioned',
      note: 'Court order received.',
    });
    const parent = await as(f.parent);
    expect(await parent.messages.mine()).toEqual([]);
    expect((await refusalOf(parent.messages.thread({ threadId }))).code).toBe('NOT_FOUND');
    expect((await refusalOf(parent.messages.reply({ threadId, body: 'Hello?' }))).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (
        await refusalOf(
          parent.messages.start({ studentId: f.studentId, to: 'office', subject: 'a', body: 'b' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect((await parent.messages.form()).children).toEqual([]);
    const officeCaller = await as(office);
    const read = await officeCaller.admin.messages.thread({ threadId });
    expect(read.mayReply).toBe(false);
    expect(read.replyProblem).toMatch(/family can no longer see/);
    const refusal = await refusalOf(officeCaller.admin.messages.reply({ threadId, body: 'Hi' }));
    expect(refusal.code).toBe('CONFLICT');
    expect(await auditOf('message.sent', threadId)).toEqual([]);
  });

  it('a revoked parent is refused everything', async () => {
    const f = await family();
    const threadId = await started(f);
    await (
      await as(office)
    ).admin.restrictions.create({
      target: { kind: 'contact', id: f.parent.contactId },
      reason: 'policy_breach',
      note: 'Shared the password.',
    });
    const parent = await as(f.parent);
    expect((await refusalOf(parent.messages.mine())).code).toBe('FORBIDDEN');
    expect((await refusalOf(parent.messages.thread({ threadId }))).code).toBe('FORBIDDEN');
    expect(
      (await refusalOf((await as(office)).admin.messages.reply({ threadId, body: 'Hi' }))).code,
    ).toBe('CONFLICT');
  });

  it('a hold placed mid-thread cuts everyone off at once; DSLs read; lifting it restores', async () => {
    const f = await family();
    const threadId = await started(f, teacher.staffId);
    const teacherCaller = await as(teacher);
    await teacherCaller.admin.messages.reply({ threadId, body: 'Noted.' });
    const dslCaller = await as(dsl);
    // Without a hold a DSL sees no thread (P9: DSLs see no other pupil data).
    expect((await refusalOf(dslCaller.admin.messages.thread({ threadId }))).code).toBe('NOT_FOUND');
    const hold = await dslCaller.safeguarding.holds.place({
      studentId: f.studentId,
      reason: 'Disclosure',
      scope: 'this_student_only',
      scopeReason: 'Only this child.',
    });
    const parent = await as(f.parent);
    const officeCaller = await as(office);
    for (const call of [
      () => parent.messages.thread({ threadId }),
      () => parent.messages.reply({ threadId, body: 'Hello?' }),
      () => teacherCaller.admin.messages.thread({ threadId }),
      () => teacherCaller.admin.messages.reply({ threadId, body: 'x' }),
      () => officeCaller.admin.messages.thread({ threadId }),
      () => officeCaller.admin.messages.reply({ threadId, body: 'x' }),
      () => officeCaller.admin.messages.close({ threadId }),
    ]) {
      expect((await refusalOf(call())).code).toBe('NOT_FOUND');
    }
    expect(await parent.messages.mine()).toEqual([]);
    expect(
      (await officeCaller.admin.messages.inbox({ filter: 'all' })).threads.map((t) => t.id),
    ).not.toContain(threadId);
    // Any DSL reads it, and the read is audited; nobody replies under the hold.
    const read = await dslCaller.admin.messages.thread({ threadId });
    expect(read.messages).toHaveLength(2);
    expect(read.mayReply).toBe(false);
    expect((await dslCaller.admin.messages.inbox({})).threads.map((t) => t.id)).toContain(threadId);
    expect((await refusalOf(dslCaller.admin.messages.reply({ threadId, body: 'x' }))).code).toBe(
      'CONFLICT',
    );
    expect((await auditOf('view.message_thread', threadId)).map((a) => a.actor_user_id)).toContain(
      dsl.userId,
    );

    await dslCaller.safeguarding.holds.lift({ id: hold.id, note: 'Resolved' });
    expect((await parent.messages.thread({ threadId })).messages).toHaveLength(2);
    expect((await teacherCaller.admin.messages.thread({ threadId })).mayReply).toBe(true);
    expect((await refusalOf(dslCaller.admin.messages.thread({ threadId }))).code).toBe('NOT_FOUND');
  });

  it('a leaver: the family loses the thread; the office keeps it, read only', async () => {
    const f = await family();
    const threadId = await started(f, teacher.staffId);
    await db
      .updateTable('students')
      .set({ leaving_date: '2026-10-30' })
      .where('id', '=', f.studentId)
      .execute();
    const parent = await as(f.parent);
    expect((await refusalOf(parent.messages.thread({ threadId }))).code).toBe('NOT_FOUND');
    expect((await refusalOf((await as(teacher)).admin.messages.thread({ threadId }))).code).toBe(
      'NOT_FOUND',
    );
    const read = await (await as(office)).admin.messages.thread({ threadId });
    expect(read.mayReply).toBe(false);
    expect(
      (await refusalOf((await as(office)).admin.messages.reply({ threadId, body: 'x' }))).code,
    ).toBe('CONFLICT');
  });

  it('a contact without parental responsibility may write only when the school allows it', async () => {
    // Only a link with parental responsibility can be verified (P3): this is the school's record
    // of a contact without it, as a roster import writes one.
    const f = await family({ parentalResponsibility: false, verified: false });
    const parent = await as(f.parent);
    expect((await parent.messages.form()).children).toEqual([]);
    const refused = await refusalOf(
      parent.messages.start({ studentId: f.studentId, to: 'office', subject: 'a', body: 'b' }),
    );
    expect(refused.code).toBe('NOT_FOUND');
    const adminCaller = await as(admin);
    expect(await adminCaller.admin.messages.settings()).toEqual({
      contactsWithoutPrMayWrite: false,
      studentsMayMessageTeachers: false,
      replyNotice: null,
    });
    await adminCaller.admin.messages.updateSettings({
      contactsWithoutPrMayWrite: true,
      studentsMayMessageTeachers: false,
      replyNotice: 'We reply within two school days.',
    });
    try {
      const form = await parent.messages.form();
      expect(form.replyNotice).toBe('We reply within two school days.');
      expect(form.children.map((c) => c.id)).toEqual([f.studentId]);
      const threadId = await started(f);
      expect((await parent.messages.thread({ threadId })).replyNotice).toBe(
        'We reply within two school days.',
      );
      // Turned off again: the thread goes out of their sight too.
      await adminCaller.admin.messages.updateSettings({
        contactsWithoutPrMayWrite: false,
        studentsMayMessageTeachers: false,
        replyNotice: null,
      });
      expect((await refusalOf(parent.messages.thread({ threadId }))).code).toBe('NOT_FOUND');
    } finally {
      await adminCaller.admin.messages.updateSettings({
        contactsWithoutPrMayWrite: false,
        studentsMayMessageTeachers: false,
        replyNotice: null,
      });
    }
    expect(
      (
        await db
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', 'message.settings_changed')
          .execute()
      ).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('a teacher who stops teaching the child loses the thread; the office keeps it', async () => {
    const f = await family();
    const threadId = await started(f, teacher.staffId);
    const teacherCaller = await as(teacher);
    expect((await teacherCaller.admin.messages.thread({ threadId })).mayReply).toBe(true);
    await db.deleteFrom('teaching_group_members').where('group_id', '=', f.groupId).execute();
    expect((await refusalOf(teacherCaller.admin.messages.thread({ threadId }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await teacherCaller.admin.messages.inbox({})).threads.map((t) => t.id)).not.toContain(
      threadId,
    );
    const officeCaller = await as(office);
    expect(
      (await officeCaller.admin.messages.inbox({ filter: 'all' })).threads.map((t) => t.id),
    ).toContain(threadId);
    await officeCaller.admin.messages.reply({ threadId, body: 'The office will answer.' });
  });

  it('governors never; parents and students never reach the staff side', async () => {
    const f = await family();
    const threadId = await started(f);
    const gov = await as(governor);
    expect((await refusalOf(gov.admin.messages.inbox({}))).code).toBe('FORBIDDEN');
    expect((await refusalOf(gov.admin.messages.thread({ threadId }))).code).toBe('FORBIDDEN');
    expect((await refusalOf(gov.messages.mine())).code).toBe('FORBIDDEN');
    expect((await refusalOf((await as(f.parent)).admin.messages.thread({ threadId }))).code).toBe(
      'FORBIDDEN',
    );
  });

  it('students may message their teachers only when the school turns it on', async () => {
    const f = await family();
    const studentUser = await newStudentUser(db, f.studentId);
    const student = await as(studentUser);
    expect((await student.messages.form()).studentsOff).toBe(true);
    const off = await refusalOf(
      student.messages.start({
        studentId: f.studentId,
        to: teacher.staffId,
        subject: 'a',
        body: 'b',
      }),
    );
    expect(off.code).toBe('FORBIDDEN');
    const adminCaller = await as(admin);
    await adminCaller.admin.messages.updateSettings({
      contactsWithoutPrMayWrite: false,
      studentsMayMessageTeachers: true,
      replyNotice: null,
    });
    try {
      const form = await student.messages.form();
      expect(form.children.map((c) => c.recipients.map((r) => r.id))).toEqual([[teacher.staffId]]);
      const toOffice = await refusalOf(
        student.messages.start({ studentId: f.studentId, to: 'office', subject: 'a', body: 'b' }),
      );
      expect(toOffice.code).toBe('BAD_REQUEST');
      const { threadId } = await student.messages.start({
        studentId: f.studentId,
        to: teacher.staffId,
        subject: 'Homework',
        body: 'Is it due Friday?',
      });
      await (await as(teacher)).admin.messages.reply({ threadId, body: 'Yes.' });
      expect((await student.messages.thread({ threadId })).messages).toHaveLength(2);
      // The parent does not see their child's own conversation with a teacher.
      expect((await (await as(f.parent)).messages.mine()).map((t) => t.id)).not.toContain(threadId);
    } finally {
      await adminCaller.admin.messages.updateSettings({
        contactsWithoutPrMayWrite: false,
        studentsMayMessageTeachers: false,
        replyNotice: null,
      });
    }
  });
});

describe('the staff inbox', () => {
  it('the office assigns to a colleague, who is told and sees it; closing ends the conversation', async () => {
    const f = await family();
    const threadId = await started(f);
    const officeCaller = await as(office);
    const read = await officeCaller.admin.messages.thread({ threadId });
    expect(read.colleagues.map((c) => c.id)).toEqual(
      expect.arrayContaining([office.staffId, office2.staffId, admin.staffId, teacher.staffId]),
    );
    expect(read.colleagues.map((c) => c.id)).not.toContain(otherTeacher.staffId);
    expect(read.colleagues.map((c) => c.id)).not.toContain(governor.staffId);
    const wrong = await refusalOf(
      officeCaller.admin.messages.assign({ threadId, staffId: otherTeacher.staffId }),
    );
    expect(wrong.code).toBe('BAD_REQUEST');
    // A teacher cannot assign.
    expect(
      (
        await refusalOf(
          (await as(teacher)).admin.messages.assign({ threadId, staffId: teacher.staffId }),
        )
      ).code,
    ).toBe('FORBIDDEN');

    await officeCaller.admin.messages.assign({ threadId, staffId: teacher.staffId });
    expect(await auditOf('message.thread_assigned', threadId)).toHaveLength(1);
    expect(
      (await outboxFor('message_to_school', teacher.email)).some((e) =>
        e.text_body?.includes(threadId),
      ),
    ).toBe(true);
    const teacherCaller = await as(teacher);
    const inbox = await teacherCaller.admin.messages.inbox({});
    expect(inbox.threads.find((t) => t.id === threadId)?.assignee).toBeTruthy();
    // The family's next message goes to the colleague.
    await (await as(f.parent)).messages.reply({ threadId, body: 'Any news?' });
    expect(
      (await outboxFor('message_to_school', teacher.email)).filter((e) =>
        e.text_body?.includes(threadId),
      ),
    ).toHaveLength(2);
    expect((await teacherCaller.admin.messages.unread()).unread).toBeGreaterThanOrEqual(2);

    await teacherCaller.admin.messages.close({ threadId });
    expect(await auditOf('message.thread_closed', threadId)).toHaveLength(1);
    const parent = await as(f.parent);
    const seen = await parent.messages.thread({ threadId });
    expect(seen.thread.status).toBe('closed');
    expect(seen.mayReply).toBe(false);
    expect((await refusalOf(parent.messages.reply({ threadId, body: 'Hello?' }))).code).toBe(
      'CONFLICT',
    );
    expect((await refusalOf(officeCaller.admin.messages.reply({ threadId, body: 'x' }))).code).toBe(
      'CONFLICT',
    );
    expect(
      (await officeCaller.admin.messages.inbox({ filter: 'closed' })).threads.map((t) => t.id),
    ).toContain(threadId);
    expect((await officeCaller.admin.messages.inbox({})).threads.map((t) => t.id)).not.toContain(
      threadId,
    );
  });

  it('the office inbox holds threads to the office; teachers’ own threads are under “all”', async () => {
    const f = await family();
    const toOffice = await started(f);
    const toTeacher = await started(f, teacher.staffId);
    const officeCaller = await as(office2);
    const inbox = (await officeCaller.admin.messages.inbox({})).threads.map((t) => t.id);
    expect(inbox).toContain(toOffice);
    expect(inbox).not.toContain(toTeacher);
    const all = (await officeCaller.admin.messages.inbox({ filter: 'all' })).threads.map(
      (t) => t.id,
    );
    expect(all).toEqual(expect.arrayContaining([toOffice, toTeacher]));
    // Lists are audited with the children they show.
    const listed = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'view.message_threads')
      .where('actor_user_id', '=', office2.userId)
      .execute();
    expect(JSON.stringify(listed)).toContain(f.studentId);
  });
});
