import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { newestReportFor } from '../../packages/api/src/reports';
import { freshDatabase } from './support/database';
import {
  callerFor,
  link,
  newParent,
  newStaff,
  newStudentUser,
  TEST_NOW,
  type TestUser,
} from './support/factories';
import { pdfInfo, pdfText } from './support/pdf-text';
import { countingQueries } from './support/query-counter';
import { refusalOf } from './support/refusal';
import {
  nameStaff,
  newNamedStudent,
  newReport,
  newReportCycle,
  teachGroup,
} from './support/reports-data';

const DAY = 24 * 60 * 60 * 1000;
const SCHOOL = 'Northfield Test Academy';
const LONG_COMMENT =
  'Amara reads widely and her written answers are thoughtful and well organised. ' +
  'She now needs to plan longer pieces before she starts writing, and to check her spelling ' +
  'of subject words. Her contributions to class discussion are excellent and she listens ' +
  'carefully to others. To reach her target she should read one new novel each half term.';

let db: Database;
let parent: TestUser & { contactId: string };
let teacher: TestUser & { staffId: string };
let tutorId: string;
const students: Record<'amara' | 'daniel' | 'otherChild' | 'noReports', string> = {
  amara: '',
  daniel: '',
  otherChild: '',
  noReports: '',
};
const reports: Record<
  'amara' | 'amaraOlder' | 'amaraDraft' | 'amaraScheduled' | 'daniel' | 'otherChild',
  string
> = {
  amara: '',
  amaraOlder: '',
  amaraDraft: '',
  amaraScheduled: '',
  daniel: '',
  otherChild: '',
};
const scheduledAt = new Date(TEST_NOW.getTime() + 2 * DAY);

beforeAll(async () => {
  db = await freshDatabase();
  await db
    .updateTable('school_settings')
    .set({ school_name: SCHOOL })
    .where('id', '=', 1)
    .execute();

  students.amara = await newNamedStudent(db, {
    forename: 'Amara',
    surname: 'Okafor',
    yearGroup: 8,
    form: '8R',
  });
  students.daniel = await newNamedStudent(db, {
    forename: 'Daniel',
    surname: 'Okafor',
    yearGroup: 10,
    form: '10K',
  });
  students.otherChild = await newNamedStudent(db, {
    forename: 'Maya',
    surname: 'Lindqvist',
    yearGroup: 8,
    form: '8R',
  });
  students.noReports = await newNamedStudent(db, {
    forename: 'Owen',
    surname: 'Pryce',
    yearGroup: 8,
    form: '8T',
  });

  parent = await newParent(db);
  await link(db, parent.contactId, students.amara);
  await link(db, parent.contactId, students.daniel);
  const otherParent = await newParent(db);
  await link(db, otherParent.contactId, students.otherChild);

  teacher = await newStaff(db, ['teacher']);
  await nameStaff(db, teacher.staffId, { title: 'Ms', forename: 'Hannah', surname: 'Reeves' });
  await teachGroup(db, teacher.staffId, [students.daniel]);
  const tutor = await newStaff(db, ['teacher']);
  tutorId = tutor.staffId;
  await nameStaff(db, tutorId, { title: 'Mr', forename: 'Tomas', surname: 'Brennan' });

  const autumn = await newReportCycle(db, 'Year 8 Autumn', new Date(TEST_NOW.getTime() - 7 * DAY));
  const summer = await newReportCycle(db, 'Year 7 Summer', new Date('2026-07-01T08:00:00Z'));
  const draft = await newReportCycle(db, 'Year 8 Spring (draft)', null);
  const scheduled = await newReportCycle(db, 'Year 8 Mock Exams', scheduledAt);
  const year10 = await newReportCycle(db, 'Year 10 Autumn', new Date(TEST_NOW.getTime() - DAY));

  reports.amara = await newReport(db, {
    cycleId: autumn,
    studentId: students.amara,
    tutorStaffId: tutorId,
    tutorComment: 'Amara has settled well into Year 8 and is a kind member of 8R.',
    subjects: [
      {
        subject: 'English',
        teacherStaffId: teacher.staffId,
        attainment: '5',
        target: '6',
        effort: '1',
        comment: LONG_COMMENT,
      },
      {
        subject: 'Mathematics',
        teacherStaffId: teacher.staffId,
        attainment: '4+',
        target: '6',
        effort: '3',
        comment: 'Needs to show her working.',
      },
      { subject: 'Art', attainment: '6', target: '6', effort: 'A', comment: null },
    ],
  });
  reports.amaraOlder = await newReport(db, {
    cycleId: summer,
    studentId: students.amara,
    subjects: [{ subject: 'English', effort: '2' }],
  });
  reports.amaraDraft = await newReport(db, {
    cycleId: draft,
    studentId: students.amara,
    subjects: [{ subject: 'English', comment: 'Draft words nobody should see yet.' }],
  });
  reports.amaraScheduled = await newReport(db, {
    cycleId: scheduled,
    studentId: students.amara,
    subjects: [{ subject: 'Science', comment: 'Mock exam comment.' }],
  });
  reports.daniel = await newReport(db, {
    cycleId: year10,
    studentId: students.daniel,
    subjects: [{ subject: 'Mathematics', comment: 'Daniel is flying in algebra.' }],
  });
  reports.otherChild = await newReport(db, {
    cycleId: autumn,
    studentId: students.otherChild,
    subjects: [{ subject: 'English', comment: 'Another family’s child.' }],
  });
});

const NO_REPORT = { code: 'NOT_FOUND', message: 'We could not find that report.' };
const NO_STUDENT = { code: 'NOT_FOUND', message: 'We could not find that student.' };

describe('the list of reports', () => {
  it('shows a parent only reports in published cycles, newest first', async () => {
    const caller = await callerFor(db, parent);
    const view = await caller.reports.forStudent({ studentId: students.amara });
    expect(view.student.displayName).toBe('Amara Okafor');
    expect(view.reports.map((r) => [r.cycleName, r.publishedOn])).toEqual([
      ['Year 8 Autumn', '2026-11-10'],
      ['Year 7 Summer', '2026-07-01'],
    ]);
    expect(view.reports[0]?.id).toBe(reports.amara);
    expect(view.reports[0]?.updatedAt).toBeInstanceOf(Date);
    // Both children are in the switcher.
    expect(view.switcher.map((s) => s.id).sort()).toEqual([students.amara, students.daniel].sort());
  });

  it('shows a scheduled cycle once its publish time has come', async () => {
    const later = await callerFor(db, parent, { now: new Date(scheduledAt.getTime() + 1000) });
    const view = await later.reports.forStudent({ studentId: students.amara });
    expect(view.reports.map((r) => r.cycleName)).toEqual([
      'Year 8 Mock Exams',
      'Year 8 Autumn',
      'Year 7 Summer',
    ]);
  });

  it('is empty, not an error, for a student with no published reports', async () => {
    const office = await newStaff(db, ['office']);
    const view = await (
      await callerFor(db, office)
    ).reports.forStudent({ studentId: students.noReports });
    expect(view.reports).toEqual([]);
  });
});

describe('one report on screen', () => {
  it('has each subject in the school’s order with its teacher, grades, effort meaning and comment', async () => {
    const caller = await callerFor(db, parent);
    const { report, effortKey } = await caller.reports.get({
      studentId: students.amara,
      reportId: reports.amara,
    });
    expect(report).toMatchObject({
      cycleName: 'Year 8 Autumn',
      publishedOn: '2026-11-10',
      tutorName: 'Mr Brennan',
      tutorComment: 'Amara has settled well into Year 8 and is a kind member of 8R.',
    });
    expect(
      report.subjects.map((s) => [
        s.subject,
        s.teacherName,
        s.attainment,
        s.target,
        s.effort,
        s.effortMeaning,
      ]),
    ).toEqual([
      ['English', 'Ms Reeves', '5', '6', '1', 'Excellent'],
      ['Mathematics', 'Ms Reeves', '4+', '6', '3', 'Needs to improve'],
      // A grade outside the key is shown as it is, with no made-up meaning.
      ['Art', null, '6', '6', 'A', null],
    ]);
    expect(report.subjects[0]?.comment).toBe(LONG_COMMENT);
    expect(report.updatedAt).toBeInstanceOf(Date);
    expect(report.subjects[0]?.updatedAt).toBeInstanceOf(Date);
    expect(effortKey.map((k) => `${k.grade} ${k.meaning}`)).toEqual([
      '1 Excellent',
      '2 Good',
      '3 Needs to improve',
      '4 Cause for concern',
    ]);
  });

  it('is "not found" in a draft cycle or a cycle not yet published, on screen and as a PDF', async () => {
    const caller = await callerFor(db, parent);
    for (const reportId of [reports.amaraDraft, reports.amaraScheduled]) {
      const input = { studentId: students.amara, reportId };
      expect(await refusalOf(caller.reports.get(input))).toMatchObject(NO_REPORT);
      expect(await refusalOf(caller.reports.pdf(input))).toMatchObject(NO_REPORT);
    }
  });

  it('says when it last changed: a later change to one subject counts', async () => {
    const cycle = await newReportCycle(db, 'Year 8 Interim', new Date('2026-10-01T08:00:00Z'));
    const reportId = await newReport(db, {
      cycleId: cycle,
      studentId: students.amara,
      subjects: [{ subject: 'History' }, { subject: 'Geography' }],
      updatedAt: new Date('2026-10-01T08:00:00Z'),
    });
    const corrected = new Date('2026-10-20T15:45:00Z');
    await db
      .updateTable('report_subjects')
      .set({ attainment: '5', updated_at: corrected })
      .where('report_id', '=', reportId)
      .where('subject', '=', 'Geography')
      .execute();
    const { report } = await (
      await callerFor(db, parent)
    ).reports.get({ studentId: students.amara, reportId });
    expect(report.updatedAt).toEqual(corrected);
    const list = await (
      await callerFor(db, parent)
    ).reports.forStudent({ studentId: students.amara });
    expect(list.reports.find((r) => r.id === reportId)?.updatedAt).toEqual(corrected);
  });
});

describe('who may see a report', () => {
  it('a parent: not another family’s child, nor a report that belongs to someone else', async () => {
    const caller = await callerFor(db, parent);
    expect(
      await refusalOf(caller.reports.forStudent({ studentId: students.otherChild })),
    ).toMatchObject(NO_STUDENT);
    expect(
      await refusalOf(
        caller.reports.get({ studentId: students.otherChild, reportId: reports.otherChild }),
      ),
    ).toMatchObject(NO_STUDENT);
    // Their own child's id with someone else's report id, or with the sibling's report.
    for (const reportId of [reports.otherChild, reports.daniel, crypto.randomUUID()]) {
      expect(
        await refusalOf(caller.reports.get({ studentId: students.amara, reportId })),
      ).toMatchObject(NO_REPORT);
      expect(
        await refusalOf(caller.reports.pdf({ studentId: students.amara, reportId })),
      ).toMatchObject(NO_REPORT);
    }
  });

  it('a student: their own reports only', async () => {
    const daniel = await callerFor(db, await newStudentUser(db, students.daniel));
    const own = await daniel.reports.forStudent({ studentId: students.daniel });
    expect(own.reports.map((r) => r.cycleName)).toEqual(['Year 10 Autumn']);
    expect(own.switcher).toEqual([]);
    await expect(
      daniel.reports.get({ studentId: students.daniel, reportId: reports.daniel }),
    ).resolves.toMatchObject({ report: { cycleName: 'Year 10 Autumn' } });
    expect(await refusalOf(daniel.reports.forStudent({ studentId: students.amara }))).toMatchObject(
      NO_STUDENT,
    );
    expect(
      await refusalOf(daniel.reports.pdf({ studentId: students.amara, reportId: reports.amara })),
    ).toMatchObject(NO_STUDENT);
  });

  it('a teacher: the students they teach, and no one else', async () => {
    const caller = await callerFor(db, teacher);
    await expect(
      caller.reports.get({ studentId: students.daniel, reportId: reports.daniel }),
    ).resolves.toMatchObject({ report: { cycleName: 'Year 10 Autumn' } });
    // Ms Reeves wrote Amara's English comment but does not teach her in a group.
    expect(await refusalOf(caller.reports.forStudent({ studentId: students.amara }))).toMatchObject(
      NO_STUDENT,
    );
    expect(
      await refusalOf(caller.reports.pdf({ studentId: students.amara, reportId: reports.amara })),
    ).toMatchObject(NO_STUDENT);
  });

  it('governors and DSLs are told "not found"; the office sees any student', async () => {
    for (const role of ['governor', 'dsl'] as const) {
      const caller = await callerFor(db, await newStaff(db, [role]));
      const input = { studentId: students.amara, reportId: reports.amara };
      // One at a time, so no refusal arrives before something awaits it.
      for (const call of [
        () => caller.reports.forStudent({ studentId: students.amara }),
        () => caller.reports.get(input),
        () => caller.reports.pdf(input),
      ]) {
        expect((await refusalOf(call())).code).toBe('NOT_FOUND');
      }
    }
    const office = await callerFor(db, await newStaff(db, ['office']));
    await expect(
      office.reports.get({ studentId: students.otherChild, reportId: reports.otherChild }),
    ).resolves.toMatchObject({ report: { cycleName: 'Year 8 Autumn' } });
  });

  it('explains a malformed report reference in plain English', async () => {
    const caller = await callerFor(db, parent);
    const refusal = await refusalOf(
      caller.reports.get({ studentId: students.amara, reportId: 'report-1' }),
    );
    expect(refusal.code).toBe('BAD_REQUEST');
    expect(refusal.fieldErrors?.reportId).toEqual(['That is not a valid report reference.']);
  });
});

describe('the PDF', () => {
  it('is a real PDF naming the school, the student, the cycle and every subject', async () => {
    const caller = await callerFor(db, parent);
    const result = await caller.reports.pdf({
      studentId: students.amara,
      reportId: reports.amara,
    });
    expect(result.fileName).toBe('report-year-8-autumn.pdf');
    const pdf = Buffer.from(result.data, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);

    // The page text is compressed: it is not in the file as plain text...
    expect(pdf.toString('latin1')).not.toContain('Needs to show her working');
    // ...but is there once the pages are inflated and decoded.
    const text = pdfText(pdf);
    const lines = text.split('\n');
    for (const line of [
      SCHOOL,
      'Progress report',
      'Year 8 Autumn',
      'Amara Okafor',
      'Year 8, form 8R',
      '10 November 2026',
      'English',
      'Mathematics',
      'Art',
      'Ms Reeves',
      '1 – Excellent',
      '3 – Needs to improve',
      'Needs to show her working.',
      'Tutor comment',
      'Amara has settled well into Year 8 and is a kind member of 8R.',
      'Effort key',
      '4 – Cause for concern',
    ]) {
      expect(lines, `the PDF shows "${line}"`).toContain(line);
    }
    // The long comment wraps over several lines, every word kept.
    const flowing = text.replace(/\s+/g, ' ');
    expect(flowing).toContain(LONG_COMMENT);
    expect(lines).not.toContain(LONG_COMMENT);
    expect(text).toMatch(/printed 17 November 2026 at 09:30/);
    // Nothing from another report.
    expect(text).not.toContain('Draft words');
    expect(text).not.toContain('Year 10 Autumn');
    expect(text).not.toContain('Lindqvist');

    expect(pdfInfo(pdf, 'Title')).toBe('Year 8 Autumn progress report: Amara Okafor');
    expect(pdfInfo(pdf, 'Author')).toBe(SCHOOL);
  });

  it('runs on to more pages for a long report, every subject and comment kept', async () => {
    const cycle = await newReportCycle(db, 'Year 8 Full Report', new Date('2026-11-01T08:00:00Z'));
    const subjects = Array.from({ length: 16 }, (_, i) => ({
      subject: `Subject ${String(i + 1).padStart(2, '0')}`,
      attainment: '5',
      target: '6',
      effort: String((i % 4) + 1),
      comment: `Comment number ${i + 1}. ${LONG_COMMENT}`,
    }));
    const reportId = await newReport(db, {
      cycleId: cycle,
      studentId: students.amara,
      subjects,
      tutorComment: 'The very last words of the report.',
    });
    const result = await (
      await callerFor(db, parent)
    ).reports.pdf({ studentId: students.amara, reportId });
    const text = pdfText(Buffer.from(result.data, 'base64'));
    const pages = /Page 1 of (\d+)/.exec(text);
    expect(Number(pages?.[1])).toBeGreaterThan(1);
    expect(text).toContain(`Page ${pages?.[1]} of ${pages?.[1]}`);
    const flowing = text.replace(/\s+/g, ' ');
    for (const s of subjects) {
      expect(flowing).toContain(s.subject);
      expect(flowing).toContain(s.comment);
    }
    expect(flowing).toContain('The very last words of the report.');
  });

  it('keeps every letter of a name in the embedded font, and shows "?" for what it lacks', async () => {
    const studentId = await newNamedStudent(db, {
      forename: 'Łucja',
      surname: 'Nowak',
      yearGroup: 8,
      form: '8R',
    });
    const cycle = await newReportCycle(db, 'Year 8 Autumn', new Date('2026-11-01T08:00:00Z'));
    const reportId = await newReport(db, {
      cycleId: cycle,
      studentId,
      subjects: [{ subject: 'Français', comment: 'Très bien, Zoë 🙂' }],
    });
    const office = await callerFor(db, await newStaff(db, ['office']));
    const result = await office.reports.pdf({ studentId, reportId });
    const pdf = Buffer.from(result.data, 'base64');
    const lines = pdfText(pdf).split('\n');
    expect(lines).toContain('Łucja Nowak');
    expect(lines).toContain('Français');
    // The emoji is not in Noto Sans: a "?" rather than an empty box.
    expect(lines).toContain('Très bien, Zoë ?');
    // The document's title is Unicode, so it keeps the name exactly.
    expect(pdfInfo(pdf, 'Title')).toBe('Year 8 Autumn progress report: Łucja Nowak');
  });
});

describe('the audit trail (P10)', () => {
  it('records exactly one entry for each view, the PDF download included', async () => {
    const someone = await newParent(db);
    await link(db, someone.contactId, students.amara);
    const caller = await callerFor(db, someone, { ip: '198.51.100.7' });
    const input = { studentId: students.amara, reportId: reports.amara };
    await caller.reports.forStudent({ studentId: students.amara });
    await caller.reports.get(input);
    await caller.reports.pdf(input);
    // A report that cannot be seen is not recorded as seen.
    await refusalOf(caller.reports.get({ ...input, reportId: reports.amaraDraft }));
    const entries = await db
      .selectFrom('audit_log')
      .select(['action', 'student_id', 'ip'])
      .where('actor_user_id', '=', someone.userId)
      .where('action', 'like', 'view.%')
      .orderBy('id')
      .execute();
    expect(entries).toEqual([
      { action: 'view.reports', student_id: students.amara, ip: '198.51.100.7' },
      { action: 'view.report', student_id: students.amara, ip: '198.51.100.7' },
      { action: 'view.report_pdf', student_id: students.amara, ip: '198.51.100.7' },
    ]);
  });
});

describe('newestReportFor (the home page)', () => {
  it('gives each student’s newest published report, in one query', async () => {
    const counted = countingQueries(db);
    const newest = await newestReportFor(
      counted.db,
      [students.amara, students.daniel, students.noReports],
      TEST_NOW,
    );
    expect(counted.count).toBe(1);
    expect(newest.get(students.amara)).toEqual({
      reportId: reports.amara,
      cycleName: 'Year 8 Autumn',
      publishedAt: new Date(TEST_NOW.getTime() - 7 * DAY),
      updatedAt: expect.any(Date),
    });
    expect(newest.get(students.daniel)?.cycleName).toBe('Year 10 Autumn');
    expect(newest.has(students.noReports)).toBe(false);
    expect(newest.has(students.otherChild)).toBe(false);

    // After the scheduled cycle's publish time, it is the newest.
    const later = await newestReportFor(db, [students.amara], new Date(scheduledAt.getTime() + 1));
    expect(later.get(students.amara)?.reportId).toBe(reports.amaraScheduled);
    expect((await newestReportFor(counted.db, [], TEST_NOW)).size).toBe(0);
  });
});
