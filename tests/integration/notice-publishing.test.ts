import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaller, createContext } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  TEST_NOW,
  TEST_PORTAL_URL,
  type TestUser,
} from './support/factories';
import { newTeachingGroup, placeHold, SMALL_PDF } from './support/notices-data';
import { refusalOf } from './support/refusal';

// TEST_NOW is 09:30 on Tuesday 17 November 2026: Greenwich Mean Time, so the school's wall clock
// (Europe/London) reads the same as UTC.
const HOUR = 60 * 60 * 1000;
const later = (hours: number) => new Date(TEST_NOW.getTime() + hours * HOUR);
const schoolTime = (at: Date) => at.toISOString().slice(0, 16);

let db: Database;
let office: TestUser;
let admin: TestUser;
const people: Record<string, TestUser> = {};
let mathsGroup9: string;

type Kind = 'parents' | 'students' | 'staff' | 'governors' | 'officeAndAdmin';

const officeCaller = (now: Date = TEST_NOW) => callerFor(db, office, { now });
const as = (user: TestUser, now: Date = TEST_NOW) => callerFor(db, user, { now });

/** The base of a notice as the form sends it: nothing chosen yet. */
const blank = {
  bodyMarkdown: 'Come and hear about **GCSE options**. See [the guide](/information/options).',
  forParents: false,
  forStudents: false,
  forStaff: false,
  forGovernors: false,
  scopes: { yearGroups: [] as number[], forms: [] as string[], groupIds: [] as string[] },
  emailParents: false,
};

async function titlesSeenBy(user: TestUser, now: Date = TEST_NOW): Promise<string[]> {
  const list = await (await as(user, now)).notices.list();
  return list.notices.map((n) => n.title);
}

/** Every account in the database with how it would be counted. */
async function everyAccount() {
  const rows = await db
    .selectFrom('users as u')
    .select([
      'u.id',
      'u.username',
      'u.email',
      'u.contact_id',
      'u.student_id',
      (eb) =>
        eb
          .selectFrom('staff_roles as r')
          .select((sub) => sub.fn.agg<string[]>('array_agg', ['r.role']).as('roles'))
          .whereRef('r.staff_id', '=', 'u.staff_id')
          .as('roles'),
    ])
    .execute();
  return rows.map((row) => {
    const roles = row.roles ?? [];
    const kind: Kind = row.contact_id
      ? 'parents'
      : row.student_id
        ? 'students'
        : roles.some((r) => r === 'office' || r === 'admin')
          ? 'officeAndAdmin'
          : roles.length > 0 && roles.every((r) => r === 'governor')
            ? 'governors'
            : 'staff';
    return { user: { userId: row.id, username: row.username, email: row.email }, kind };
  });
}

/** Who can actually open the notice, each asking the portal as themselves, counted by kind. */
async function whoCanOpen(noticeId: string, now: Date) {
  const counts: Record<Kind, number> = {
    parents: 0,
    students: 0,
    staff: 0,
    governors: 0,
    officeAndAdmin: 0,
  };
  const ids: string[] = [];
  for (const { user, kind } of await everyAccount()) {
    const opened = await as(user, now)
      .then((caller) => caller.notices.get({ noticeId }))
      .then(
        () => true,
        () => false,
      );
    if (opened) {
      counts[kind]++;
      ids.push(user.userId);
    }
  }
  return { counts, total: ids.length, ids };
}

async function rowCounts() {
  const count = async (table: 'notices' | 'notice_scopes' | 'audit_log' | 'email_outbox') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    notices: await count('notices'),
    scopes: await count('notice_scopes'),
    audit: await count('audit_log'),
    outbox: await count('email_outbox'),
  };
}

const noticeEmails = (noticeId: string) =>
  db
    .selectFrom('email_outbox')
    .selectAll()
    .where('kind', '=', 'notice')
    .where('dedupe_key', 'like', `notice:${noticeId}:%`)
    .execute();

const auditOf = (action: string, noticeId: string) =>
  db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where(sql<boolean>`details ->> 'notice_id' = ${noticeId}`)
    .execute();

/** The job as the server's timer or `schoolgate jobs run` calls it, at `now`. */
async function runNoticeEmailJob(now: Date) {
  const ctx = await createContext({ db, now: () => now, system: true, portalUrl: TEST_PORTAL_URL });
  return createCaller(ctx).jobs.noticeEmails();
}

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
  admin = await newStaff(db, ['admin']);
  const teacher = await newStaff(db, ['teacher']);
  people.teacher = teacher;
  people.dsl = await newStaff(db, ['dsl']);
  people.governor = await newStaff(db, ['governor']);
  people.teacherGovernor = await newStaff(db, ['teacher', 'governor']);

  const nine = (await newStudent(db, { yearGroup: 9 })).studentId;
  const nineToo = (await newStudent(db, { yearGroup: 9 })).studentId;
  const nineHeld = (await newStudent(db, { yearGroup: 9 })).studentId;
  const nineLeft = (await newStudent(db, { yearGroup: 9, leavingDate: '2026-07-22' })).studentId;
  const seven = (await newStudent(db, { yearGroup: 7 })).studentId;
  const ten = (await newStudent(db, { yearGroup: 10 })).studentId;

  const parent9 = await newParent(db);
  await link(db, parent9.contactId, nine);
  people.parent9 = parent9;
  const secondParent9 = await newParent(db);
  await link(db, secondParent9.contactId, nineToo);
  people.secondParent9 = secondParent9;
  const parent7 = await newParent(db);
  await link(db, parent7.contactId, seven);
  people.parent7 = parent7;
  const parent10 = await newParent(db);
  await link(db, parent10.contactId, ten);
  people.parent10 = parent10;
  // Not reached by a Year 9 notice: a link still to be checked, a leaver's parent, a child under
  // a hold, a parent whose access is revoked, and an invited parent who has not activated.
  const unverified9 = await newParent(db);
  await link(db, unverified9.contactId, nine, { verified: false });
  const leaver9 = await newParent(db);
  await link(db, leaver9.contactId, nineLeft);
  const held9 = await newParent(db);
  await link(db, held9.contactId, nineHeld);
  await placeHold(db, nineHeld, people.dsl.userId);
  const revoked9 = await newParent(db);
  await link(db, revoked9.contactId, nineToo);
  await db
    .insertInto('access_restrictions')
    .values({
      contact_id: revoked9.contactId,
      reason: 'policy_breach',
      note: 'Shared password',
      created_by_user_id: office.userId,
      created_at: TEST_NOW,
    })
    .execute();
  const pending9 = await newParent(db, { status: 'pending' });
  await link(db, pending9.contactId, nineToo);

  people.student9 = await newStudentUser(db, nine);
  people.student7 = await newStudentUser(db, seven);
  mathsGroup9 = await newTeachingGroup(db, {
    subject: 'Mathematics',
    yearGroup: 9,
    teacherStaffId: teacher.staffId,
    studentIds: [nine],
  });
});

describe('writing and publishing a notice for the parents of Year 9', () => {
  it('is seen, once published, by a Year 9 parent; not by a Year 7 parent or a Year 9 student', async () => {
    const saved = await (
      await officeCaller()
    ).admin.notices.save({
      ...blank,
      title: 'Year 9 parents: options evening',
      forParents: true,
      scopes: { yearGroups: [9], forms: [], groupIds: [] },
      publishAt: null,
    });
    expect(saved).toMatchObject({ status: 'draft', emailsQueued: null });
    expect(await titlesSeenBy(people.parent9!)).not.toContain('Year 9 parents: options evening');

    const published = await (await officeCaller()).admin.notices.publish({ noticeId: saved.id });
    expect(published).toMatchObject({ status: 'live', publishAt: TEST_NOW, emailsQueued: null });
    expect(await titlesSeenBy(people.parent9!)).toContain('Year 9 parents: options evening');
    expect(await titlesSeenBy(people.secondParent9!)).toContain('Year 9 parents: options evening');
    expect(await titlesSeenBy(people.parent7!)).not.toContain('Year 9 parents: options evening');
    expect(await titlesSeenBy(people.student9!)).not.toContain('Year 9 parents: options evening');
    expect(await titlesSeenBy(people.teacher!)).not.toContain('Year 9 parents: options evening');

    const opened = await (await as(people.parent9!)).notices.get({ noticeId: saved.id });
    expect(opened.audience).toBe('Parents of Year 9');
    expect(opened.html).toContain('<strong>GCSE options</strong>');

    const listed = await (await officeCaller()).admin.notices.list({ status: 'live' });
    const row = listed.notices.find((n) => n.id === saved.id);
    expect(row).toMatchObject({
      status: 'live',
      statusLabel: 'Published',
      audience: 'Parents of Year 9',
      readCount: 1,
      recipients: { parents: 2, students: 0, staff: 0, governors: 0 },
    });
    expect(row?.updatedAt).toEqual(TEST_NOW);
  });

  it('shows drafts, scheduled, live and expired notices, filtered by status', async () => {
    const caller = await officeCaller();
    const base = { ...blank, forStaff: true };
    const draft = await caller.admin.notices.save({ ...base, title: 'Draft for the list' });
    const scheduled = await caller.admin.notices.save({
      ...base,
      title: 'Scheduled for the list',
      publishAt: schoolTime(later(48)),
    });
    const expiring = await caller.admin.notices.save({
      ...base,
      title: 'Expires for the list',
      publishAt: 'now',
      expiresAt: schoolTime(later(1)),
    });
    const inTwoHours = await callerFor(db, office, { now: later(2) });
    const statusOf = async (status?: 'draft' | 'scheduled' | 'live' | 'expired') =>
      (await inTwoHours.admin.notices.list(status ? { status } : {})).notices.map((n) => [
        n.title,
        n.status,
      ]);
    expect(await statusOf()).toEqual(
      expect.arrayContaining([
        ['Draft for the list', 'draft'],
        ['Scheduled for the list', 'scheduled'],
        ['Expires for the list', 'expired'],
      ]),
    );
    expect(await statusOf('draft')).toEqual([['Draft for the list', 'draft']]);
    expect(await statusOf('scheduled')).toEqual([['Scheduled for the list', 'scheduled']]);
    expect(await statusOf('expired')).toEqual([['Expires for the list', 'expired']]);
    expect((await statusOf('live')).map(([, s]) => s)).not.toContain('draft');

    const got = await inTwoHours.admin.notices.get({ noticeId: scheduled.id });
    expect(got.notice).toMatchObject({
      status: 'scheduled',
      statusLabel: 'Scheduled',
      publishAtLocal: schoolTime(later(48)),
      audience: 'All staff',
      emailed: null,
    });
    expect(got.choices.yearGroups).toEqual([7, 9, 10]);
    expect(got.choices.groups.map((g) => g.id)).toContain(mathsGroup9);
    for (const id of [draft.id, expiring.id]) {
      expect((await inTwoHours.admin.notices.get({ noticeId: id })).notice.updatedAt).toEqual(
        TEST_NOW,
      );
    }
  });
});

describe('the recipients preview', () => {
  it('counts exactly those who can open the notice, for every kind of audience', async () => {
    const caller = await officeCaller();
    // Whole-school notices reach parents whatever their children's links (an unverified link, a
    // leaver, a child under a hold); a suspended or not-yet-activated parent is never reached.
    const audiences = [
      {
        title: 'Year 9 parents',
        forParents: true,
        scopes: { yearGroups: [9] },
        expected: { parents: 2, students: 0, staff: 0, governors: 0 },
      },
      {
        title: 'Everyone',
        forParents: true,
        forStudents: true,
        forStaff: true,
        forGovernors: true,
        expected: { parents: 7, students: 2, staff: 3, governors: 1 },
      },
      {
        title: 'Year 9 and 7 students',
        forStudents: true,
        scopes: { yearGroups: [9, 7] },
        expected: { parents: 0, students: 2, staff: 0, governors: 0 },
      },
      {
        title: 'Form 7N families',
        forParents: true,
        forStudents: true,
        scopes: { forms: ['7N'] },
        expected: { parents: 1, students: 1, staff: 0, governors: 0 },
      },
      {
        title: 'Maths 9 parents',
        forParents: true,
        scopes: { groupIds: [mathsGroup9] },
        expected: { parents: 1, students: 0, staff: 0, governors: 0 },
      },
      {
        title: 'Staff only',
        forStaff: true,
        expected: { parents: 0, students: 0, staff: 3, governors: 0 },
      },
      {
        title: 'Governors only',
        forGovernors: true,
        // The teacher who is also a governor counts once, as staff.
        expected: { parents: 0, students: 0, staff: 1, governors: 1 },
      },
    ];
    for (const { expected, ...audience } of audiences) {
      const { id } = await caller.admin.notices.save({
        ...blank,
        ...audience,
        scopes: { yearGroups: [], forms: [], groupIds: [], ...audience.scopes },
        publishAt: null,
      });
      // A draft's reach, before anyone can see it...
      const preview = await caller.admin.notices.recipients({ noticeId: id });
      await caller.admin.notices.publish({ noticeId: id });
      // ...is exactly who can open it once it is published.
      const actual = await whoCanOpen(id, TEST_NOW);
      expect(actual.counts, audience.title).toMatchObject(expected);
      expect(actual.counts.officeAndAdmin, audience.title).toBeGreaterThanOrEqual(2);
      expect(preview.counts, audience.title).toEqual({ ...actual.counts, total: actual.total });
      expect(preview.sample.length, audience.title).toBe(Math.min(20, actual.total));
    }
  });

  it('says who it reaches in words, with names, parents first, and is audited', async () => {
    const caller = await officeCaller();
    const { id } = await caller.admin.notices.save({
      ...blank,
      title: 'Year 9 families',
      forParents: true,
      forStudents: true,
      scopes: { yearGroups: [9], forms: [], groupIds: [] },
    });
    const preview = await caller.admin.notices.recipients({ noticeId: id });
    expect(preview.counts).toMatchObject({ parents: 2, students: 1 });
    expect(preview.sentence).toMatch(
      /^This notice will reach 2 parents and 1 student\. The \d+ office and admin accounts, which see every notice, can read it too\.$/,
    );
    expect(preview.sample.slice(0, 3).map((s) => s.kind)).toEqual(['parent', 'parent', 'student']);
    expect(preview.sample[0]?.name).toMatch(/^Alex Parent/);
    expect(await auditOf('view.notice_recipients', id)).toHaveLength(1);
  });

  it('previews unsaved wording and audience without saving anything', async () => {
    const before = await rowCounts();
    const preview = await (
      await officeCaller()
    ).admin.notices.preview({
      ...blank,
      title: 'Not saved',
      bodyMarkdown: '## Options\n\n<script>alert(1)</script>',
      forParents: true,
      scopes: { yearGroups: [7], forms: [], groupIds: [] },
    });
    expect(preview.audience).toBe('Parents of Year 7');
    expect(preview.html).toContain('<h2>Options</h2>');
    expect(preview.html).not.toContain('<script>');
    expect(preview.recipients.counts.parents).toBe(1);
    expect(preview.recipients.sentence).toMatch(/^This notice will reach 1 parent\./);
    const after = await rowCounts();
    expect(after).toEqual({ ...before, audit: before.audit + 1 });
  });
});

describe('emailing parents', () => {
  it('queues one email per parent who can see it, with the link, and none to anyone else', async () => {
    const caller = await officeCaller();
    const { id, emailsQueued } = await caller.admin.notices.save({
      ...blank,
      title: 'Year 9 families: options evening',
      bodyMarkdown: '## Options evening\n\nThursday at **18:30** in the main hall.',
      forParents: true,
      forStudents: true,
      forStaff: true,
      scopes: { yearGroups: [9], forms: [], groupIds: [] },
      publishAt: 'now',
      emailParents: true,
    });
    const parents = (await whoCanOpen(id, TEST_NOW)).ids;
    const accounts = await everyAccount();
    const parentEmails = accounts
      .filter((a) => a.kind === 'parents' && parents.includes(a.user.userId))
      .map((a) => a.user.email)
      .sort();
    expect(parentEmails).toEqual(
      [people.parent9!.email, people.secondParent9!.email].sort((a, b) => a.localeCompare(b)),
    );
    expect(emailsQueued).toBe(2);

    const emails = await noticeEmails(id);
    expect(emails.map((e) => e.to_address).sort()).toEqual(parentEmails);
    for (const email of emails) {
      expect(email.subject).toBe('New notice: Year 9 families: options evening');
      expect(email.text_body).toContain(`${TEST_PORTAL_URL}/notices/${id}`);
      expect(email.text_body).toContain('Options evening Thursday at 18:30 in the main hall.');
      expect(email.text_body).not.toContain('**');
      expect(email.html_body).toContain(`href="${TEST_PORTAL_URL}/notices/${id}"`);
      expect(email.contains_secret).toBe(false);
    }
    // Students, staff and governors are never emailed, though they see it.
    const others = accounts.filter((a) => a.kind !== 'parents').map((a) => a.user.email);
    const allNoticeMail = await db
      .selectFrom('email_outbox')
      .select('to_address')
      .where('kind', '=', 'notice')
      .execute();
    expect(allNoticeMail.filter((m) => others.includes(m.to_address))).toEqual([]);

    const [entry] = await auditOf('notice.emailed', id);
    expect(entry).toMatchObject({ actor_user_id: office.userId });
    expect(entry?.details).toMatchObject({ notice_id: id, emails_queued: 2 });

    // Saving it again, even with a wider audience, sends nothing more.
    const again = await caller.admin.notices.save({
      ...blank,
      noticeId: id,
      title: 'Year 9 families: options evening (updated)',
      forParents: true,
      scopes: { yearGroups: [9, 7], forms: [], groupIds: [] },
      emailParents: true,
    });
    expect(again).toMatchObject({ status: 'live', emailsQueued: null });
    expect(await noticeEmails(id)).toHaveLength(2);
    expect(await runNoticeEmailJob(later(1))).toEqual({ notices: 0, queued: 0 });
    expect(await noticeEmails(id)).toHaveLength(2);
  });

  it('holds a scheduled notice and its emails until its time, then the job emails once', async () => {
    const title = 'Year 9 parents: scheduled reminder';
    const { id, status } = await (
      await officeCaller()
    ).admin.notices.save({
      ...blank,
      title,
      forParents: true,
      scopes: { yearGroups: [9], forms: [], groupIds: [] },
      publishAt: schoolTime(later(3)),
      emailParents: true,
    });
    expect(status).toBe('scheduled');
    expect(await titlesSeenBy(people.parent9!)).not.toContain(title);
    expect(await runNoticeEmailJob(later(2))).toEqual({ notices: 0, queued: 0 });
    expect(await noticeEmails(id)).toEqual([]);

    expect(await titlesSeenBy(people.parent9!, later(3))).toContain(title);
    expect(await runNoticeEmailJob(later(3.1))).toEqual({ notices: 1, queued: 2 });
    expect(await runNoticeEmailJob(later(3.2))).toEqual({ notices: 0, queued: 0 });
    const emails = await noticeEmails(id);
    expect(emails.map((e) => e.to_address).sort()).toEqual(
      [people.parent9!.email, people.secondParent9!.email].sort((a, b) => a.localeCompare(b)),
    );
    expect(emails.every((e) => e.text_body?.includes(`${TEST_PORTAL_URL}/notices/${id}`))).toBe(
      true,
    );
    const [entry] = await auditOf('notice.emailed', id);
    expect(entry).toMatchObject({ actor_user_id: null });
  });

  it('does not email a scheduled notice whose time passed more than a day ago', async () => {
    const { id } = await (
      await officeCaller()
    ).admin.notices.save({
      ...blank,
      title: 'Missed while the portal was down',
      forParents: true,
      publishAt: schoolTime(later(1)),
      emailParents: true,
    });
    expect(await runNoticeEmailJob(later(30))).toEqual({ notices: 0, queued: 0 });
    expect(await noticeEmails(id)).toEqual([]);
  });
});

describe('checks', () => {
  const tooBig = Buffer.concat([SMALL_PDF, Buffer.alloc(5 * 1024 * 1024)]).toString('base64');
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['no audience', {}, 'audience', 'Choose who the notice is for'],
    [
      'year groups for staff',
      { forStaff: true, scopes: { yearGroups: [9], forms: [], groupIds: [] } },
      'scopes',
      'tick Parents or Students',
    ],
    [
      'a form that does not exist',
      { forParents: true, scopes: { yearGroups: [], forms: ['9Z'], groupIds: [] } },
      'scopes',
      'There is no form 9Z in the school.',
    ],
    [
      'email without parents',
      { forStudents: true, emailParents: true },
      'emailParents',
      'Only parents are emailed',
    ],
    [
      'an expiry before the publish time',
      { forParents: true, publishAt: schoolTime(later(5)), expiresAt: schoolTime(later(4)) },
      'expiresAt',
      'must stop showing after it is published',
    ],
    [
      'a publish time in the past',
      { forParents: true, publishAt: schoolTime(later(-1)) },
      'publishAt',
      'Choose a time in the future',
    ],
    [
      'a program as an attachment',
      {
        forParents: true,
        attachment: { name: 'setup.exe', contentType: 'application/pdf', base64: 'TVqQAA==' },
      },
      'attachment',
      'Attach a PDF, a PNG or JPEG image',
    ],
    [
      'a .pdf that is not a PDF',
      {
        forParents: true,
        attachment: { name: 'letter.pdf', contentType: 'application/pdf', base64: 'TVqQAA==' },
      },
      'attachment',
      'is not a PDF',
    ],
    [
      'an attachment over 5 MB',
      {
        forParents: true,
        attachment: { name: 'letter.pdf', contentType: 'application/pdf', base64: tooBig },
      },
      'attachment',
      '5 MB or smaller',
    ],
    ['no title', { title: '   ', forParents: true }, 'title', 'Give the notice a title.'],
  ];

  it.each(cases)(
    'refuses %s with a plain message and writes nothing',
    async (_, fields, field, message) => {
      const before = await rowCounts();
      const refusal = await refusalOf(
        (await officeCaller()).admin.notices.save({
          ...blank,
          title: 'Checked notice',
          ...fields,
        } as Parameters<Awaited<ReturnType<typeof officeCaller>>['admin']['notices']['save']>[0]),
      );
      expect(refusal.code).toBe('BAD_REQUEST');
      expect(refusal.fieldErrors?.[field]?.join(' ')).toContain(message);
      expect(await rowCounts()).toEqual(before);
    },
  );
});

describe('attachments', () => {
  it('stores an allowed file typed by its contents, which readers can download, and removes it', async () => {
    const caller = await officeCaller();
    const { id } = await caller.admin.notices.save({
      ...blank,
      title: 'Trip letter',
      forParents: true,
      scopes: { yearGroups: [9], forms: [], groupIds: [] },
      publishAt: 'now',
      attachment: {
        name: 'C:\\fakepath\\Trip letter.pdf',
        contentType: 'application/octet-stream',
        base64: SMALL_PDF.toString('base64'),
      },
    });
    const file = await (await as(people.parent9!)).notices.attachment({ noticeId: id });
    expect(file).toMatchObject({ fileName: 'Trip letter.pdf', contentType: 'application/pdf' });
    expect(Buffer.from(file.data, 'base64').equals(SMALL_PDF)).toBe(true);
    expect((await caller.admin.notices.attachment({ noticeId: id })).fileName).toBe(
      'Trip letter.pdf',
    );
    const { notice } = await caller.admin.notices.get({ noticeId: id });
    expect(notice.attachment).toEqual({
      fileName: 'Trip letter.pdf',
      contentType: 'application/pdf',
      size: SMALL_PDF.length,
    });

    // Saved again without a file: the attachment stays; asked to remove it: it goes.
    await caller.admin.notices.save({
      ...blank,
      noticeId: id,
      title: 'Trip letter',
      forParents: true,
      scopes: { yearGroups: [9], forms: [], groupIds: [] },
    });
    expect((await caller.admin.notices.get({ noticeId: id })).notice.attachment).not.toBeNull();
    await caller.admin.notices.save({
      ...blank,
      noticeId: id,
      title: 'Trip letter',
      forParents: true,
      scopes: { yearGroups: [9], forms: [], groupIds: [] },
      removeAttachment: true,
    });
    expect((await caller.admin.notices.get({ noticeId: id })).notice.attachment).toBeNull();
  });
});

describe('unpublishing and deleting', () => {
  it('takes a scheduled notice back to a draft, withdraws a live one, and deletes only drafts', async () => {
    const caller = await officeCaller();
    const base = {
      ...blank,
      forParents: true,
      scopes: { yearGroups: [9], forms: [], groupIds: [] },
    };
    const scheduled = await caller.admin.notices.save({
      ...base,
      title: 'Scheduled then taken back',
      publishAt: schoolTime(later(24)),
    });
    expect(await caller.admin.notices.unpublish({ noticeId: scheduled.id })).toMatchObject({
      status: 'draft',
    });
    expect(await titlesSeenBy(people.parent9!, later(25))).not.toContain(
      'Scheduled then taken back',
    );

    const live = await caller.admin.notices.save({
      ...base,
      title: 'Published then withdrawn',
      publishAt: 'now',
    });
    expect(await titlesSeenBy(people.parent9!, later(1))).toContain('Published then withdrawn');
    const withdrawing = await callerFor(db, office, { now: later(1) });
    expect(await withdrawing.admin.notices.unpublish({ noticeId: live.id })).toMatchObject({
      status: 'expired',
    });
    expect(await titlesSeenBy(people.parent9!, later(1))).not.toContain('Published then withdrawn');
    const after = await withdrawing.admin.notices.get({ noticeId: live.id });
    expect(after.notice).toMatchObject({ status: 'expired', expiresAt: later(1) });
    expect(await auditOf('notice.withdrawn', live.id)).toHaveLength(1);
    expect(
      await refusalOf(withdrawing.admin.notices.unpublish({ noticeId: live.id })),
    ).toMatchObject({
      code: 'CONFLICT',
      message: 'This notice has already expired, so nobody sees it now.',
    });

    expect(await refusalOf(withdrawing.admin.notices.delete({ noticeId: live.id }))).toMatchObject({
      code: 'CONFLICT',
    });
    await withdrawing.admin.notices.delete({ noticeId: scheduled.id });
    expect(
      await db.selectFrom('notices').select('id').where('id', '=', scheduled.id).execute(),
    ).toEqual([]);
    const [deleted] = await auditOf('notice.deleted', scheduled.id);
    expect(deleted?.details).toMatchObject({ title: 'Scheduled then taken back' });
    expect(
      await refusalOf(withdrawing.admin.notices.get({ noticeId: scheduled.id })),
    ).toMatchObject({ code: 'NOT_FOUND', message: 'We could not find that notice.' });
  });

  it('refuses to publish a notice twice, or to move a published notice’s time', async () => {
    const caller = await officeCaller();
    const { id } = await caller.admin.notices.save({
      ...blank,
      title: 'Published once',
      forStaff: true,
      publishAt: 'now',
    });
    expect(await refusalOf(caller.admin.notices.publish({ noticeId: id }))).toMatchObject({
      code: 'CONFLICT',
      message: 'This notice has already been published.',
    });
    const moved = await refusalOf(
      caller.admin.notices.save({
        ...blank,
        noticeId: id,
        title: 'Published once',
        forStaff: true,
        publishAt: schoolTime(later(5)),
      }),
    );
    expect(moved.fieldErrors?.publishAt?.[0]).toContain('withdraw it');
  });
});

describe('audit', () => {
  it('records who saved and published what, with the audience in words', async () => {
    const caller = await callerFor(db, admin);
    const { id } = await caller.admin.notices.save({
      ...blank,
      title: 'Audited notice',
      forParents: true,
      scopes: { yearGroups: [7], forms: [], groupIds: [] },
    });
    await caller.admin.notices.publish({ noticeId: id, publishAt: schoolTime(later(6)) });
    const [saved] = await auditOf('notice.saved', id);
    expect(saved).toMatchObject({ actor_user_id: admin.userId, ip: '192.0.2.10' });
    expect(saved?.details).toMatchObject({
      created: true,
      title: 'Audited notice',
      status: 'draft',
      audience: 'Parents of Year 7',
      email_parents: false,
      attachment: 'unchanged',
    });
    const [published] = await auditOf('notice.published', id);
    expect(published?.details).toMatchObject({
      publish_at: later(6).toISOString(),
      emails_queued: null,
    });
  });
});
