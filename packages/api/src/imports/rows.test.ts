import { describe, expect, it } from 'vitest';
import {
  chunks,
  decodeText,
  ignoredColumnNotes,
  mostUsual,
  optionalValue,
  parseCycleWeek,
  parseDate,
  parseWeekday,
  parseWholeNumber,
  readDate,
  readImportTable,
  sameText,
  studentRefOf,
} from './rows';

const file = (name: string, text: string) => ({ name, data: new TextEncoder().encode(text) });

describe('parseDate', () => {
  it('reads ISO dates and UK day-first dates', () => {
    expect(parseDate('2026-11-09')).toBe('2026-11-09');
    expect(parseDate('09/11/2026')).toBe('2026-11-09');
    expect(parseDate('9/11/2026')).toBe('2026-11-09');
    expect(parseDate(' 1/2/2027 ')).toBe('2027-02-01');
  });

  it('refuses days that do not exist and other formats', () => {
    expect(parseDate('2026-02-29')).toBeNull();
    expect(parseDate('31/04/2026')).toBeNull();
    expect(parseDate('11/31/2026')).toBeNull();
    expect(parseDate('2026/11/09')).toBeNull();
    expect(parseDate('09-11-2026')).toBeNull();
    expect(parseDate('9 Nov 2026')).toBeNull();
    expect(parseDate('09/11/26')).toBeNull();
    expect(parseDate('')).toBeNull();
  });

  it('says what is wrong with a missing or bad date', () => {
    const said: string[] = [];
    expect(readDate('', (m) => said.push(m))).toBeNull();
    expect(readDate('31/02/2026', (m) => said.push(m), 'action date')).toBeNull();
    expect(said).toEqual([
      'The date is missing.',
      '"31/02/2026" is not a date: write dates as YYYY-MM-DD or DD/MM/YYYY.',
    ]);
  });
});

describe('days, weeks and numbers', () => {
  it('reads weekdays as numbers, short names and full names in any case', () => {
    expect(['1', 'Mon', 'monday', 'TUE', 'Wednesday', 'thu', 'Fri', '5'].map(parseWeekday)).toEqual(
      [1, 1, 1, 2, 3, 4, 5, 5],
    );
    expect(['Sat', 'Sunday', '0', '6', 'M', 'Mo', ''].map(parseWeekday)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('reads cycle weeks A/B and 1/2, with or without "Week"', () => {
    expect(['A', 'b', '1', '2', 'Week A', 'week 2'].map(parseCycleWeek)).toEqual([
      1, 2, 1, 2, 1, 2,
    ]);
    expect(['C', '3', '', 'AB'].map(parseCycleWeek)).toEqual([null, null, null, null]);
  });

  it('reads whole numbers only', () => {
    expect(['3', '-2', '+4', ' 10 '].map(parseWholeNumber)).toEqual([3, -2, 4, 10]);
    expect(['2.5', 'three', '', '1e3', '--1'].map(parseWholeNumber)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('compares text ignoring case and runs of spaces', () => {
    expect(sameText('Late to  lesson', ' late to lesson')).toBe(true);
    expect(sameText('Late', 'Lateness')).toBe(false);
  });

  it('picks the most usual value, the first on a tie', () => {
    expect(mostUsual(['E2', 'E1', 'E1', 'E2', 'E1'])).toBe('E1');
    expect(mostUsual(['E2', 'E1'])).toBe('E2');
    expect(mostUsual([])).toBeNull();
  });

  it('slices rows into chunks', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
  });
});

describe('decodeText', () => {
  it('reads UTF-8, and Windows-1252 when the bytes are not UTF-8 (Excel "CSV")', () => {
    expect(decodeText(new TextEncoder().encode('Zoë'))).toBe('Zoë');
    expect(decodeText(new Uint8Array([0x5a, 0x6f, 0xeb]))).toBe('Zoë');
    expect(decodeText(new Uint8Array([0x93, 0x68, 0x69, 0x94]))).toBe('“hi”');
  });
});

describe('studentRefOf', () => {
  it('takes a UPN (in capitals) or a student_id, and says when there is neither', () => {
    expect(studentRefOf({ upn: 't999432116001' })).toEqual({
      upn: 'T999432116001',
      sourceId: null,
    });
    expect(studentRefOf({ upn: '', student_id: 'stu-1' })).toEqual({
      upn: null,
      sourceId: 'stu-1',
    });
    expect(studentRefOf({ upn: '' })).toBe('The student is missing: give their upn or student_id.');
  });
});

describe('readImportTable', () => {
  const spec = {
    required: ['date', 'code'],
    optional: ['note'],
    oneOf: [['upn', 'student_id']],
  };

  it('keeps line numbers and lists the columns it does not read', () => {
    const table = readImportTable(
      file('marks.csv', 'UPN,Date,Code,Name\nA1,2026-11-09,/,Sam\n\nA2,2026-11-09,I,Jo\n'),
      spec,
    );
    expect(table.problems).toEqual([]);
    expect(table.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(table.ignored).toEqual(['name']);
    expect(ignoredColumnNotes([table])).toEqual([
      'marks.csv: the column "name" is not read by this import and was ignored.',
    ]);
  });

  it('needs one of the columns naming the student, even with no rows', () => {
    expect(readImportTable(file('a.csv', 'date,code\n'), spec).problems).toEqual([
      { file: 'a.csv', line: 1, message: 'The header row needs a column "upn" or "student_id".' },
    ]);
  });

  it('names missing required columns and rows of the wrong width, with the file', () => {
    expect(readImportTable(file('a.csv', 'upn,code\nA1,/\n'), spec).problems).toEqual([
      { file: 'a.csv', line: 1, message: 'Missing column "date" in the header row.' },
    ]);
    expect(readImportTable(file('a.csv', 'upn,date,code\nA1,2026-11-09\n'), spec).problems).toEqual(
      [{ file: 'a.csv', line: 2, message: 'This row has 2 values but the header has 3 columns.' }],
    );
  });

  it('refuses a zip file', () => {
    const zip = { name: 'marks.zip', data: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]) };
    expect(readImportTable(zip, spec).problems).toEqual([
      {
        file: 'marks.zip',
        line: 1,
        message: 'This is a zip file, not a CSV file: upload the CSV file itself.',
      },
    ]);
  });

  it('tells an absent optional column (keep what is stored) from a blank value (none)', () => {
    const withNote = readImportTable(file('a.csv', 'upn,date,code,note\nA1,2026-11-09,/,\n'), spec);
    const without = readImportTable(file('a.csv', 'upn,date,code\nA1,2026-11-09,/\n'), spec);
    expect(optionalValue(withNote, withNote.rows[0]!.values, 'note')).toBeNull();
    expect(optionalValue(without, without.rows[0]!.values, 'note')).toBeUndefined();
  });
});
