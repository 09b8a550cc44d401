import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, newStaff, type TestUser } from './support/factories';
import {
  pdfCatalog,
  pdfInfo,
  pdfMetadata,
  pdfStructure,
  pdfText,
  structElements,
  type PdfStructElement,
} from './support/pdf-text';
import { nameStaff, newNamedStudent, newReport, newReportCycle } from './support/reports-data';

// Issue 12 item 8: every letter of a name prints (Latin Extended, Greek, Cyrillic), and the PDFs
// are tagged so that a screen reader can follow them.
const NAME = 'Zając Łukasz Øyvind Ζωή Жанна';
// An ampersand and angle brackets, which the XMP metadata must escape.
const SCHOOL = 'St Mary & St John <Test> Academy';
const COMMENT =
  'Ζωή reads Greek aloud with confidence; Жанна helps others with Cyrillic spelling. ' +
  'Łukasz and Øyvind worked well together in every practical lesson this term.';

let db: Database;
let office: TestUser;
let studentId: string;
let report: Buffer;
let sar: Buffer;

beforeAll(async () => {
  db = await freshDatabase();
  await db
    .updateTable('school_settings')
    .set({ school_name: SCHOOL })
    .where('id', '=', 1)
    .execute();
  office = await newStaff(db, ['office']);
  const teacher = await newStaff(db, ['teacher']);
  await nameStaff(db, teacher.staffId, { title: 'Pani', forename: 'Józefa', surname: 'Żak' });
  studentId = await newNamedStudent(db, {
    forename: 'Zając Łukasz Øyvind Ζωή',
    surname: 'Жанна',
    yearGroup: 8,
    form: '8Ż',
  });
  const cycle = await newReportCycle(db, 'Year 8 Autumn', new Date('2026-11-01T08:00:00Z'));
  const reportId = await newReport(db, {
    cycleId: cycle,
    studentId,
    tutorStaffId: teacher.staffId,
    tutorComment: 'Una buena mitad de curso, Жанна.',
    subjects: [
      { subject: 'Polski', teacherStaffId: teacher.staffId, attainment: '5', effort: '1' },
      { subject: 'Science', attainment: '6', target: '7', effort: '2', comment: COMMENT },
    ],
  });
  const caller = await callerFor(db, office);
  report = Buffer.from((await caller.reports.pdf({ studentId, reportId })).data, 'base64');
  const file = await caller.admin.informationRequests.exportStudent({ studentId, format: 'pdf' });
  sar = Buffer.from(file.base64, 'base64');
});

const DOCUMENTS = ['the progress report', 'the subject-access export'] as const;
/** The PDF a test is about (made in beforeAll, after the tests are collected). */
const pdfOf = (which: (typeof DOCUMENTS)[number]) =>
  which === 'the progress report' ? report : sar;

/** The element a screen reader meets straight after the row heading `label`. */
function cellAfter(elements: PdfStructElement[], label: string): string | undefined {
  const heading = elements.findIndex((e) => e.type === 'TH' && e.text === label);
  return heading >= 0 ? elements.slice(heading + 1).find((e) => e.type === 'TD')?.text : undefined;
}

describe('every letter of the name is kept', () => {
  it.each(DOCUMENTS)('%s prints the name as written, in the title and on the page', (which) => {
    const pdf = pdfOf(which);
    const lines = pdfText(pdf).split('\n');
    expect(lines).toContain(NAME);
    // ...in every page's footer too.
    expect(
      lines.filter((line) => line.startsWith(`${NAME} – `) || line.includes(` – ${NAME} – `)),
    ).not.toHaveLength(0);
    expect(pdfInfo(pdf, 'Title')).toContain(NAME);
    // Nothing fell back to a plain letter or a question mark.
    expect(pdfText(pdf)).not.toMatch(/Zajac|Lukasz|Oyvind|Zaj\?c|\?ukasz|\?yvind/);
  });

  it.each(DOCUMENTS)('%s embeds Noto Sans, regular and bold, and no standard font', (which) => {
    const pdf = pdfOf(which);
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Bold/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
  });

  it('keeps the Greek and Cyrillic of a comment that wraps, and the teacher’s Polish name', () => {
    const text = pdfText(report);
    expect(text.replace(/\s+/g, ' ')).toContain(COMMENT);
    expect(text).toContain('Pani Żak');
    expect(text).toContain('Year 8, form 8Ż');
  });
});

describe('the PDFs are tagged for screen readers', () => {
  it.each(DOCUMENTS)('%s says so in its catalog: marked, structured, en-GB, titled', (which) => {
    const pdf = pdfOf(which);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(pdfCatalog(pdf)).toEqual({
      marked: true,
      structTreeRoot: true,
      lang: 'en-GB',
      displayDocTitle: true,
    });
  });

  it.each(DOCUMENTS)(
    '%s has a structure for all its text, and the footer and rules are artifacts',
    (which) => {
      const pdf = pdfOf(which);
      const { root, untagged } = pdfStructure(pdf);
      expect(untagged).toEqual([]);
      expect(root.map((e) => e.type)).toEqual(['Document']);
      const elements = structElements(root);
      // The school is the one H1, first; the parts are H2s.
      const headings = elements.filter((e) => /^H\d$/.test(e.type));
      expect(headings[0]).toMatchObject({ type: 'H1', text: SCHOOL });
      expect(headings.filter((e) => e.type === 'H1')).toHaveLength(1);
      expect(headings.slice(1).every((e) => e.type === 'H2')).toBe(true);
      const types = new Set(elements.map((e) => e.type));
      for (const type of ['P', 'Table', 'TR', 'TH', 'TD', 'L', 'LI', 'LBody']) {
        expect(types, `a ${type} element`).toContain(type);
      }
      // A table's cells are in its rows; a list's items in the list.
      for (const table of elements.filter((e) => e.type === 'Table')) {
        expect(table.children.every((row) => row.type === 'TR')).toBe(true);
        for (const row of table.children) {
          expect(row.children.every((cell) => ['TH', 'TD'].includes(cell.type))).toBe(true);
        }
      }
      for (const list of elements.filter((e) => e.type === 'L')) {
        expect(list.children.every((item) => item.type === 'LI')).toBe(true);
      }
      // Column headings say which way they head.
      expect(elements.some((e) => e.type === 'TH' && e.attributes.includes('/Scope /Column'))).toBe(
        true,
      );
      // A screen reader reads the name where it belongs, and never "Page 1 of...".
      const label = pdf === report ? 'Student' : 'Forename';
      expect(cellAfter(elements, label)).toContain(NAME.split(' ')[0]);
      expect(elements.some((e) => /Page \d+ of \d+/.test(e.text))).toBe(false);
      expect(pdfText(pdf)).toMatch(/Page 1 of \d+/);
    },
  );

  it('reads the report’s subjects as a table with its headings, each comment in its row', () => {
    const elements = structElements(pdfStructure(report).root);
    const subjects = elements.find(
      (e) => e.type === 'Table' && e.children[0]?.children[0]?.text === 'Subject',
    );
    expect(subjects?.children[0]?.children.map((c) => [c.type, c.text])).toEqual([
      ['TH', 'Subject'],
      ['TH', 'Teacher'],
      ['TH', 'Attainment'],
      ['TH', 'Target'],
      ['TH', 'Effort'],
    ]);
    const rows = subjects?.children.map((row) => row.children.map((c) => c.text)) ?? [];
    expect(rows[1]).toEqual(['Polski', 'Pani Żak', '5', '-', '1 – Excellent']);
    expect(rows[3]?.[0]?.replace(/\s+/g, ' ')).toBe(`Science comment ${COMMENT}`);
    expect(cellAfter(elements, 'Student')).toBe(NAME);
  });

  it('keeps a comment that runs on over pages as one cell, read in full', async () => {
    const long = `${COMMENT} `.repeat(40).trim();
    const cycle = await newReportCycle(db, 'Year 8 Spring', new Date('2026-11-02T08:00:00Z'));
    const reportId = await newReport(db, {
      cycleId: cycle,
      studentId,
      subjects: [{ subject: 'History', comment: long }],
    });
    const caller = await callerFor(db, office);
    const pdf = Buffer.from((await caller.reports.pdf({ studentId, reportId })).data, 'base64');
    expect(pdfText(pdf)).toMatch(/Page 1 of [2-9]/);
    const { root, untagged } = pdfStructure(pdf);
    expect(untagged).toEqual([]);
    const cells = structElements(root).filter((e) => e.text.startsWith('History comment'));
    expect(cells.map((c) => [c.type, c.text.replace(/\s+/g, ' ')])).toEqual([
      ['TD', `History comment ${long}`],
    ]);
  });

  it('reads the export’s notes and contents as lists, each item with its label', () => {
    const elements = structElements(pdfStructure(sar).root);
    const lists = elements.filter((e) => e.type === 'L');
    expect(lists.map((l) => l.attributes.match(/ListNumbering \/(\w+)/)?.[1])).toEqual([
      'Disc',
      'Decimal',
    ]);
    const contents = lists[1]!.children.map((item) => item.children.map((c) => [c.type, c.text]));
    expect(contents[0]?.[0]).toEqual(['Lbl', '1.']);
    expect(contents[0]?.[1]?.[0]).toBe('LBody');
    expect(elements.find((e) => e.type === 'P')?.text).toBe('Information held about a person');
    expect(elements.filter((e) => e.type === 'P').map((e) => e.text)).toContain(NAME);
    expect(cellAfter(elements, 'Forename')).toBe('Zając Łukasz Øyvind Ζωή');
    expect(cellAfter(elements, 'Surname')).toBe('Жанна');
  });

  it('escapes the school’s name in the XMP metadata and keeps the name in it', () => {
    for (const pdf of [report, sar]) {
      const xmp = pdfMetadata(pdf);
      expect(xmp).toContain('St Mary &amp; St John &lt;Test&gt; Academy');
      expect(xmp).not.toContain(SCHOOL);
      expect(xmp).toContain(NAME);
    }
  });
});
