import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCaller, createContext, newSubmissionKey } from '@schoolgate/api';
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
  TEST_PORTAL_URL,
  type TestUser,
} from './support/factories';
import { addMarks, addTerm } from './support/attendance-behaviour-data';
import { startMailServer, type MailServer } from './support/mail-server';

// Issue 13: the morning email to parents of a child marked N (absent, no reason yet) today who
// have not reported. Tuesday 17 November 2026 is a school day in Autumn 2; the school is in
// Europe/London (GMT in November), and its default time for the email is 10:00.
const TODAY = '2026-11-17';
const YESTERDAY = '2026-11-16';
const at = (clock: string, day = TODAY) => new Date(`${day}T${clock}:00Z`);
const AFTER = at('10:05');

let db: Database;
let mail: MailServer;
let office: TestUser & { staffId: string };
let dsl: TestUser & { staffId: string };

beforeAll(async () => {
  db = await freshDatabase();
  mail = await startMailServer();
  await addTerm(db, 'Autumn 2', '2026-11-02', '2026-12-18');
  office = await newStaff(db, ['office']);
  dsl = await newStaff(db, ['dsl']);
});
afterAll(() => mail.close());

beforeEach(async () => {
  // Each test counts its own emails: earlier tests' families are marked N too.
  await db.deleteFrom('email_outbox').execute();
  await db.deleteFrom('attendance_marks').execute();
  mail.received.length = 0;
});

/** The job as the server's timer and `schoolgate jobs run` call it, at `now`. */
async function runChaser(now: Date) {
  const ctx = await createContext({ db, now: () => now, system: true, portalUrl: TEST_PORTAL_URL });
  return createCaller(ctx).jobs.absenceChaser();
}

/** A child on roll and a parent with a verified, parental-responsibility link; N for today. */
async function family(
  options: {
    parentalResponsibility?: boolean;
    verified?: boolean;
    leavingDate?: string;
    marks?: ('N' | 'I' | '/')[];
  } = {},
) {
  const { studentId } = await newStudent(db, {
    yearGroup: 8,
    ...(options.leavingDate ? { leavingDate: options.leavingDate } : {}),
  });
  const parent = await newParent(db);
  await link(db, parent.contactId, studentId, options);
  const [am, pm] = options.marks ?? ['N', 'N'];
  await addMarks(db, studentId, [
    { date: TODAY, session: 'AM', code: am ?? 'N' },
    { date: TODAY, session: 'PM', code: pm ?? 'N' },
  ]);
  return { parent, studentId };
}

const chasersTo = (email: string) =>
  db
    .selectFrom('email_outbox')
    .select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'dedupe_key', 'kind'])
    .where('kind', '=', 'absence_chaser')
    .where('to_address', '=', email)
    .execute();

const allChasers = () =>
  db.selectFrom('email_outbox').select('dedupe_key').where('kind', '=', 'absence_chaser').execute();

describe('the morning email about an absence with no reason', () => {
  it('is not sent before the school’s time, nor on a day that is not a school day', async () => {
    const { parent } = await family();
    expect(await runChaser(at('09:59'))).toEqual({ queued: 0, due: false });
    expect(await chasersTo(parent.email)).toEqual([]);
    // Saturday 21 November, after ten: no register, no email.
    expect(await runChaser(at('10:30', '2026-11-21'))).toEqual({ queued: 0, due: false });
    expect(await allChasers()).toEqual([]);
  });

  it('follows the time the school sets, in the school’s time zone', async () => {
    const { parent } = await family();
    await db.updateTable('school_settings').set({ absence_chaser_time: '11:15' }).execute();
    try {
      expect((await runChaser(at('11:14'))).queued).toBe(0);
      expect((await runChaser(at('11:15'))).queued).toBe(1);
      expect(await chasersTo(parent.email)).toHaveLength(1);
    } finally {
      await db.updateTable('school_settings').set({ absence_chaser_time: '10:00' }).execute();
    }
  });

  it('sends one email per parent per child per day, however often the job runs', async () => {
    const { parent, studentId } = await family();
    // A second parent with parental responsibility gets their own.
    const other = await newParent(db);
    await link(db, other.contactId, studentId);
    expect((await runChaser(AFTER)).queued).toBe(2);
    expect((await runChaser(at('10:10'))).queued).toBe(0);
    expect((await runChaser(at('15:00'))).queued).toBe(0);
    const [email] = await chasersTo(parent.email);
    expect(await chasersTo(other.email)).toHaveLength(1);
    expect(email?.dedupe_key).toBe(`absence-chaser:${TODAY}:${studentId}:${parent.userId}`);
    expect(email?.subject).toBe('Please tell the school why your child is absent today');
    const text = email?.text_body ?? '';
    expect(text).toContain('Tuesday 17 November 2026');
    expect(text).toContain('Sam');
    expect(text).toContain(`${TEST_PORTAL_URL}/absence/new?student=${studentId}`);
    expect(email?.html_body).toContain(`${TEST_PORTAL_URL}/absence/new?student=${studentId}`);
    // The child's name and the day, nothing about marks or codes: the portal holds those.
    expect(text).not.toMatch(/\bN\b|unauthorised|code/i);
    // Tomorrow is another day: it is emailed again if the child is absent with no reason again.
    await addMarks(db, studentId, [{ date: '2026-11-18', session: 'AM', code: 'N' }]);
    expect((await runChaser(at('10:05', '2026-11-18'))).queued).toBe(2);
  });

  it('sends one a child, with a child’s own link, to a parent of two absent children', async () => {
    const first = await family();
    const { studentId: second } = await newStudent(db, { yearGroup: 10 });
    await link(db, first.parent.contactId, second);
    await addMarks(db, second, [{ date: TODAY, session: 'PM', code: 'N' }]);
    expect((await runChaser(AFTER)).queued).toBe(2);
    const bodies = (await chasersTo(first.parent.email)).map((e) => e.text_body ?? '');
    expect(bodies.filter((b) => b.includes(`student=${first.studentId}`))).toHaveLength(1);
    expect(bodies.filter((b) => b.includes(`student=${second}`))).toHaveLength(1);
  });

  it('queues each email once when the job runs on several servers at the same moment', async () => {
    const families = await Promise.all([family(), family(), family()]);
    const runs = await Promise.allSettled(Array.from({ length: 6 }, () => runChaser(AFTER)));
    expect(runs.every((r) => r.status === 'fulfilled')).toBe(true);
    const total = runs.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value.queued : 0), 0);
    expect(total).toBe(3);
    for (const { parent } of families) expect(await chasersTo(parent.email)).toHaveLength(1);
    expect(await allChasers()).toHaveLength(3);
  });

  it('is not sent to parents who may not see the child, nor about a child who has left', async () => {
    // A link is only ever verified with parental responsibility (the database checks it).
    const noResponsibility = await family({ parentalResponsibility: false, verified: false });
    const unverified = await family({ verified: false });
    const leaver = await family({ leavingDate: YESTERDAY });
    const restrictedLink = await family();
    await db
      .insertInto('access_restrictions')
      .values({
        link_id: await linkIdOf(db, restrictedLink.parent.contactId, restrictedLink.studentId),
        reason: 'parental_responsibility_questioned',
        note: 'Parental responsibility questioned',
        created_at: AFTER,
        created_by_user_id: office.userId,
      })
      .execute();
    const revokedAccount = await family();
    await db
      .insertInto('access_restrictions')
      .values({
        user_id: revokedAccount.parent.userId,
        reason: 'other',
        note: 'Account revoked',
        created_at: AFTER,
        created_by_user_id: office.userId,
      })
      .execute();
    const held = await family();
    await db
      .insertInto('safeguarding_holds')
      .values({
        student_id: held.studentId,
        reason: 'Enquiry in progress',
        placed_at: AFTER,
        placed_by_user_id: dsl.userId,
      })
      .execute();
    const disabled = await family();
    await db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', disabled.parent.userId)
      .execute();
    const allowed = await family();

    expect((await runChaser(AFTER)).queued).toBe(1);
    expect(await chasersTo(allowed.parent.email)).toHaveLength(1);
    for (const { parent } of [
      noResponsibility,
      unverified,
      leaver,
      restrictedLink,
      revokedAccount,
      held,
      disabled,
    ]) {
      expect(await chasersTo(parent.email)).toEqual([]);
    }
  });

  it('is not sent when the absence is explained, reported, or not an absence', async () => {
    const reported = await family();
    const parentCaller = await callerFor(db, reported.parent, { now: at('09:00') });
    await parentCaller.absence.report({
      studentIds: [reported.studentId],
      kind: 'absence',
      firstDate: TODAY,
      lastDate: TODAY,
      sessions: 'all',
      reason: 'illness',
      submissionKey: newSubmissionKey(),
    });
    const lateReported = await family({ marks: ['N', '/'] });
    await (
      await callerFor(db, lateReported.parent, { now: at('08:00') })
    ).absence.report({
      studentIds: [lateReported.studentId],
      kind: 'late',
      firstDate: TODAY,
      lastDate: TODAY,
      sessions: 'all',
      expectedArrival: '10:15',
      reason: 'medical',
      submissionKey: newSubmissionKey(),
    });
    const authorised = await family({ marks: ['I', 'I'] });
    const present = await family({ marks: ['/', '/'] });
    const onlyYesterday = await family({ marks: ['/', '/'] });
    await addMarks(db, onlyYesterday.studentId, [{ date: YESTERDAY, session: 'AM', code: 'N' }]);

    expect((await runChaser(AFTER)).queued).toBe(0);
    for (const { parent } of [reported, lateReported, authorised, present, onlyYesterday]) {
      expect(await chasersTo(parent.email)).toEqual([]);
    }
  });

  it('escapes names in the HTML part and takes nothing in a name for a stand-in', async () => {
    const { parent, studentId } = await family();
    await db
      .updateTable('contacts')
      .set({ forename: '<b>Al</b> & "Jo"', surname: '{child}' })
      .where('id', '=', parent.contactId)
      .execute();
    await db
      .updateTable('students')
      .set({ preferred_name: '<i>Sammy</i>' })
      .where('id', '=', studentId)
      .execute();
    expect((await runChaser(AFTER)).queued).toBe(1);
    const [email] = await chasersTo(parent.email);
    expect(email?.text_body).toContain('Dear <b>Al</b> & "Jo" {child},');
    expect(email?.text_body).toContain('shows <i>Sammy</i> as absent');
    expect(email?.html_body).toContain('&lt;b&gt;Al&lt;/b&gt; &amp; &quot;Jo&quot; {child}');
    expect(email?.html_body).toContain('&lt;i&gt;Sammy&lt;/i&gt;');
    expect(email?.html_body).not.toContain('<b>Al</b>');
  });

  it('reaches the parent through the outbox over real SMTP, once', async () => {
    const { parent, studentId } = await family();
    await runChaser(AFTER);
    await runChaser(AFTER);
    const transport = smtpTransport(`smtp://127.0.0.1:${mail.port}`);
    const from = 'Northfield Academy <no-reply@northfield.example>';
    const report = await deliverDueEmails(db, transport, { now: at('10:06'), from });
    expect(report.sent).toBe(1);
    expect((await deliverDueEmails(db, transport, { now: at('10:07'), from })).sent).toBe(0);
    expect(mail.received).toHaveLength(1);
    const [received] = mail.received;
    expect(received?.to && 'text' in received.to ? received.to.text : '').toBe(parent.email);
    expect(received?.subject).toBe('Please tell the school why your child is absent today');
    expect(received?.text).toContain(`${TEST_PORTAL_URL}/absence/new?student=${studentId}`);
    expect(received?.html || '').toContain('Tell us why');
  });
});
