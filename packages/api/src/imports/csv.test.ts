import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvTable } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, keeping start lines', () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\n\n3,4';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
      { line: 6, fields: ['3', '4'] },
    ]);
  });

  it('refuses a quote that is never closed, naming the line it opened on', () => {
    expect(() => parseCsv('a\n"open,1\n2')).toThrow('never closed');
  });

  it('keeps empty fields', () => {
    expect(parseCsv('a,,c\n,,')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 2, fields: ['', '', ''] },
    ]);
  });
});

describe('readCsvTable', () => {
  it('keys rows by header name, whatever its case, and trims values', () => {
    const table = readCsvTable('UPN, Date \nA1 , 2026-01-05\n', { required: ['upn', 'date'] });
    expect(table).toEqual({
      header: ['UPN', 'Date'],
      rows: [{ line: 2, values: { upn: 'A1', date: '2026-01-05' } }],
      problems: [],
    });
  });

  it('names every missing column at line 1 and reads nothing', () => {
    const table = readCsvTable('upn\nA1\n', { required: ['upn', 'date', 'session'] });
    expect(table.rows).toEqual([]);
    expect(table.problems).toEqual([
      { line: 1, message: 'Missing columns "date", "session" in the header row.' },
    ]);
  });

  it('reports a row with the wrong number of values on its own line', () => {
    const table = readCsvTable('a,b\n1,2\n3\n4,5\n', { required: ['a'] });
    expect(table.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(table.problems).toEqual([
      { line: 3, message: 'This row has 1 value but the header has 2 columns.' },
    ]);
  });
});
