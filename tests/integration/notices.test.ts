import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { unreadNoticesFor } from '../../packages/api/src/notices';
import { freshDatabase } from './support/database';
import {
  callerFor,
  contextFor,
  link,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  sessionTokenFor,
  type TestUser,
} from './support/factories';
import { SMALL_PDF, daysAgo, newNotice, newTeachingGroup, placeHold } from './support/notices-data';
import { refusalOf } from './support/refusal';

let db: Database;
const users: Record<string, TestUser> = {};
const notices: Record<string, string> = {};
let authorName: string;

const NOT_FOUND = { code: 'NOT_FOUND', message: 'We could not find that notice.' };

beforeAll(async () => {
  db = await freshDatabase();

  const author = await newStaff(db, ['office']);
  await db.updateTable('staff').set({ title: 'Mrs' }).where('id', '=', author.staffId).execute();
  const staffRow = await db
    .selectFrom('staff')
    .select(['forename', 'surname'])
    .where('id', '=', author.staffId)
    .executeTakeFirstOrThrow();
  authorName = `Mrs ${staffRow.forename} ${staffRow.surname}`;
  users.office = author;
  users.admin = await newStaff(db, ['admin']);
  const teacher = await newStaff(db, ['teacher']);
  users.teacher = teacher;
  users.dsl = await newStaff(db, ['dsl']);
  users.governor = await newStaff(db, ['governor']);

  const year10 = (await newStudent(db, { yearGroup: 10 })).studentId;
  const year8 = (await newStudent(db, { yearGroup: 8 })).studentId;
  const leftYear10 = (await newStudent(db, { yearGroup: 10, leavingDate: '2026-07-22' })).studentId;
  const heldYear10 = (await newStudent(db, { yearGroup: 10 })).studentId;

  const parent10 = await newParent(db);
  await link(db, parent10.contactId, year10);
  users.parent10 = parent10;
  const parent8 = await newParent(db);
  await link(db, parent8.contactId, year8);
  users.parent8 = parent8;
  const parentOfLeaver = await newParent(db);
  await link(db, parentOfLeaver.contactId, leftYear10);
  users.parentOfLeaver = parentOfLeaver;
  const parentOfHeld = await newParent(db);
  await link(db, parentOfHeld.contactId, heldYear10);
  await placeHold(db, heldYear10, users.dsl.userId);
  users.parentOfHeld = parentOfHeld;
  users.student10 = await newStudentUser(db, year10);

  const maths = await newTeachingGroup(db, {
    subject: 'Mathematics',
    yearGroup: 10,
    teacherStaffId: teacher.staffId,
    studentIds: [year10],
  });

  const by = author.userId;
  notices.photos = await newNotice(db, {
    title: 'School photographs',
    forParents: true,
    forStudents: true,
    authorUserId: by,
    publishAt: daysAgo(5),
  });
  notices.parentsEvening = await newNotice(db, {
    title: "Parents' evening",
    forParents: true,
    authorUserId: by,
    publishAt: daysAgo(4),
  });
  notices.mocks = await newNotice(db, {
    title: 'Year 10 mock exams',
    body: '# Mock exams\n\nThey start on **Monday**.',
    forParents: true,
    scopes: [{ yearGroup: 10 }],
    authorUserId: by,
    publishAt: daysAgo(3),
  });
  notices.trip = await newNotice(db, {
    title: 'Year 8 trip',
    forParents: true,
    scopes: [{ yearGroup: 8 }],
    authorUserId: by,
    attachment: { name: 'Trip letter.pdf', type: 'application/pdf', data: SMALL_PDF },
    publishAt: daysAgo(2),
  });
  notices.form8 = await newNotice(db, {
    title: '8N form assembly',
    forParents: true,
    scopes: [{ form: '8N' }],
    publishAt: daysAgo(1.5),
  });
  notices.mathsGroup = await newNotice(db, {
    title: 'Maths set homework',
    forParents: true,
    scopes: [{ groupId: maths }],
    publishAt: daysAgo(2),
  });
  notices.revision10 = await newNotice(db, {
    title: 'Year 10 revision sessions',
    forStudents: true,
    scopes: [{ yearGroup: 10 }],
    publishAt: daysAgo(2),
  });
  notices.clubs8 = await newNotice(db, {
    title: 'Year 8 clubs',
    forStudents: true,
    scopes: [{ yearGroup: 8 }],
    publishAt: daysAgo(2),
  });
  notices.staff = await newNotice(db, {
    title: 'Staff briefing',
    forStaff: true,
    publishAt: daysAgo(1),
  });
  notices.governors = await newNotice(db, {
    title: 'Governors meeting',
    forGovernors: true,
    publishAt: daysAgo(1),
  });
  notices.expired = await newNotice(db, {
    title: 'Summer fair',
    forParents: true,
    forStudents: true,
    forStaff: true,
    forGovernors: true,
    publishAt: daysAgo(30),
    expiresAt: daysAgo(1),
  });
  notices.scheduled = await newNotice(db, {
    title: 'Christmas concert',
    forParents: true,
    forStudents: true,
    forStaff: true,
    forGovernors: true,
    publishAt: daysAgo(-3),
  });
  notices.draft = await newNotice(db, {
    title: 'Draft notice',
    forParents: true,
    forStaff: true,
    publishAt: null,
  });
  notices.script = await newNotice(db, {
    title: 'Sneaky notice',
    body: 'Hello <script>alert(1)</script> and [a link](javascript:alert(2))',
    forParents: true,
    scopes: [{ yearGroup: 10 }],
    publishAt: daysAgo(6),
  });
});

async function titlesFor(user: TestUser, now?: Date) {
  const list = await (await callerFor(db, user, now ? { now } : {})).notices.list({});
  return list.notices.map((n) => n.title).sort();
}

describe('who sees which notices', () => {
  it('a Year 10 parent sees whole-school, Year 10 and their child’s teaching-group notices, and nothing else', async () => {
    expect(await titlesFor(users.parent10!)).toEqual(
      [
        'Maths set homework',
        "Parents' evening",
        'School photographs',
        'Sneaky notice',
        'Year 10 mock exams',
      ].sort(),
    );
  });

  it('a Year 8 parent sees the Year 8 and form 8N notices and not the Year 10 one', async () => {
    const titles = await titlesFor(users.parent8!);
    expect(titles).toEqual(
      ['8N form assembly', "Parents' evening", 'School photographs', 'Year 8 trip'].sort(),
    );
    expect(
      await refusalOf(
        (await callerFor(db, users.parent8!)).notices.get({ noticeId: notices.mocks! }),
      ),
    ).toMatchObject(NOT_FOUND);
  });

  it('a parent whose only child has left, or is under a safeguarding hold, sees only whole-school parent notices', async () => {
    for (const parent of [users.parentOfLeaver!, users.parentOfHeld!]) {
      expect(await titlesFor(parent)).toEqual(["Parents' evening", 'School photographs']);
      expect(
        await refusalOf((await callerFor(db, parent)).notices.get({ noticeId: notices.mocks! })),
      ).toMatchObject(NOT_FOUND);
    }
  });

  it('a student sees student notices for the whole school and their year, and no parent-only ones', async () => {
    expect(await titlesFor(users.student10!)).toEqual(
      ['School photographs', 'Year 10 revision sessions'].sort(),
    );
    const caller = await callerFor(db, users.student10!);
    expect(
      await refusalOf(caller.notices.get({ noticeId: notices.parentsEvening! })),
    ).toMatchObject(NOT_FOUND);
  });

  it('a governor sees governor notices only, and nothing addressed to families or staff', async () => {
    expect(await titlesFor(users.governor!)).toEqual(['Governors meeting']);
    const caller = await callerFor(db, users.governor!);
    for (const id of [notices.mocks!, notices.photos!, notices.staff!]) {
      expect(await refusalOf(caller.notices.get({ noticeId: id }))).toMatchObject(NOT_FOUND);
    }
  });

  it('teachers and DSLs see staff notices', async () => {
    expect(await titlesFor(users.teacher!)).toEqual(['Staff briefing']);
    expect(await titlesFor(users.dsl!)).toEqual(['Staff briefing']);
  });

  it('office and admin, who run notices, see every live notice whoever it is for', async () => {
    const live = [
      '8N form assembly',
      'Governors meeting',
      'Maths set homework',
      "Parents' evening",
      'School photographs',
      'Sneaky notice',
      'Staff briefing',
      'Year 10 mock exams',
      'Year 10 revision sessions',
      'Year 8 clubs',
      'Year 8 trip',
    ].sort();
    expect(await titlesFor(users.office!)).toEqual(live);
    expect(await titlesFor(users.admin!)).toEqual(live);
  });

  it('hides expired, scheduled and draft notices from everyone, even by id', async () => {
    const caller = await callerFor(db, users.admin!);
    for (const id of [notices.expired!, notices.scheduled!, notices.draft!]) {
      expect(await refusalOf(caller.notices.get({ noticeId: id }))).toMatchObject(NOT_FOUND);
    }
    expect(await refusalOf(caller.notices.get({ noticeId: crypto.randomUUID() }))).toMatchObject(
      NOT_FOUND,
    );
  });

  it('shows a scheduled notice once its time comes', async () => {
    const later = daysAgo(-4);
    expect(await titlesFor(users.parent10!, later)).toContain('Christmas concert');
    expect(await titlesFor(users.governor!, later)).toEqual([
      'Christmas concert',
      'Governors meeting',
    ]);
  });
});

describe('the list', () => {
  it('is newest first with an excerpt, author, attachment name and when each was last updated', async () => {
    const list = await (await callerFor(db, users.parent8!)).notices.list();
    expect(list.notices.map((n) => n.title)).toEqual([
      '8N form assembly',
      'Year 8 trip',
      "Parents' evening",
      'School photographs',
    ]);
    const trip = list.notices.find((n) => n.id === notices.trip)!;
    expect(trip).toMatchObject({
      excerpt: 'About Year 8 trip.',
      authorName,
      attachmentName: 'Trip letter.pdf',
      read: false,
    });
    expect(trip.publishAt).toEqual(daysAgo(2));
    expect(trip.updatedAt).toBeInstanceOf(Date);
    expect(list).toMatchObject({ total: 4, unread: 4, page: 1, pageSize: 20 });
  });

  it('pages through more than twenty notices', async () => {
    const office = await newStaff(db, ['office']);
    const before = (await (await callerFor(db, office)).notices.list()).total;
    const added = 22 - before;
    for (let i = 0; i < added; i++) {
      await newNotice(db, { title: `Bulletin ${i}`, forStaff: true, publishAt: daysAgo(40 + i) });
    }
    const caller = await callerFor(db, office);
    const first = await caller.notices.list({ page: 1 });
    const second = await caller.notices.list({ page: 2 });
    expect(first.total).toBe(22);
    expect(first.notices).toHaveLength(20);
    expect(second.notices).toHaveLength(2);
    // The oldest two come last.
    expect(second.notices.map((n) => n.title)).toEqual([
      `Bulletin ${added - 2}`,
      `Bulletin ${added - 1}`,
    ]);
    expect(new Set([...first.notices, ...second.notices].map((n) => n.id)).size).toBe(22);
    expect(await refusalOf(caller.notices.list({ page: 0 }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('opening a notice', () => {
  it('shows the rendered body, who it is for, the author and the attachment', async () => {
    const caller = await callerFor(db, users.parent8!);
    const trip = await caller.notices.get({ noticeId: notices.trip! });
    expect(trip).toMatchObject({
      title: 'Year 8 trip',
      html: '<p>About Year 8 trip.</p>\n',
      authorName,
      audience: 'Parents of Year 8',
      attachment: {
        fileName: 'Trip letter.pdf',
        contentType: 'application/pdf',
        size: SMALL_PDF.length,
      },
      expiresAt: null,
    });
    expect(trip.updatedAt).toBeInstanceOf(Date);
    const mocks = await (
      await callerFor(db, users.parent10!)
    ).notices.get({
      noticeId: notices.mocks!,
    });
    expect(mocks.html).toBe('<h2>Mock exams</h2>\n<p>They start on <strong>Monday</strong>.</p>\n');
    expect(mocks.attachment).toBeNull();
  });

  it('renders Markdown with a script in it inert', async () => {
    const caller = await callerFor(db, users.parent10!);
    const notice = await caller.notices.get({ noticeId: notices.script! });
    expect(notice.html).not.toContain('<script');
    expect(notice.html).not.toMatch(/href=/i);
    expect(notice.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const listed = (await caller.notices.list()).notices.find((n) => n.id === notices.script);
    // The excerpt is plain text, which the page escapes like any other text; the refused link
    // stays as the words the author typed, as it does in the body.
    expect(listed?.excerpt).toBe(
      'Hello <script>alert(1)</script> and [a link](javascript:alert(2))',
    );
  });

  it('records exactly one read receipt however often it is opened, and the list then shows it read', async () => {
    const parent = await newParent(db);
    const child = (await newStudent(db, { yearGroup: 10 })).studentId;
    await link(db, parent.contactId, child);
    const caller = await callerFor(db, parent);
    const before = await caller.notices.list();
    expect(before.notices.find((n) => n.id === notices.mocks)?.read).toBe(false);

    await caller.notices.get({ noticeId: notices.mocks! });
    await caller.notices.get({ noticeId: notices.mocks! });

    const receipts = await db
      .selectFrom('notice_reads')
      .selectAll()
      .where('user_id', '=', parent.userId)
      .execute();
    expect(receipts).toEqual([
      { notice_id: notices.mocks, user_id: parent.userId, read_at: expect.any(Date) as Date },
    ]);
    const after = await caller.notices.list();
    expect(after.notices.find((n) => n.id === notices.mocks)?.read).toBe(true);
    expect(after.unread).toBe(before.unread - 1);

    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'details', 'student_id'])
      .where('actor_user_id', '=', parent.userId)
      .where('action', '=', 'notice.read')
      .execute();
    expect(audit).toEqual([
      { action: 'notice.read', details: { notice_id: notices.mocks }, student_id: null },
    ]);
  });

  it('refuses a reference that is not an id', async () => {
    const caller = await callerFor(db, users.parent10!);
    expect(await refusalOf(caller.notices.get({ noticeId: 'not-an-id' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Please check your answers: That is not a valid notice reference.',
    });
  });
});

describe('the attachment', () => {
  it('downloads for those who may see the notice', async () => {
    const file = await (
      await callerFor(db, users.parent8!)
    ).notices.attachment({
      noticeId: notices.trip!,
    });
    expect(file.fileName).toBe('Trip letter.pdf');
    expect(file.contentType).toBe('application/pdf');
    expect(Buffer.from(file.data, 'base64').subarray(0, 4).toString()).toBe('%PDF');
  });

  it('is "not found" for anyone else, and for a notice without one', async () => {
    for (const user of [users.parent10!, users.governor!, users.student10!, users.teacher!]) {
      const caller = await callerFor(db, user);
      expect(await refusalOf(caller.notices.attachment({ noticeId: notices.trip! }))).toMatchObject(
        { code: 'NOT_FOUND' },
      );
    }
    const caller = await callerFor(db, users.parent10!);
    expect(await refusalOf(caller.notices.attachment({ noticeId: notices.mocks! }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('unread notices for the home page', () => {
  it('counts every unread notice and lists the newest few, in one query', async () => {
    const parent = await newParent(db);
    const child = (await newStudent(db, { yearGroup: 8 })).studentId;
    await link(db, parent.contactId, child);
    const ctx = await contextFor(db, await sessionTokenFor(db, parent));
    const reader = { db: ctx.db, now: ctx.now, user: ctx.user! };
    const queries: string[] = [];
    const counting = reader.db.withPlugin({
      transformQuery: (args) => {
        queries.push(args.node.kind);
        return args.node;
      },
      transformResult: async (args) => args.result,
    });

    const unread = await unreadNoticesFor({ ...reader, db: counting }, 2);
    expect(queries).toHaveLength(1);
    expect(unread.count).toBe(4);
    expect(unread.newest.map((n) => n.title)).toEqual(['8N form assembly', 'Year 8 trip']);
    expect(unread.newest[0]?.publishAt).toEqual(daysAgo(1.5));

    await (await callerFor(db, parent)).notices.get({ noticeId: notices.trip! });
    const after = await unreadNoticesFor(reader, 2);
    expect(after.count).toBe(3);
    expect(after.newest.map((n) => n.title)).toEqual(['8N form assembly', "Parents' evening"]);
  });
});
