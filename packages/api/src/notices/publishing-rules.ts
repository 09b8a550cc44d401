import { englishList } from './audience';

/*
 * Pure rules for writing and publishing notices from the staff section: where a notice stands,
 * the school's wall-clock times the form uses, how its reach is put into words, and which files
 * may be attached. Who may see a notice is not decided here: that is `canSeeNotice`.
 */

export const NOTICE_STATUSES = ['draft', 'scheduled', 'live', 'expired'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  live: 'Published',
  expired: 'Expired',
};

/**
 * A notice with no publish time is a draft; one whose time is still to come is scheduled; from
 * then it is live until its expiry (if any) has passed, by the same clock `noticeIsLive` reads.
 */
export function noticeStatus(
  publishAt: Date | null,
  expiresAt: Date | null,
  now: Date,
): NoticeStatus {
  if (publishAt === null) return 'draft';
  if (publishAt.getTime() > now.getTime()) return 'scheduled';
  if (expiresAt !== null && expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'live';
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function wallClockParts(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((part) => part.type === type)?.value ?? '00';
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** How far the school's clock is ahead of UTC at `instantMs`, in milliseconds. */
function offsetAt(instantMs: number, timeZone: string): number {
  const p = wallClockParts(new Date(instantMs), timeZone);
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant a school wall-clock time names ('2026-11-20T18:30', what a date-and-time field
 * sends), in the school's time zone; null when it is not a real date and time. A time the clocks
 * skip in spring (01:30 on the day they go forward) is read an hour on (02:30 summer time).
 */
export function schoolTimeToInstant(local: string, timeZone: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(local.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  // 31 April and 29 February in other years roll over to another day: not real dates.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const guess = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(guess, timeZone));
}

/** The school's wall-clock time at `instant`, as a date-and-time field shows it. */
export function instantToSchoolTime(instant: Date, timeZone: string): string {
  const p = wallClockParts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Who a notice reaches, by kind of account. Office staff and administrators see every notice. */
export interface RecipientCounts {
  parents: number;
  students: number;
  staff: number;
  governors: number;
  officeAndAdmin: number;
  total: number;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "This notice will reach 58 parents and 30 students." Office staff and administrators, who see
 * every notice whoever it is for, are mentioned after, so the sentence says who it is really for.
 */
export function describeRecipients(counts: RecipientCounts): string {
  const parts = [
    counts.parents > 0 && plural(counts.parents, 'parent', 'parents'),
    counts.students > 0 && plural(counts.students, 'student', 'students'),
    counts.staff > 0 && plural(counts.staff, 'member of staff', 'members of staff'),
    counts.governors > 0 && plural(counts.governors, 'governor', 'governors'),
  ].filter((part): part is string => typeof part === 'string');
  const main =
    parts.length > 0
      ? `This notice will reach ${englishList(parts)}.`
      : 'This notice will not reach any parent, student, member of staff or governor with an account.';
  if (counts.officeAndAdmin === 0) return main;
  const office = plural(
    counts.officeAndAdmin,
    'office or admin account',
    'office and admin accounts',
  );
  return `${main} The ${office}, which see every notice, can read it too.`;
}

export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

/** The files a notice may carry, by extension, each with the bytes a real one starts with. */
const ATTACHMENT_TYPES: Record<
  string,
  { contentType: string; kind: string; looksRight: (bytes: Uint8Array) => boolean }
> = {
  pdf: { contentType: 'application/pdf', kind: 'a PDF', looksRight: startsWith('%PDF-') },
  png: {
    contentType: 'image/png',
    kind: 'a PNG image',
    looksRight: startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  jpg: {
    contentType: 'image/jpeg',
    kind: 'a JPEG image',
    looksRight: startsWith([0xff, 0xd8, 0xff]),
  },
  jpeg: {
    contentType: 'image/jpeg',
    kind: 'a JPEG image',
    looksRight: startsWith([0xff, 0xd8, 0xff]),
  },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    kind: 'a Word document',
    looksRight: officeZip('word/'),
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    kind: 'an Excel spreadsheet',
    looksRight: officeZip('xl/'),
  },
};

export const ATTACHMENT_ACCEPT = Object.keys(ATTACHMENT_TYPES)
  .map((extension) => `.${extension}`)
  .join(',');

function startsWith(prefix: string | number[]) {
  const expected = typeof prefix === 'string' ? [...prefix].map((c) => c.charCodeAt(0)) : prefix;
  return (bytes: Uint8Array) =>
    bytes.length >= expected.length && expected.every((byte, i) => bytes[i] === byte);
}

/** A Word or Excel file is a zip whose entries include `[Content_Types].xml` and its own folder. */
function officeZip(folder: string) {
  const zip = startsWith([0x50, 0x4b, 0x03, 0x04]);
  return (bytes: Uint8Array) => {
    if (!zip(bytes)) return false;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    return text.includes('[Content_Types].xml') && text.includes(folder);
  };
}

/**
 * A file name as it may be stored and offered for download: no folders, no control characters,
 * no quotes, at most 150 characters; null when nothing is left.
 */
export function cleanFileName(name: string): string | null {
  const base = name.split(/[/\\]/).at(-1) ?? '';
  const printable = [...base].filter((c) => c >= ' ' && c !== '\u007f' && c !== '"').join('');
  const cleaned = printable.trim().replace(/^\.+/, '').slice(-150);
  return cleaned || null;
}

export type AttachmentCheck =
  { ok: true; fileName: string; contentType: string } | { ok: false; message: string };

/**
 * Whether a file may be attached to a notice: a PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx)
 * file of at most 5 MB whose contents really are that kind of file. The type stored is the one
 * its extension and contents agree on, never what the browser claimed.
 */
export function checkAttachment(name: string, bytes: Uint8Array): AttachmentCheck {
  const fileName = cleanFileName(name);
  const extension = fileName?.split('.').at(-1)?.toLowerCase() ?? '';
  const type = fileName && fileName.includes('.') ? ATTACHMENT_TYPES[extension] : undefined;
  if (!fileName || !type) {
    return {
      ok: false,
      message: 'Attach a PDF, a PNG or JPEG image, a Word (.docx) or an Excel (.xlsx) file.',
    };
  }
  if (bytes.length === 0) return { ok: false, message: 'The attached file is empty.' };
  if (bytes.length > ATTACHMENT_MAX_BYTES) {
    return { ok: false, message: 'The attachment must be 5 MB or smaller.' };
  }
  if (!type.looksRight(bytes)) {
    return {
      ok: false,
      message: `The file is named .${extension} but is not ${type.kind}. Save it again as ${type.kind} and attach that.`,
    };
  }
  return { ok: true, fileName, contentType: type.contentType };
}
