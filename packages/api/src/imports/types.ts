import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@schoolgate/db';

/** Every kind of import, each with one importer in `registry.ts`. */
export const IMPORT_KINDS = [
  'oneroster',
  'attendance',
  'behaviour',
  'timetable',
  'reports',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The most one import takes, from the web page or the command line: a zipped roster is far less. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** One uploaded file: a CSV's text, or the bytes of a zip (OneRoster). */
export interface ImportFile {
  name: string;
  data: Uint8Array;
}

/** A bad row, named the way a spreadsheet shows it: the file and the line number. */
export interface ImportProblem {
  file: string;
  line: number;
  /** The character on the line, when one is at fault (a byte that is not UTF-8). */
  column?: number;
  message: string;
}

/** What an import would do, per kind of record ("students", "guardians", "marks"...). */
export interface ImportCounts {
  add: number;
  change: number;
  unchanged: number;
}

/** What a planned change does to one record. */
export const PLANNED_ACTIONS = ['curtail', 'change', 'remove', 'add', 'restore'] as const;
export type PlannedAction = (typeof PLANNED_ACTIONS)[number];

/** One field of a record that an import sets: `from` is null for a record it adds. */
export interface PlannedField {
  field: string;
  from: string | null;
  to: string | null;
}

/**
 * One record an import would add, change, remove or curtail, so staff can see *what* changes
 * (a year group shifted, a name decoded wrongly) before applying, not only how many.
 */
export interface PlannedChange {
  /** The kind of record, as the counts name it: "Students", "Parents and carers"… */
  kind: string;
  action: PlannedAction;
  /** Who or what, as staff know them: "Amelia Smith1", "Amelia Smith1 in 7/En1". */
  name: string;
  /** The files' own identifier for the record (a OneRoster sourcedId), when it has one. */
  ref: string | null;
  /** Each field that changes, old → new; an added record lists what it is given. */
  fields: PlannedField[];
  /** Why, for a curtailment, a removal or access that returns; null otherwise. */
  reason: string | null;
}

export interface ImportSummary {
  counts: Record<string, ImportCounts>;
  /** Plain-English notes for staff, e.g. "3 students are missing: proposed as leavers". */
  notes: string[];
}

export interface ImportOptions {
  now: Date;
  /** The user importing (for recorded_by and audit); null for the CLI without a user. */
  userId: string | null;
  /** The school's "today", in its time zone. */
  today: string;
  /**
   * Whether the files hold every record of their kind (a full roster: students missing from it
   * are proposed as leavers). Undefined means the importer's own default.
   */
  full?: boolean | undefined;
}

/**
 * A planned import. Planning reads the database (inside the transaction that may apply it) and
 * never writes; `apply` writes everything in that same transaction, so an import is all or nothing.
 */
export interface ImportPlan {
  summary: ImportSummary;
  problems: ImportProblem[];
  /**
   * Every student the import adds or changes, or whose marks, events, reports, links or class
   * memberships it adds or changes: the import's audit entry names them, so that searching the
   * audit log by student finds it (P10). Ids of new students are chosen when planning.
   */
  studentIds: string[];
  /** Each record added, changed, removed or curtailed, when the importer lists them. */
  changes?: PlannedChange[];
  /** `importRunId`: the import's own record, already written, for rows that name it. */
  apply(trx: Transaction<DB>, run: { importRunId: string }): Promise<ImportApplied | void>;
}

/** What applying did that the import's audit entry should say beyond the plan. */
export interface ImportApplied {
  /** Merged into the audit entry's details, e.g. `account_emails` for accounts whose email moved. */
  auditDetails?: Record<string, unknown>;
}

export interface Importer {
  kind: ImportKind;
  /** "Roster (OneRoster 1.2 CSV)". */
  label: string;
  /** One sentence for the upload page: what the files are and where the format is documented. */
  description: string;
  plan(
    db: Kysely<DB>,
    files: readonly ImportFile[],
    options: ImportOptions,
    progress?: (done: number, total: number, stage: string) => void,
  ): Promise<ImportPlan>;
}
