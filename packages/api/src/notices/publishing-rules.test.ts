import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_MAX_BYTES,
  checkAttachment,
  cleanFileName,
  describeRecipients,
  instantToSchoolTime,
  noticeStatus,
  schoolTimeToInstant,
} from './publishing-rules';

const LONDON = 'Europe/London';
const now = new Date('2026-11-17T09:30:00Z');
const at = (iso: string) => new Date(iso);

describe('noticeStatus', () => {
  it('reads draft, scheduled, live and expired from the two times', () => {
    expect(noticeStatus(null, null, now)).toBe('draft');
    expect(noticeStatus(at('2026-11-18T08:00:00Z'), null, now)).toBe('scheduled');
    expect(noticeStatus(now, null, now)).toBe('live');
    expect(noticeStatus(at('2026-11-01T08:00:00Z'), at('2026-11-20T00:00:00Z'), now)).toBe('live');
    expect(noticeStatus(at('2026-11-01T08:00:00Z'), now, now)).toBe('expired');
  });
});

describe('school wall-clock times', () => {
  it('reads a time in winter (GMT) and in summer (BST) in the school’s time zone', () => {
    expect(schoolTimeToInstant('2026-11-20T18:30', LONDON)?.toISOString()).toBe(
      '2026-11-20T18:30:00.000Z',
    );
    expect(schoolTimeToInstant('2026-06-20T18:30', LONDON)?.toISOString()).toBe(
      '2026-06-20T17:30:00.000Z',
    );
    expect(schoolTimeToInstant('2026-06-20T18:30', 'Asia/Kolkata')?.toISOString()).toBe(
      '2026-06-20T13:00:00.000Z',
    );
  });

  it('refuses what is not a real date and time', () => {
    for (const bad of [
      '2026-02-30T10:00',
      '2026-11-20T24:00',
      '2026-11-20 18:30',
      '20/11/2026',
      '',
    ]) {
      expect(schoolTimeToInstant(bad, LONDON), bad).toBeNull();
    }
  });

  it('reads a time the clocks skip as the time after they go forward', () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:30 never happens: it is read as 02:30 BST.
    expect(schoolTimeToInstant('2026-03-29T01:30', LONDON)?.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('writes an instant back as the school’s wall-clock time, both ways round', () => {
    expect(instantToSchoolTime(at('2026-06-20T17:30:00Z'), LONDON)).toBe('2026-06-20T18:30');
    expect(instantToSchoolTime(at('2026-11-20T00:05:00Z'), LONDON)).toBe('2026-11-20T00:05');
    const local = '2026-10-25T00:45';
    const instant = schoolTimeToInstant(local, LONDON);
    expect(instant && instantToSchoolTime(instant, LONDON)).toBe(local);
  });
});

describe('describeRecipients', () => {
  const none = { parents: 0, students: 0, staff: 0, governors: 0, officeAndAdmin: 0, total: 0 };

  it('names each kind of reader with its number', () => {
    expect(describeRecipients({ ...none, parents: 58, students: 30, total: 88 })).toBe(
      'This notice will reach 58 parents and 30 students.',
    );
    expect(describeRecipients({ ...none, parents: 1, staff: 1, governors: 2, total: 4 })).toBe(
      'This notice will reach 1 parent, 1 member of staff and 2 governors.',
    );
  });

  it('mentions office and admin accounts last, and says when nobody else is reached', () => {
    expect(describeRecipients({ ...none, officeAndAdmin: 3, total: 3 })).toBe(
      'This notice will not reach any parent, student, member of staff or governor with an account. The 3 office and admin accounts, which see every notice, can read it too.',
    );
  });
});

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
const zip = (...names: string[]) =>
  Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(names.join('\0'), 'latin1')]);

describe('checkAttachment', () => {
  it('accepts the allowed kinds when name and contents agree, typed by what they are', () => {
    expect(checkAttachment('letter.pdf', PDF)).toEqual({
      ok: true,
      fileName: 'letter.pdf',
      contentType: 'application/pdf',
    });
    expect(checkAttachment('map.PNG', PNG)).toMatchObject({ ok: true, contentType: 'image/png' });
    expect(checkAttachment('photo.jpeg', JPEG)).toMatchObject({ contentType: 'image/jpeg' });
    expect(
      checkAttachment('form.docx', zip('[Content_Types].xml', 'word/document.xml')),
    ).toMatchObject({
      ok: true,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    expect(
      checkAttachment('kit.xlsx', zip('[Content_Types].xml', 'xl/workbook.xml')),
    ).toMatchObject({
      ok: true,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
  });

  it('refuses other kinds, files that are not what they are called, empty and large files', () => {
    expect(checkAttachment('run.exe', PDF)).toMatchObject({ ok: false });
    expect(checkAttachment('noextension', PDF)).toMatchObject({ ok: false });
    expect(checkAttachment('letter.pdf', Buffer.from('MZ\x90\x00'))).toEqual({
      ok: false,
      message: 'The file is named .pdf but is not a PDF. Save it again as a PDF and attach that.',
    });
    expect(
      checkAttachment('sheet.xlsx', zip('[Content_Types].xml', 'word/document.xml')),
    ).toMatchObject({
      ok: false,
    });
    expect(checkAttachment('letter.pdf', Buffer.alloc(0))).toEqual({
      ok: false,
      message: 'The attached file is empty.',
    });
    const big = Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_MAX_BYTES)]);
    expect(checkAttachment('letter.pdf', big)).toEqual({
      ok: false,
      message: 'The attachment must be 5 MB or smaller.',
    });
  });

  it('keeps only the file’s own name, without folders, quotes or control characters', () => {
    expect(cleanFileName('C:\\Users\\office\\Trip "letter".pdf')).toBe('Trip letter.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\nc.pdf')).toBe('abc.pdf');
    expect(cleanFileName('   ')).toBeNull();
  });
});
