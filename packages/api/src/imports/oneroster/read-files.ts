import { unzipSync } from 'fflate';
import { decodeUtf8Strict } from '../utf8';
import type { ImportFile, ImportProblem } from '../types';

/** The OneRoster 1.2 CSV files the roster import reads, by their standard names. */
export const ROSTER_FILES = [
  'manifest.csv',
  'orgs.csv',
  'academicSessions.csv',
  'courses.csv',
  'classes.csv',
  'users.csv',
  'roles.csv',
  'enrollments.csv',
  'demographics.csv',
] as const;
export type RosterFileName = (typeof ROSTER_FILES)[number];

/** Without these there is no roster; roles.csv may be left out when users.csv has a role column. */
export const REQUIRED_FILES: readonly RosterFileName[] = [
  'orgs.csv',
  'academicSessions.csv',
  'courses.csv',
  'classes.csv',
  'users.csv',
  'enrollments.csv',
];

/** Uncompressed, a zip may hold at most this much: a guard against zip bombs. */
const MAX_UNZIPPED_BYTES = 300 * 1024 * 1024;

export interface RosterTexts {
  texts: Map<RosterFileName, string>;
  /** Files given that are not part of a roster (other OneRoster files, stray files). */
  ignored: string[];
  problems: ImportProblem[];
}

const byLowerName = new Map(ROSTER_FILES.map((name) => [name.toLowerCase(), name]));

function isZip(file: ImportFile): boolean {
  const d = file.data;
  return (
    file.name.toLowerCase().endsWith('.zip') ||
    (d.length >= 4 && d[0] === 0x50 && d[1] === 0x4b && d[2] === 0x03 && d[3] === 0x04)
  );
}

/**
 * The roster's files as text, from a zip of them (as a school's system exports them) or the
 * files themselves. Names are matched whatever their case, and a zip's folders are ignored.
 * OneRoster files are UTF-8 and nothing else: a file with a byte that is not UTF-8 is refused at
 * that byte, never decoded by a guess (which would rewrite correct names into mojibake).
 */
export function readRosterFiles(files: readonly ImportFile[]): RosterTexts {
  const texts = new Map<RosterFileName, string>();
  const ignored: string[] = [];
  const problems: ImportProblem[] = [];

  const take = (name: string, data: Uint8Array) => {
    const base = name.split('/').pop() ?? name;
    const known = byLowerName.get(base.toLowerCase());
    if (!known) {
      ignored.push(base);
      return;
    }
    if (texts.has(known)) {
      problems.push({ file: known, line: 0, message: `${known} was given more than once.` });
      return;
    }
    const decoded = decodeUtf8Strict(data);
    if (!decoded.ok) {
      const hex = decoded.byte.toString(16).toUpperCase().padStart(2, '0');
      problems.push({
        file: known,
        line: decoded.line,
        column: decoded.column,
        message: `This file is not UTF-8: the byte 0x${hex} here is not a UTF-8 character. Export the roster as UTF-8 (in Excel, "CSV UTF-8"); nothing in it was read.`,
      });
      return;
    }
    texts.set(known, decoded.text);
  };

  for (const file of files) {
    if (!isZip(file)) {
      take(file.name, file.data);
      continue;
    }
    let entries: Record<string, Uint8Array>;
    let unzipped = 0;
    try {
      entries = unzipSync(file.data, {
        filter: (entry) => {
          unzipped += entry.originalSize;
          const base = entry.name.split('/').pop() ?? '';
          return (
            unzipped <= MAX_UNZIPPED_BYTES &&
            base !== '' &&
            !base.startsWith('.') &&
            !entry.name.startsWith('__MACOSX/')
          );
        },
      });
    } catch {
      problems.push({
        file: file.name,
        line: 0,
        message: 'This zip file cannot be opened: it may be damaged or not a zip file.',
      });
      continue;
    }
    if (unzipped > MAX_UNZIPPED_BYTES) {
      problems.push({
        file: file.name,
        line: 0,
        message: 'This zip file unpacks to more than 300 MB, far more than any school roster.',
      });
      continue;
    }
    for (const [name, data] of Object.entries(entries)) take(name, data);
  }
  return { texts, ignored, problems };
}
