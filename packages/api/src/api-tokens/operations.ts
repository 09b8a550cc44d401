import { z } from 'zod';
import { ATTENDANCE_CODES } from '../attendance';
import { importFiles, IMPORT_KINDS, PLANNED_ACTIONS } from '../imports';
import { API_SCOPES, type ApiScope } from './scopes';
import { MAX_EXPORT_DAYS } from './attendance-export';
import { AUDIT_SEARCH_DEFAULT_LIMIT, AUDIT_SEARCH_MAX_LIMIT, MAX_AUDIT_DAYS } from './audit-search';

/**
 * Every procedure an API token can call (issue 15), with what it answers: the router validates its
 * answers against these schemas, and the OpenAPI description is generated from them, so neither
 * can drift from the other.
 */
export const whoAmIOutput = z.object({
  name: z.string().describe('The token’s name, as the audit log shows it.'),
  scopes: z.array(z.string()).describe('What the token may do.'),
  expiresAt: z.iso.datetime().describe('When the token stops working.'),
});

export const notAcceptedPolicyOutput = z.array(
  z.object({
    username: z.string(),
    kind: z.enum(['parent', 'student', 'staff']),
    lastSignedInAt: z.iso.datetime().nullable().describe('Null when they have never signed in.'),
  }),
);

const isoDate = (which: string) =>
  z.iso.date(`Enter the ${which} day as a real date, for example 2026-12-07.`);

export const attendanceMarksInput = z.object({
  from: isoDate('first').describe('The first day, YYYY-MM-DD.'),
  to: isoDate('last').describe(`The last day, YYYY-MM-DD: at most ${MAX_EXPORT_DAYS} days in all.`),
  unexplainedOnly: z
    .boolean('Say true or false for unexplainedOnly.')
    .optional()
    .describe('Only absences with no reason yet (code N): what the school texts home about.'),
});

export const attendanceMarksOutput = z.array(
  z.object({
    date: z.iso.date(),
    session: z.enum(['AM', 'PM']),
    code: z.enum(ATTENDANCE_CODES.map((c) => c.code) as [string, ...string[]]),
    category: z.enum([
      'present',
      'approved_activity',
      'authorised',
      'unauthorised',
      'not_possible',
    ]),
    meaning: z.string().describe('The code in plain English.'),
    minutesLate: z.number().int().nullable(),
    student: z.object({
      id: z.uuid(),
      upn: z.string().nullable(),
      forename: z.string(),
      surname: z.string(),
      preferredName: z.string().nullable(),
      yearGroup: z.number().int(),
      form: z.string(),
    }),
    contacts: z
      .array(
        z.object({
          title: z.string().nullable(),
          forename: z.string(),
          surname: z.string(),
          relationship: z.string(),
          mobile: z.string().nullable(),
          email: z.string().nullable(),
        }),
      )
      .describe(
        'Contacts with parental responsibility whose access is not revoked or stopped, to tell.',
      ),
  }),
);

export const auditSearchInput = z.object({
  from: isoDate('first').describe('The first day, YYYY-MM-DD, in the school’s time zone.'),
  to: isoDate('last').describe(`The last day, YYYY-MM-DD: at most ${MAX_AUDIT_DAYS} days in all.`),
  action: z
    .string('Give the action as text, like view.attendance.')
    .trim()
    .max(100, 'An action is at most 100 characters.')
    .regex(/^[a-z0-9_.]*$/, 'An action is written like view.attendance, or view. for every view.')
    .optional()
    .describe('One action (view.attendance), or every action under a prefix (view.).'),
  cursor: z
    .string('Give the cursor as the previous answer’s nextCursor.')
    .regex(/^[1-9]\d{0,15}$/, 'Give the cursor exactly as the previous answer’s nextCursor.')
    .optional()
    .describe('The previous answer’s nextCursor, for the next (older) page.'),
  limit: z
    .int(`Ask for a whole number of entries from 1 to ${AUDIT_SEARCH_MAX_LIMIT}.`)
    .min(1, `Ask for a whole number of entries from 1 to ${AUDIT_SEARCH_MAX_LIMIT}.`)
    .max(
      AUDIT_SEARCH_MAX_LIMIT,
      `Ask for a whole number of entries from 1 to ${AUDIT_SEARCH_MAX_LIMIT}.`,
    )
    .optional()
    .describe(`Entries per page (${AUDIT_SEARCH_DEFAULT_LIMIT} unless said).`),
});

const auditPerson = z.object({ name: z.string().nullable(), username: z.string().nullable() });

export const auditSearchOutput = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      at: z.iso.datetime(),
      action: z.string(),
      actionLabel: z.string().describe('The action in plain English.'),
      who: z
        .string()
        .describe('Who did it: a person, “System”, “Command line” or “Not signed in”.'),
      actor: auditPerson.nullable(),
      student: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
      target: auditPerson.nullable().describe('The account acted on, if any.'),
      ip: z.string().nullable(),
      device: z.string().nullable().describe('The browser, in short: “Chrome on Windows”.'),
      details: z.record(z.string(), z.unknown()),
      detailsText: z.string().describe('The details in one short line.'),
    }),
  ),
  nextCursor: z
    .string()
    .nullable()
    .describe('Pass as cursor for the next (older) page; null when there is none.'),
  timeZone: z.string().describe('The school’s time zone, in which the days are counted.'),
});

export const rosterImportInput = z.object({
  files: importFiles.describe(
    'The OneRoster 1.2 CSV files, or one zip of them, each base64-encoded: at most 20 MB in all.',
  ),
  full: z
    .boolean('Say true or false for full.')
    .optional()
    .describe(
      'Whether the files list every student on roll (the default): students missing are proposed as leavers.',
    ),
});

export const importResultOutput = z.object({
  kind: z.enum(IMPORT_KINDS),
  applied: z.boolean().describe('False for a dry run, or when any row is bad: nothing written.'),
  summary: z.object({
    counts: z.record(
      z.string(),
      z.object({ add: z.number().int(), change: z.number().int(), unchanged: z.number().int() }),
    ),
    notes: z.array(z.string()),
  }),
  problems: z.array(
    z.object({
      file: z.string(),
      line: z.number().int(),
      column: z.number().int().optional(),
      message: z.string(),
    }),
  ),
  changes: z.array(
    z.object({
      kind: z.string(),
      action: z.enum(PLANNED_ACTIONS),
      name: z.string(),
      ref: z.string().nullable(),
      fields: z.array(
        z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() }),
      ),
      reason: z.string().nullable(),
    }),
  ),
  importRunId: z.uuid().nullable(),
});

export interface ToolOperation {
  /** The procedure's path, as the URL names it: /api/trpc/<path>. */
  path: string;
  /** The scope a token needs, or null for any valid token. */
  scope: ApiScope | null;
  summary: string;
  /** A query is a GET (its input in `?input=`), a mutation a POST (its input the JSON body). */
  method: 'query' | 'mutation';
  input: z.ZodType | null;
  output: z.ZodType;
}

export const TOOL_OPERATIONS: readonly ToolOperation[] = [
  {
    path: 'tools.whoAmI',
    scope: null,
    summary: 'The token’s own name, scopes and expiry.',
    method: 'query',
    input: null,
    output: whoAmIOutput,
  },
  {
    path: 'tools.accounts.notAcceptedPolicy',
    scope: 'accounts:read',
    summary: API_SCOPES['accounts:read'],
    method: 'query',
    input: null,
    output: notAcceptedPolicyOutput,
  },
  {
    path: 'tools.attendance.marks',
    scope: 'attendance:read',
    summary:
      'Attendance marks for a range of days, each with the student and the contacts to tell. Students under a child-protection hold are left out.',
    method: 'query',
    input: attendanceMarksInput,
    output: attendanceMarksOutput,
  },
  {
    path: 'tools.audit.search',
    scope: 'audit:read',
    summary:
      'The audit log for a range of days (at most 31), newest first, a page at a time, optionally for one action or a prefix of actions. Reading it is audited.',
    method: 'query',
    input: auditSearchInput,
    output: auditSearchOutput,
  },
  {
    path: 'tools.roster.preview',
    scope: 'roster:import',
    summary:
      'A dry run of a OneRoster import: what it would add, change and leave, and every bad row. Writes nothing.',
    method: 'mutation',
    input: rosterImportInput,
    output: importResultOutput,
  },
  {
    path: 'tools.roster.run',
    scope: 'roster:import',
    summary:
      'Applies a OneRoster import, all or nothing: with any bad row nothing is written (applied: false).',
    method: 'mutation',
    input: rosterImportInput,
    output: importResultOutput,
  },
];
