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

type Caller = Awaited<ReturnType<typeof callerFor>>;

/** Every view of one student's records, called for `studentId`. */
const VIEWS: Record<string, (caller: Caller, studentId: string) => Promise<unknown>> = {
  'students.byId': (c, studentId) => c.students.byId({ studentId }),
  'portal.overview': (c, studentId) => c.portal.overview({ studentId }),
  'timetable.forStudent': (c, studentId) => c.timetable.forStudent({ studentId }),
  'attendance.forStudent': (c, studentId) => c.attendance.forStudent({ studentId }),
  'behaviour.forStudent': (c, studentId) => c.behaviour.forStudent({ studentId }),
  'reports.forStudent': (c, studentId) => c.reports.forStudent({ studentId }),
  'reports.get': (c, studentId) => c.reports.get({ studentId, reportId: crypto.randomUUID() }),
  'reports.pdf': (c, studentId) => c.reports.pdf({ studentId, reportId: crypto.randomUUID() }),
};

let db: Database;
const ids: Record<'daniel' | 'amara' | 'stranger', string> = {
  daniel: '',
  amara: '',
  stranger: '',
};
const users: Record<'parent' | 'student' | 'teacher' | 'governor' | 'dsl', TestUser> = {} as never;

beforeAll(async () => {
  db = await freshDatabase();
  const parent = await newParent(db);
  ids.daniel = (await newStudent(db, { yearGroup: 10 })).studentId;
  ids.amara = (await newStudent(db, { yearGroup: 8 })).studentId;
  ids.stranger = (await newStudent(db, { yearGroup: 10 })).studentId;
  await link(db, parent.contactId, ids.daniel);
  await link(db, parent.contactId, ids.amara);
  await link(db, (await newParent(db)).contactId, ids.stranger);
  const teacher = await newStaff(db, ['teacher']);
  const group = await db
    .insertInto('teaching_groups')
    .values({
      code: '10/En',
      subject: 'English',
      year_group: 10,
      teacher_staff_id: teacher.staffId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('teaching_group_members')
    .values({ group_id: group.id, student_id: ids.daniel })
    .execute();
  Object.assign(users, {
    parent,
    student: await newStudentUser(db, ids.daniel),
    teacher,
    governor: await newStaff(db, ['governor']),
    dsl: await newStaff(db, ['dsl']),
  });
});

async function answer(call: Promise<unknown>) {
  return call.then(
    () => 'shown',
    (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
  );
}

const NOT_FOUND = 'NOT_FOUND: We could not find that student.';

describe.each(Object.keys(VIEWS))('%s', (path) => {
  const view = VIEWS[path]!;

  it('answers "not found", word for word as for a student who does not exist, to anyone not entitled', async () => {
    const cases: [keyof typeof users, keyof typeof ids][] = [
      ['parent', 'stranger'], // another family's child
      ['student', 'amara'], // a sibling
      ['teacher', 'amara'], // a student they do not teach
      ['governor', 'daniel'], // governors see no pupil data (P9)
      ['dsl', 'daniel'],
    ];
    for (const [who, student] of cases) {
      const caller = await callerFor(db, users[who]);
      expect(await answer(view(caller, ids[student])), `${who} asking for ${student}`).toBe(
        NOT_FOUND,
      );
    }
    const caller = await callerFor(db, users.parent);
    expect(await answer(view(caller, crypto.randomUUID())), 'a student who does not exist').toBe(
      NOT_FOUND,
    );
  });

  it('lets the parent, the student and their teacher past the same check', async () => {
    for (const who of ['parent', 'student', 'teacher'] as const) {
      const outcome = await answer(view(await callerFor(db, users[who]), ids.daniel));
      // A made-up report id is "not found" as a report, never as the student.
      expect(outcome, who).not.toBe(NOT_FOUND);
    }
  });
});
