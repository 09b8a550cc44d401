import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { loadSettings, recordAudit, schoolDate, type DB } from '@schoolgate/db';
import { toCsv } from './csv';
import { actorOf, type SignedInContext, describeUserAgent } from '../core';

/**
 * The audit log viewer (P10, P16): who saw or changed what, about which student, when and from
 * where, searched by student, user, action and dates, and exported as CSV. Reading it is itself
 * audited.
 */

/** What each action the portal records means, in plain English. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  // Signing in and sessions (P16)
  'auth.sign_in.succeeded': 'Signed in',
  'auth.sign_in.failed': 'Sign-in failed: wrong password or unknown account',
  'auth.sign_in.refused': 'Sign-in refused: access suspended or account not active',
  'auth.sign_in.throttled': 'Sign-in blocked after too many attempts',
  'auth.sign_out': 'Signed out',
  'auth.session_ended': 'Session ended',
  'auth.two_factor.enrolled': 'Set up an authenticator app',
  'auth.two_factor.verified': 'Passed the second sign-in step',
  'auth.two_factor.failed': 'Wrong code at the second sign-in step',
  'auth.two_factor.throttled': 'Second sign-in step refused: too many wrong codes',
  'auth.two_factor.reset': 'Second sign-in step reset',
  'auth.new_device_notice': 'Emailed about a sign-in from a new device',
  // Accounts
  'account.created': 'Account made',
  'account.activation_resent': 'Activation link sent again',
  'account.activated': 'Account activated',
  'account.password_changed': 'Changed their password',
  'account.password_change.failed': 'Password change failed',
  'account.password_reset_requested': 'Asked to reset their password',
  'account.password_reset': 'Reset their password',
  // Access (P3, P13)
  'access.requested': 'Asked for portal access',
  'access.request_approved': 'Approved an access request',
  'access.request_denied': 'Denied an access request',
  'access.parental_responsibility_verified': 'Confirmed parental responsibility',
  'access.revoked': 'Revoked access',
  'access.reinstated': 'Reinstated access',
  // Refused requests (issue 10 item 6): one entry per account, procedure and minute, counted
  'refused.forbidden': 'Refused: their role does not allow it',
  'refused.not_found':
    'Refused as not found: not theirs to see (another family’s child) or no such record',
  'refused.burst': 'Many refused requests from one account: admins told',
  'safeguarding.hold_placed': 'Placed a safeguarding hold',
  'safeguarding.hold_lifted': 'Lifted a safeguarding hold',
  // The Acceptable Usage Policy (P2)
  'policy.accepted': 'Accepted the Acceptable Usage Policy',
  'policy.published': 'Published a new version of the policy',
  // Records
  'behaviour.recorded': 'Recorded a behaviour event',
  'notice.read': 'Read a notice',
  'change_request.created': 'Reported a problem or a change of details',
  'change_request.replied': 'Replied to a change request',
  'change_request.accepted': 'Accepted a change request',
  'change_request.rejected': 'Rejected a change request',
  // Views of data (P10)
  'view.attendance': 'Viewed attendance',
  'api_token.attendance_read': 'Attendance read by an API token (an export)',
  'api_token.audit_read': 'Audit log read by an API token',
  'view.behaviour': 'Viewed behaviour',
  'view.behaviour_form': 'Opened the behaviour form',
  'view.timetable': 'Viewed the timetable',
  'view.reports': 'Viewed the list of progress reports',
  'view.report': 'Viewed a progress report',
  'view.report_pdf': 'Downloaded a progress report',
  'view.overview': 'Viewed a student’s overview',
  'view.home': 'Viewed the portal home page',
  'view.my_students': 'Viewed their list of children',
  'view.student_summary': 'Viewed a student’s summary',
  'view.staff_student_list': 'Searched the student list',
  'view.student_contacts': 'Viewed a student’s parents and carers',
  'view.access_restrictions': 'Viewed access restrictions',
  'view.contact_record': 'Viewed a parent’s or carer’s record',
  'view.change_request': 'Viewed a change request',
  'view.change_request_record': 'Opened “Report a problem” for a record',
  'view.teaching_group': 'Viewed a class list',
  'view.safeguarding_holds': 'Viewed safeguarding holds',
  'view.safeguarding_student_search': 'Searched students for a safeguarding hold',
  'view.policy_acceptances': 'Viewed who has accepted the policy',
  'view.email_outbox': 'Viewed the email outbox',
  'email.resent': 'Sent failed emails again',
  'view.mis_curtailments': 'Viewed access stopped by the school’s system',
  'access.mis_curtailment_lifted': 'Restored access the school’s system had stopped',
  'auth.all_sessions_ended': 'Signed everyone out (after restoring a backup)',
  // This area
  'view.audit_log': 'Viewed the audit log',
  'view.audit_student_search': 'Searched students in the audit log',
  'view.audit_user_search': 'Searched users in the audit log',
  'export.audit_log': 'Exported the audit log as CSV',
  'export.subject_access': 'Exported everything held about a person',
  'view.information_requests': 'Viewed the information request log',
  'view.information_request_search': 'Searched people for an information request',
  'information_request.logged': 'Logged an information request',
  'information_request.completed': 'Marked an information request completed',
  'information_request.withdrawn': 'Marked an information request withdrawn',
};

const words = (code: string) => code.replaceAll('_', ' ').replaceAll('.', ' ');

/** The plain-English label of an action; an unknown one is shown as recorded. */
export function auditActionLabel(action: string): string {
  const known = AUDIT_ACTION_LABELS[action];
  if (known) return known;
  if (/^view\.[a-z0-9_]+$/.test(action)) return `Viewed ${words(action.slice(5))}`;
  if (/^import\.[a-z0-9_]+$/.test(action)) return `Imported ${words(action.slice(7))} data`;
  return action;
}

/** Filters for the datalist: every known action, and the prefixes that group them. */
export const AUDIT_ACTION_CHOICES: readonly { action: string; label: string }[] = [
  { action: 'view.', label: 'Every view of data' },
  { action: 'auth.', label: 'Every sign-in, sign-out and session event' },
  { action: 'account.', label: 'Every account event' },
  { action: 'access.', label: 'Every grant, revocation and reinstatement of access' },
  { action: 'refused.', label: 'Every refused request, and notices of many refusals' },
  { action: 'change_request.', label: 'Every change request event' },
  { action: 'export.', label: 'Every export' },
  { action: 'import.', label: 'Every import' },
  ...Object.entries(AUDIT_ACTION_LABELS).map(([action, label]) => ({ action, label })),
];

export interface AuditFilter {
  studentId?: string | undefined;
  userId?: string | undefined;
  /** An action ('view.attendance'), or a prefix: 'view.' or 'view' both mean every 'view.…'. */
  action?: string | undefined;
  /** Calendar dates in the school's time zone, both included. */
  from?: string | undefined;
  to?: string | undefined;
}

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_LIMIT = 100_000;

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The audit log narrowed by the filter, as `audit_log as a`. */
function filteredLog(db: Kysely<DB>, filter: AuditFilter, timeZone: string) {
  return db.selectFrom('audit_log as a').where((eb) => {
    const conditions: Expression<SqlBool>[] = [];
    if (filter.studentId) {
      // A view naming several students (a parent's list of children) counts for each of them,
      // and so does a refused request that asked for this student.
      const named = JSON.stringify({ student_ids: [filter.studentId] });
      const refused = JSON.stringify({ refused_ids: [filter.studentId] });
      conditions.push(
        eb.or([
          eb('a.student_id', '=', filter.studentId),
          sql<boolean>`a.details @> ${named}::jsonb`,
          sql<boolean>`a.details @> ${refused}::jsonb`,
        ]),
      );
    }
    if (filter.userId) {
      conditions.push(
        eb.or([
          eb('a.actor_user_id', '=', filter.userId),
          eb('a.target_user_id', '=', filter.userId),
        ]),
      );
    }
    const action = filter.action?.trim();
    if (action) {
      const prefix = action.endsWith('.') ? action : `${action}.`;
      conditions.push(
        eb.or([
          eb('a.action', '=', action),
          sql<boolean>`a.action like ${`${likeEscape(prefix)}%`} escape '\\'`,
        ]),
      );
    }
    if (filter.from) {
      conditions.push(
        sql<boolean>`a.at >= (${filter.from}::date::timestamp at time zone ${timeZone})`,
      );
    }
    if (filter.to) {
      conditions.push(
        sql<boolean>`a.at < ((${filter.to}::date + 1)::timestamp at time zone ${timeZone})`,
      );
    }
    return eb.and(conditions);
  });
}

const personName = (alias: { staff: string; contact: string; student: string }) =>
  sql<string | null>`coalesce(
    ${sql.ref(`${alias.staff}.forename`)} || ' ' || ${sql.ref(`${alias.staff}.surname`)},
    ${sql.ref(`${alias.contact}.forename`)} || ' ' || ${sql.ref(`${alias.contact}.surname`)},
    ${sql.ref(`${alias.student}.forename`)} || ' ' || ${sql.ref(`${alias.student}.surname`)}
  )`;

/** The filtered entries with the names of who did it, which student and which account. */
function entriesQuery(db: Kysely<DB>, filter: AuditFilter, timeZone: string) {
  return filteredLog(db, filter, timeZone)
    .leftJoin('users as au', 'au.id', 'a.actor_user_id')
    .leftJoin('staff as ast', 'ast.id', 'au.staff_id')
    .leftJoin('contacts as ac', 'ac.id', 'au.contact_id')
    .leftJoin('students as as2', 'as2.id', 'au.student_id')
    .leftJoin('students as s', 's.id', 'a.student_id')
    .leftJoin('users as tu', 'tu.id', 'a.target_user_id')
    .leftJoin('staff as tst', 'tst.id', 'tu.staff_id')
    .leftJoin('contacts as tc', 'tc.id', 'tu.contact_id')
    .leftJoin('students as ts', 'ts.id', 'tu.student_id')
    .select([
      'a.id',
      'a.at',
      'a.action',
      'a.actor_user_id',
      'a.student_id',
      'a.target_user_id',
      'a.ip',
      'a.user_agent',
      'a.details',
      'au.username as actor_username',
      personName({ staff: 'ast', contact: 'ac', student: 'as2' }).as('actor_name'),
      's.forename as student_forename',
      's.surname as student_surname',
      'tu.username as target_username',
      personName({ staff: 'tst', contact: 'tc', student: 'ts' }).as('target_name'),
    ])
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc');
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entriesQuery>['execute']>>[number];

export interface AuditPerson {
  userId: string;
  name: string | null;
  username: string | null;
}

export interface AuditEntryView {
  id: string;
  at: Date;
  action: string;
  actionLabel: string;
  /** Who did it; null for the system, the command line or someone not signed in. */
  actor: AuditPerson | null;
  /** "Nadia Okafor (demo.parent)", "System", "Command line" or "Not signed in". */
  who: string;
  student: { id: string; name: string | null } | null;
  target: AuditPerson | null;
  ip: string | null;
  userAgent: string | null;
  /** The user agent as a short description: "Chrome on Windows". */
  device: string | null;
  details: Record<string, unknown>;
  /** The details in one short line for a table. */
  detailsText: string;
}

const asDetails = (value: unknown): Record<string, unknown> => {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
};

/** The details as one short line: `view: attendance; student_ids: 2 items`. */
export function compactDetails(details: Record<string, unknown>, max = 200): string {
  const parts = Object.entries(details).map(([key, value]) => {
    if (Array.isArray(value)) {
      return value.length <= 2 && value.every((v) => typeof v !== 'object')
        ? `${key}: ${value.join(' ')}`
        : `${key}: ${value.length} item${value.length === 1 ? '' : 's'}`;
    }
    if (value !== null && typeof value === 'object') return `${key}: ${JSON.stringify(value)}`;
    return `${key}: ${String(value)}`;
  });
  const text = parts.join('; ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Who did it, for people reading the log. */
export function whoLabel(row: {
  actor_user_id: string | null;
  actor_name: string | null;
  actor_username: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}): string {
  if (row.actor_user_id) {
    const name = row.actor_name ?? 'Unknown user';
    return row.actor_username ? `${name} (${row.actor_username})` : name;
  }
  if (row.details.via === 'cli' || row.details.source === 'cli') return 'Command line';
  // No account, but a web request: someone not signed in (a failed sign-in, a reset request).
  if (row.ip) return 'Not signed in';
  return 'System';
}

/** A refusal tally's label says how many times it counts: "… (30 times that minute)". */
function timesLabel(action: string, details: Record<string, unknown>): string {
  const label = auditActionLabel(action);
  const count = details.count;
  return action.startsWith('refused.') && typeof count === 'number' && count > 1
    ? `${label} (${count} times that minute)`
    : label;
}

function toEntry(row: EntryRow): AuditEntryView {
  const details = asDetails(row.details);
  return {
    id: String(row.id),
    at: row.at,
    action: row.action,
    actionLabel: timesLabel(row.action, details),
    actor: row.actor_user_id
      ? { userId: row.actor_user_id, name: row.actor_name, username: row.actor_username }
      : null,
    who: whoLabel({ ...row, details }),
    student: row.student_id
      ? {
          id: row.student_id,
          name: row.student_forename ? `${row.student_forename} ${row.student_surname}` : null,
        }
      : null,
    target: row.target_user_id
      ? { userId: row.target_user_id, name: row.target_name, username: row.target_username }
      : null,
    ip: row.ip,
    userAgent: row.user_agent,
    device: row.user_agent ? describeUserAgent(row.user_agent) : null,
    details,
    detailsText: compactDetails(details),
  };
}

/**
 * Entries of the log matching `filter`, newest first, as the staff audit page shows them: the one
 * query behind the page and an API token's `tools.audit.search`. It takes the database, not a
 * person; whoever calls it checks who may read and records the reading. `afterId` is a cursor:
 * only entries older than that one (in the same order) are read.
 */
export async function readAuditEntries(
  db: Kysely<DB>,
  filter: AuditFilter,
  options: { timeZone: string; limit: number; offset?: number; afterId?: number },
): Promise<AuditEntryView[]> {
  let query = entriesQuery(db, filter, options.timeZone);
  if (options.afterId !== undefined) {
    query = query.where(
      sql<boolean>`(a.at, a.id) < (select c.at, c.id from audit_log c where c.id = ${options.afterId})`,
    );
  }
  const rows = await query
    .limit(options.limit)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map(toEntry);
}

/** The filter as recorded in the audit entry for reading the log. */
export const filterDetails = (filter: AuditFilter) =>
  Object.fromEntries(
    Object.entries({
      student_id: filter.studentId,
      user_id: filter.userId,
      action: filter.action?.trim() || undefined,
      from: filter.from,
      to: filter.to,
    }).filter(([, v]) => v !== undefined),
  );

/** The names behind the filter's ids, for the page to show what it is filtered by. */
async function describeFilter(db: Kysely<DB>, filter: AuditFilter) {
  const [student, user] = await Promise.all([
    filter.studentId
      ? db
          .selectFrom('students')
          .select(['id', 'forename', 'surname', 'year_group', 'form'])
          .where('id', '=', filter.studentId)
          .executeTakeFirst()
      : undefined,
    filter.userId
      ? db
          .selectFrom('users as u')
          .leftJoin('staff as st', 'st.id', 'u.staff_id')
          .leftJoin('contacts as c', 'c.id', 'u.contact_id')
          .leftJoin('students as s', 's.id', 'u.student_id')
          .select([
            'u.id',
            'u.username',
            personName({ staff: 'st', contact: 'c', student: 's' }).as('name'),
          ])
          .where('u.id', '=', filter.userId)
          .executeTakeFirst()
      : undefined,
  ]);
  return {
    student: student
      ? {
          id: student.id,
          name: `${student.forename} ${student.surname}`,
          yearGroup: student.year_group,
          form: student.form,
        }
      : null,
    user: user ? { id: user.id, name: user.name, username: user.username } : null,
    action: filter.action?.trim() || null,
    from: filter.from ?? null,
    to: filter.to ?? null,
  };
}

/** One page of the audit log, newest first; reading it is recorded with the filters used. */
export async function searchAuditLog(
  ctx: SignedInContext,
  filter: AuditFilter & { page: number; pageSize?: number | undefined },
) {
  const { db } = ctx;
  const pageSize = filter.pageSize ?? AUDIT_PAGE_SIZE;
  const settings = await loadSettings(db);
  const [entries, count, described] = await Promise.all([
    readAuditEntries(db, filter, {
      timeZone: settings.time_zone,
      limit: pageSize,
      offset: (filter.page - 1) * pageSize,
    }),
    filteredLog(db, filter, settings.time_zone)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow(),
    describeFilter(db, filter),
  ]);
  const total = Number(count.n);
  await recordAudit(db, {
    ...actorOf(ctx),
    action: 'view.audit_log',
    studentId: filter.studentId ?? null,
    targetUserId: filter.userId ?? null,
    details: { filters: filterDetails(filter), page: filter.page, entries: entries.length, total },
  });
  return {
    entries,
    total,
    page: filter.page,
    pageSize,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    filters: described,
    /** When the search ran: the log is complete up to this moment. */
    asOf: ctx.now(),
    timeZone: settings.time_zone,
    exportLimit: AUDIT_EXPORT_LIMIT,
    actionChoices: AUDIT_ACTION_CHOICES,
  };
}

/** "2026-11-17 09:30:05" in the school's time zone. */
function localTimestamp(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

export const AUDIT_CSV_HEADER = [
  'Entry',
  'When (school time)',
  'When (UTC)',
  'Who',
  'Username',
  'User ID',
  'Action',
  'What happened',
  'Student',
  'Student ID',
  'Account affected',
  'Account affected ID',
  'IP address',
  'Device',
  'User agent',
  'Details',
] as const;

/**
 * The filtered log as CSV, newest first, at most 100,000 entries (narrow the dates for more).
 * Every cell that a spreadsheet could run as a formula is made plain text. Exporting is audited.
 */
export async function exportAuditCsv(ctx: SignedInContext, filter: AuditFilter) {
  const { db } = ctx;
  const settings = await loadSettings(db);
  const rows = await entriesQuery(db, filter, settings.time_zone)
    .limit(AUDIT_EXPORT_LIMIT + 1)
    .execute();
  const truncated = rows.length > AUDIT_EXPORT_LIMIT;
  const entries = rows.slice(0, AUDIT_EXPORT_LIMIT).map(toEntry);
  const csv = toCsv(
    AUDIT_CSV_HEADER,
    entries.map((e) => [
      e.id,
      localTimestamp(e.at, settings.time_zone),
      e.at.toISOString(),
      e.who,
      e.actor?.username ?? '',
      e.actor?.userId ?? '',
      e.action,
      e.actionLabel,
      e.student?.name ?? '',
      e.student?.id ?? '',
      e.target ? `${e.target.name ?? 'Unknown user'} (${e.target.username ?? '?'})` : '',
      e.target?.userId ?? '',
      e.ip ?? '',
      e.device ?? '',
      e.userAgent ?? '',
      JSON.stringify(e.details),
    ]),
  );
  await recordAudit(db, {
    ...actorOf(ctx),
    action: 'export.audit_log',
    studentId: filter.studentId ?? null,
    targetUserId: filter.userId ?? null,
    details: { filters: filterDetails(filter), entries: entries.length, truncated },
  });
  const today = schoolDate(ctx.now(), settings.time_zone);
  return {
    fileName: `audit-log-${today}.csv`,
    contentType: 'text/csv; charset=utf-8' as const,
    csv,
    entries: entries.length,
    truncated,
    message: truncated
      ? `Only the newest ${AUDIT_EXPORT_LIMIT.toLocaleString('en-GB')} entries are in this file. Narrow the dates to export the rest.`
      : null,
  };
}

const SEARCH_LIMIT = 20;

/** Students whose name ("Daniel Okafor", "Okafor"), preferred name or UPN matches; leavers too. */
export async function findStudentsByName(db: Kysely<DB>, search: string, limit = SEARCH_LIMIT) {
  const pattern = `%${likeEscape(search.toLowerCase().replace(/\s+/g, ' '))}%`;
  const rows = await db
    .selectFrom('students as s')
    .select([
      's.id',
      's.forename',
      's.surname',
      's.preferred_name',
      's.year_group',
      's.form',
      's.date_of_birth',
      's.leaving_date',
    ])
    .where((eb) =>
      eb.or([
        sql<boolean>`lower(s.forename || ' ' || s.surname) like ${pattern}`,
        sql<boolean>`lower(coalesce(s.preferred_name, s.forename) || ' ' || s.surname) like ${pattern}`,
        sql<boolean>`lower(s.surname || ', ' || s.forename) like ${pattern}`,
        sql<boolean>`lower(coalesce(s.upn, '')) = ${search.toLowerCase()}`,
      ]),
    )
    .orderBy('s.surname')
    .orderBy('s.forename')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: `${r.preferred_name ?? r.forename} ${r.surname}`,
    yearGroup: r.year_group,
    form: r.form,
    dateOfBirth: r.date_of_birth,
    leavingDate: r.leaving_date,
  }));
}

/** Students to filter the log by; the search is audited like any list of students. */
export async function findAuditStudents(ctx: SignedInContext, search: string) {
  const students = await findStudentsByName(ctx.db, search);
  await recordAudit(ctx.db, {
    ...actorOf(ctx),
    action: 'view.audit_student_search',
    details: { search, student_ids: students.map((s) => s.id) },
  });
  return students;
}

const KIND_LABELS = { staff: 'Staff', parent: 'Parent or carer', student: 'Student' } as const;

/** Accounts to filter the log by: username, email or the person's name. */
export async function findAuditUsers(ctx: SignedInContext, search: string) {
  const pattern = `%${likeEscape(search.toLowerCase().replace(/\s+/g, ' '))}%`;
  const rows = await ctx.db
    .selectFrom('users as u')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .leftJoin('students as s', 's.id', 'u.student_id')
    .select([
      'u.id',
      'u.username',
      'u.email',
      'u.status',
      'u.staff_id',
      'u.contact_id',
      personName({ staff: 'st', contact: 'c', student: 's' }).as('name'),
    ])
    .where((eb) =>
      eb.or([
        sql<boolean>`lower(u.username) like ${pattern}`,
        sql<boolean>`lower(u.email) like ${pattern}`,
        sql<boolean>`lower(${personName({ staff: 'st', contact: 'c', student: 's' })}) like ${pattern}`,
      ]),
    )
    .orderBy('u.username')
    .limit(SEARCH_LIMIT)
    .execute();
  await recordAudit(ctx.db, {
    ...actorOf(ctx),
    action: 'view.audit_user_search',
    details: { search, users: rows.length },
  });
  return rows.map((r) => {
    const kind = r.staff_id ? 'staff' : r.contact_id ? 'parent' : 'student';
    return {
      userId: r.id,
      username: r.username,
      email: r.email,
      name: r.name,
      status: r.status,
      kind,
      kindLabel: KIND_LABELS[kind],
    };
  });
}
