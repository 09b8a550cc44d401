import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  newStudentUser,
  type TestUser,
} from './support/factories';
import { addTeachingGroup } from './support/attendance-behaviour-data';
import { pdfText } from './support/pdf-text';

// Issue 13: messages are in subject-access exports (P10, P15). The subject's own text is released;
// text anyone else wrote (staff replies, a parent's messages in a child's export) is third-party
// data, held back under "Review before release" for the data protection officer. A parent's
// export never holds another parent's or another family's thread.

const LATER = new Date(TEST_NOW.getTime() + 60 * 60 * 1000);

const MOTHER_TEXT = 'MOTHERWORDS Ella has a dentist appointment on Tuesday at 9.';
const MOTHER_AGAIN = 'MOTHERAGAIN Thank you, she will be back by 11.';
const STAFF_TEXT = 'STAFFWORDS Thanks, noted; Mr Jones will set her the homework.';
const FATHER_TEXT = 'FATHERWORDS Please send me the school photos.';
const OTHER_TEXT = 'OTHERFAMILYWORDS Leo forgot his lunch.';
const OTHER_REPLY = 'OTHERREPLYWORDS We will give him a school lunch.';
const HELD_TEXT = 'HELDFAMILYWORDS Sam will be late.';
const HELD_REPLY = 'HELDREPLYWORDS Thank you for telling us.';
const STUDENT_TEXT = 'STUDENTWORDS Can I hand my essay in on Friday?';
const TEACHER_TEXT = 'TEACHERWORDS Yes, Friday is fine.';
const HOLD_WORD = 'PANGOLINHOLD4421';

interface Message {
  author: string;
  fromSchool: boolean;
  text: string | null;
  heldForReview: boolean;
}
interface Thread {
  threadId: string;
  student: string;
  subject: string | null;
  startedBy: string;
  addressedTo: string;
  messages: Message[];
}
interface ReviewMessage {
  threadId: string;
  threadSubject: string;
  author: string;
  fromSchool: boolean;
  text: string;
  heldBackBecause: string;
}
type Json = {
  notes: string[];
  contents: { key: string; entries: number }[];
  messages: Thread[];
  reviewBeforeRelease?: {
    notForRelease: boolean;
    instruction: string;
    entries: unknown[];
    messages: ReviewMessage[];
  };
};

let db: Database;
let office: TestUser & { staffId: string };
let officeName: string;
let teacher: TestUser & { staffId: string };
let mother: TestUser & { contactId: string };
let father: TestUser & { contactId: string };
let otherParent: TestUser & { contactId: string };
let heldParent: TestUser & { contactId: string };
let ella: string;
let heldChild: string;
let motherThread: string;
let fatherThread: string;
let otherThread: string;
let heldThread: string;
let studentThread: string;

async function exportOf(kind: 'student' | 'contact', id: string, format: 'json' | 'pdf') {
  const caller = await callerFor(db, office, { now: LATER });
  const file =
    kind === 'student'
      ? await caller.admin.informationRequests.exportStudent({ studentId: id, format })
      : await caller.admin.informationRequests.exportContact({ contactId: id, format });
  return Buffer.from(file.base64, 'base64');
}
const jsonOf = async (kind: 'student' | 'contact', id: string) =>
  JSON.parse((await exportOf(kind, id, 'json')).toString('utf8')) as Json;

async function start(parent: TestUser, studentId: string, subject: string, body: string) {
  return (
    await (await callerFor(db, parent)).messages.start({ studentId, to: 'office', subject, body })
  ).threadId;
}

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
  officeName = (
    await db
      .selectFrom('staff')
      .select(['forename', 'surname'])
      .where('id', '=', office.staffId)
      .executeTakeFirstOrThrow()
  ).surname;
  officeName = `Pat ${officeName}`;
  teacher = await newStaff(db, ['teacher']);
  const dsl = await newStaff(db, ['dsl']);
  const admin = await newStaff(db, ['admin']);
  const asOffice = await callerFor(db, office);

  // Ella's parents, separated: each writes to the office on their own.
  ella = (await newStudent(db, { yearGroup: 10 })).studentId;
  mother = await newParent(db);
  father = await newParent(db);
  await link(db, mother.contactId, ella);
  await link(db, father.contactId, ella);
  motherThread = await start(mother, ella, 'Dentist on Tuesday', MOTHER_TEXT);
  await asOffice.admin.messages.reply({ threadId: motherThread, body: STAFF_TEXT });
  await (
    await callerFor(db, mother)
  ).messages.reply({ threadId: motherThread, body: MOTHER_AGAIN });
  fatherThread = await start(father, ella, 'School photos', FATHER_TEXT);

  // Ella writes to her teacher herself, once the school allows it.
  await addTeachingGroup(db, teacher.staffId, [ella]);
  await (
    await callerFor(db, admin)
  ).admin.messages.updateSettings({
    contactsWithoutPrMayWrite: false,
    studentsMayMessageTeachers: true,
    replyNotice: null,
  });
  const ellaUser = await newStudentUser(db, ella);
  studentThread = (
    await (
      await callerFor(db, ellaUser)
    ).messages.start({ studentId: ella, to: teacher.staffId, subject: 'Essay', body: STUDENT_TEXT })
  ).threadId;
  await (
    await callerFor(db, teacher)
  ).admin.messages.reply({ threadId: studentThread, body: TEACHER_TEXT });

  // Another family's thread.
  const leo = (await newStudent(db)).studentId;
  otherParent = await newParent(db);
  await link(db, otherParent.contactId, leo);
  otherThread = await start(otherParent, leo, 'Lunch', OTHER_TEXT);
  await asOffice.admin.messages.reply({ threadId: otherThread, body: OTHER_REPLY });

  // A family whose child is then put under a child-protection hold.
  heldChild = (await newStudent(db)).studentId;
  heldParent = await newParent(db);
  await link(db, heldParent.contactId, heldChild);
  heldThread = await start(heldParent, heldChild, 'Late today', HELD_TEXT);
  await asOffice.admin.messages.reply({ threadId: heldThread, body: HELD_REPLY });
  await (
    await callerFor(db, dsl)
  ).safeguarding.holds.place({
    studentId: heldChild,
    reason: `Concern ${HOLD_WORD}`,
    scope: 'this_student_only',
    scopeReason: 'Only this child.',
  });
});

describe('the export about a parent', () => {
  let data: Json;
  let text: string;
  beforeAll(async () => {
    data = await jsonOf('contact', mother.contactId);
  });

  it('holds the thread she started, with who wrote each message and her own words', () => {
    expect(data.messages).toHaveLength(1);
    const [thread] = data.messages;
    expect(thread).toMatchObject({
      threadId: motherThread,
      subject: 'Dentist on Tuesday',
      addressedTo: 'The school office',
    });
    expect(thread?.messages).toEqual([
      {
        at: expect.any(String),
        author: expect.stringMatching(/^Alex Parent/),
        fromSchool: false,
        text: MOTHER_TEXT,
        heldForReview: false,
      },
      {
        at: expect.any(String),
        author: officeName,
        fromSchool: true,
        text: null,
        heldForReview: true,
      },
      {
        at: expect.any(String),
        author: expect.stringMatching(/^Alex Parent/),
        fromSchool: false,
        text: MOTHER_AGAIN,
        heldForReview: false,
      },
    ]);
    expect(data.contents).toContainEqual(expect.objectContaining({ key: 'messages', entries: 1 }));
  });

  it('holds the staff reply back for review, marked not for release', () => {
    const review = data.reviewBeforeRelease;
    expect(review?.notForRelease).toBe(true);
    expect(review?.instruction).toMatch(/^Not for release\. For the data protection officer/);
    expect(review?.entries).toEqual([]);
    expect(review?.messages).toEqual([
      {
        threadId: motherThread,
        threadSubject: 'Dentist on Tuesday',
        at: expect.any(String),
        author: officeName,
        fromSchool: true,
        text: STAFF_TEXT,
        heldBackBecause: 'Written by a member of staff',
      },
    ]);
    expect(data.notes.some((n) => n.includes('Messages to review before release'))).toBe(true);
  });

  it('never holds the other parent’s or another family’s thread', () => {
    const all = JSON.stringify(data);
    for (const word of [
      'FATHERWORDS',
      'OTHERFAMILYWORDS',
      'OTHERREPLYWORDS',
      'HELDFAMILYWORDS',
      'STUDENTWORDS',
      'TEACHERWORDS',
    ]) {
      expect(all).not.toContain(word);
    }
    expect(all).not.toContain(fatherThread);
    expect(all).not.toContain(otherThread);
  });

  it('prints the staff reply only in the review section of the PDF', async () => {
    text = pdfText(await exportOf('contact', mother.contactId, 'pdf'));
    const review = text.lastIndexOf('1. Messages to review before release (not for release)');
    const personal = text.lastIndexOf('2. Personal data');
    expect(review).toBeGreaterThan(0);
    expect(personal).toBeGreaterThan(review);
    const held = text.slice(review, personal);
    expect(held).toContain('Not for release.');
    expect(held).toContain('STAFFWORDS');
    const rest = text.slice(personal);
    expect(rest).not.toContain('STAFFWORDS');
    expect(rest).toContain('MOTHERWORDS');
    expect(rest).toContain('Held for review before release');
    expect(text).not.toContain('FATHERWORDS');
    expect(text).not.toContain('OTHERFAMILYWORDS');
  });

  it('has no review section when nobody else wrote in their threads', async () => {
    const fathers = await jsonOf('contact', father.contactId);
    expect(fathers.messages.map((t) => t.threadId)).toEqual([fatherThread]);
    expect(fathers.messages[0]?.messages[0]?.text).toBe(FATHER_TEXT);
    expect(fathers.reviewBeforeRelease).toBeUndefined();
    expect(JSON.stringify(fathers)).not.toContain('MOTHERWORDS');
  });
});

describe('the export about a child', () => {
  let data: Json;
  beforeAll(async () => {
    data = await jsonOf('student', ella);
  });

  it('holds every thread about the child, releasing only the child’s own words', () => {
    expect(data.messages.map((t) => t.threadId).sort()).toEqual(
      [motherThread, fatherThread, studentThread].sort(),
    );
    const own = data.messages.find((t) => t.threadId === studentThread);
    expect(own?.subject).toBe('Essay');
    expect(own?.messages.map((m) => [m.text, m.heldForReview])).toEqual([
      [STUDENT_TEXT, false],
      [null, true],
    ]);
    // Her parents' threads: the subjects and every message are other people's words.
    const parents = data.messages.filter((t) => t.threadId !== studentThread);
    expect(parents.every((t) => t.subject === null)).toBe(true);
    expect(
      parents.flatMap((t) => t.messages).every((m) => m.text === null && m.heldForReview),
    ).toBe(true);
    const released = JSON.stringify({ ...data, reviewBeforeRelease: undefined });
    for (const word of [
      'MOTHERWORDS',
      'MOTHERAGAIN',
      'STAFFWORDS',
      'FATHERWORDS',
      'TEACHERWORDS',
    ]) {
      expect(released).not.toContain(word);
    }
  });

  it('lists other people’s messages for review, and nothing of another family', () => {
    const held = data.reviewBeforeRelease?.messages ?? [];
    expect(held.map((m) => [m.text, m.heldBackBecause]).sort()).toEqual(
      [
        [MOTHER_TEXT, 'Written by another person (third party)'],
        [STAFF_TEXT, 'Written by a member of staff'],
        [MOTHER_AGAIN, 'Written by another person (third party)'],
        [FATHER_TEXT, 'Written by another person (third party)'],
        [TEACHER_TEXT, 'Written by a member of staff'],
      ].sort(),
    );
    expect(JSON.stringify(data)).not.toContain('OTHERFAMILYWORDS');
    expect(JSON.stringify(data)).not.toContain('HELDFAMILYWORDS');
  });

  it('prints them in the PDF after the audit entries to review, and nowhere else', async () => {
    const text = pdfText(await exportOf('student', ella, 'pdf'));
    const entries = text.lastIndexOf('1. Review before release (not for release)');
    const review = text.lastIndexOf('2. Messages to review before release (not for release)');
    const personal = text.lastIndexOf('3. Personal data');
    expect(entries).toBeGreaterThan(0);
    expect(review).toBeGreaterThan(entries);
    expect(personal).toBeGreaterThan(review);
    const held = text.slice(review, personal);
    for (const word of ['MOTHERWORDS', 'STAFFWORDS', 'FATHERWORDS', 'TEACHERWORDS']) {
      expect(held).toContain(word);
      expect(text.slice(personal)).not.toContain(word);
    }
    expect(text.slice(personal)).toContain('STUDENTWORDS');
    expect(text).not.toContain('OTHERFAMILYWORDS');
  });
});

describe('a child under a hold', () => {
  it('exports the threads as the rest of the records, never the hold', async () => {
    // The export does not leave records out for a hold (only the child-protection records
    // themselves): the family's thread is there, the staff reply held for review.
    const parents = await jsonOf('contact', heldParent.contactId);
    expect(parents.messages.map((t) => t.threadId)).toEqual([heldThread]);
    expect(parents.messages[0]?.messages[0]?.text).toBe(HELD_TEXT);
    expect(parents.reviewBeforeRelease?.messages.map((m) => m.text)).toEqual([HELD_REPLY]);
    const childs = await jsonOf('student', heldChild);
    expect(childs.messages.map((t) => t.threadId)).toEqual([heldThread]);
    for (const json of [parents, childs]) {
      expect(JSON.stringify(json)).not.toContain(HOLD_WORD);
    }
  });
});
