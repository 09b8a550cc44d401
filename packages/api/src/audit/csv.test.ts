import { describe, expect, it } from 'vitest';
import { parseCsv } from '../imports';
import { csvCell, neutraliseFormula, toCsv } from './csv';

describe('formula neutralising (OWASP CSV injection)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://x.test","click")', `'=HYPERLINK("http://x.test","click")`],
    ['+44 7700 900123', "'+44 7700 900123"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', "'\r=1"],
  ])('prefixes %j with a single quote', (value, expected) => {
    expect(neutraliseFormula(value)).toBe(expected);
  });

  it('leaves ordinary text alone, including formula characters later in the cell', () => {
    for (const value of ['Viewed attendance', 'a=b', 'x+y', 'Nadia Okafor', "O'Neill", '']) {
      expect(neutraliseFormula(value)).toBe(value);
    }
  });
});

describe('CSV cells (RFC 4180)', () => {
  it('writes plain values as they are', () => {
    expect(csvCell('view.attendance')).toBe('view.attendance');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('Okafor, Daniel')).toBe('"Okafor, Daniel"');
    expect(csvCell('say "hello"')).toBe('"say ""hello"""');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('line one\r\nline two')).toBe('"line one\r\nline two"');
  });

  it('neutralises before quoting, so a quoted formula is still plain text', () => {
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell('\r\n=cmd')).toBe(`"'\r\n=cmd"`);
    expect(csvCell('-"x"')).toBe(`"'-""x"""`);
    expect(csvCell('\tx')).toBe("'\tx");
  });
});

describe('a whole table', () => {
  it('joins rows with CRLF and reads back to the same cells', () => {
    const csv = toCsv(
      ['When', 'Who', 'Details'],
      [
        ['2026-11-17 09:30', 'Okafor, Nadia', '{"view":"attendance"}'],
        ['2026-11-17 09:31', '=cmd|"/c calc"!A1', 'multi\nline'],
      ],
    );
    expect(csv.startsWith('When,Who,Details\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv).map((r) => r.fields)).toEqual([
      ['When', 'Who', 'Details'],
      ['2026-11-17 09:30', 'Okafor, Nadia', '{"view":"attendance"}'],
      ['2026-11-17 09:31', `'=cmd|"/c calc"!A1`, 'multi\nline'],
    ]);
  });
});
