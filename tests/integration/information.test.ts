import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  type TestUser,
} from './support/factories';
import { SMALL_PDF, newInfoDocument, newInfoPage } from './support/notices-data';
import { refusalOf } from './support/refusal';

let db: Database;
const users: Record<string, TestUser> = {};
const documents: Record<string, string> = {};

const PAGE_NOT_FOUND = { code: 'NOT_FOUND', message: 'We could not find that page.' };
const DOCUMENT_NOT_FOUND = { code: 'NOT_FOUND', message: 'We could not find that document.' };

beforeAll(async () => {
  db = await freshDatabase();
  const parent = await newParent(db);
  const child = (await newStudent(db, { yearGroup: 9 })).studentId;
  await link(db, parent.contactId, child);
  users.parent = parent;
  users.student = await newStudentUser(db, child);
  for (const role of ['teacher', 'dsl', 'office', 'admin', 'governor'] as const) {
    users[role] = await newStaff(db, [role]);
  }

  const termDates = await newInfoPage(db, {
    slug: 'term-dates',
    title: 'Term dates',
    summary: 'When the school is open this year.',
    body: '## Autumn term\n\nStarts on **Wednesday 2 September**.\n\n<script>alert(1)</script>',
    sortOrder: 1,
  });
  documents.termDates = await newInfoDocument(db, termDates, {
    title: 'Term dates 2026 to 2027',
    fileName: 'term-dates-2026-27.pdf',
  });
  await newInfoPage(db, {
    slug: 'uniform',
    title: 'Uniform',
    summary: null,
    body: 'A **navy** blazer with the school badge, and black shoes.',
    forStaff: false,
    forGovernors: false,
    sortOrder: 2,
  });
  await newInfoPage(db, {
    slug: 'homework-club',
    title: 'Homework club',
    forParents: false,
    forStaff: false,
    forGovernors: false,
    sortOrder: 3,
  });
  const staffHandbook = await newInfoPage(db, {
    slug: 'staff-handbook',
    title: 'Staff handbook',
    forParents: false,
    forStudents: false,
    forGovernors: false,
    sortOrder: 4,
  });
  documents.staff = await newInfoDocument(db, staffHandbook, {
    title: 'Handbook',
    fileName: 'handbook.docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    data: Buffer.from('PK staff only'),
  });
  await newInfoPage(db, {
    slug: 'governing-body',
    title: 'Governing body',
    forParents: false,
    forStudents: false,
    forStaff: false,
    sortOrder: 5,
  });
});

async function slugsFor(user: TestUser) {
  return (await (await callerFor(db, user)).information.list()).map((p) => p.slug);
}

describe('which pages each audience sees', () => {
  it('parents see the pages for parents, in the school’s order', async () => {
    expect(await slugsFor(users.parent!)).toEqual(['term-dates', 'uniform']);
  });

  it('students see the pages for students', async () => {
    expect(await slugsFor(users.student!)).toEqual(['term-dates', 'uniform', 'homework-club']);
  });

  it('teachers and DSLs see the pages for staff', async () => {
    expect(await slugsFor(users.teacher!)).toEqual(['term-dates', 'staff-handbook']);
    expect(await slugsFor(users.dsl!)).toEqual(['term-dates', 'staff-handbook']);
  });

  it('governors see the pages for governors', async () => {
    expect(await slugsFor(users.governor!)).toEqual(['term-dates', 'governing-body']);
  });

  it('office and admin, who write them, see every page', async () => {
    const all = ['term-dates', 'uniform', 'homework-club', 'staff-handbook', 'governing-body'];
    expect(await slugsFor(users.office!)).toEqual(all);
    expect(await slugsFor(users.admin!)).toEqual(all);
  });
});

describe('the list', () => {
  it('gives each page a summary (or the start of its text), its documents and when it was last updated', async () => {
    const pages = await (await callerFor(db, users.parent!)).information.list();
    expect(pages[0]).toMatchObject({
      slug: 'term-dates',
      title: 'Term dates',
      summary: 'When the school is open this year.',
      documents: [
        {
          id: documents.termDates,
          title: 'Term dates 2026 to 2027',
          fileName: 'term-dates-2026-27.pdf',
          contentType: 'application/pdf',
          size: SMALL_PDF.length,
        },
      ],
    });
    expect(pages[0]?.updatedAt).toBeInstanceOf(Date);
    expect(pages[0]?.documents[0]?.updatedAt).toBeInstanceOf(Date);
    expect(pages[1]).toMatchObject({
      slug: 'uniform',
      summary: 'A navy blazer with the school badge, and black shoes.',
      documents: [],
    });
  });
});

describe('a page', () => {
  it('comes with its body rendered safely and its documents', async () => {
    const page = await (
      await callerFor(db, users.parent!)
    ).information.page({
      slug: 'term-dates',
    });
    expect(page.title).toBe('Term dates');
    expect(page.html).toContain('<h2>Autumn term</h2>');
    expect(page.html).toContain('<strong>Wednesday 2 September</strong>');
    expect(page.html).not.toContain('<script');
    expect(page.html).toContain('&lt;script&gt;');
    expect(page.documents.map((d) => d.id)).toEqual([documents.termDates]);
    expect(page.updatedAt).toBeInstanceOf(Date);
  });

  it('is "not found" when it is not for this user, just as when there is no such page', async () => {
    const parent = await callerFor(db, users.parent!);
    expect(await refusalOf(parent.information.page({ slug: 'staff-handbook' }))).toMatchObject(
      PAGE_NOT_FOUND,
    );
    expect(await refusalOf(parent.information.page({ slug: 'no-such-page' }))).toMatchObject(
      PAGE_NOT_FOUND,
    );
    const governor = await callerFor(db, users.governor!);
    expect(await refusalOf(governor.information.page({ slug: 'uniform' }))).toMatchObject(
      PAGE_NOT_FOUND,
    );
    await expect(governor.information.page({ slug: 'governing-body' })).resolves.toMatchObject({
      title: 'Governing body',
    });
  });

  it('refuses an address that could not be a page', async () => {
    const parent = await callerFor(db, users.parent!);
    expect(await refusalOf(parent.information.page({ slug: '../admin' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Please check your answers: That is not a valid page address.',
    });
  });
});

describe('a document', () => {
  it('downloads when its page is for this user', async () => {
    const file = await (
      await callerFor(db, users.parent!)
    ).information.document({
      documentId: documents.termDates!,
    });
    expect(file.fileName).toBe('term-dates-2026-27.pdf');
    expect(file.contentType).toBe('application/pdf');
    expect(Buffer.from(file.data, 'base64').equals(SMALL_PDF)).toBe(true);
  });

  it('is "not found" when its page is not for this user', async () => {
    for (const user of [users.parent!, users.student!, users.governor!]) {
      const caller = await callerFor(db, user);
      expect(
        await refusalOf(caller.information.document({ documentId: documents.staff! })),
      ).toMatchObject(DOCUMENT_NOT_FOUND);
    }
    const teacher = await callerFor(db, users.teacher!);
    const file = await teacher.information.document({ documentId: documents.staff! });
    expect(Buffer.from(file.data, 'base64').toString()).toBe('PK staff only');
    expect(
      await refusalOf(teacher.information.document({ documentId: crypto.randomUUID() })),
    ).toMatchObject(DOCUMENT_NOT_FOUND);
  });
});
