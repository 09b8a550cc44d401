import {
  expressionBuilder,
  sql,
  type Expression,
  type Insertable,
  type RawBuilder,
  type ShallowDehydrateObject,
  type Simplify,
} from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { AuditEntry, AuditLog, Database, DB } from '@schoolgate/db';
import type { SessionUser } from '../core';
import { attendanceTotalsFromRows, attendanceTotalsQuery } from '../attendance';
import { latestBehaviourFromRows, latestBehaviourQuery } from '../behaviour';
import { unreadNoticesFromRows, unreadNoticesQuery } from '../notices';
import { newestReportFromRows, newestReportQuery } from '../reports';
import { lessonsOnFromRows, lessonsOnQuery } from '../timetable';
import type { LoadedSchoolCalendar } from '../core';
import type { ViewedStudent } from '../access';

/** How many behaviour events each child's summary shows. */
export const LATEST_BEHAVIOUR = 3;
/** How many unread notices the home page names. */
export const NEWEST_NOTICES = 3;

export interface SummaryRequest {
  /** Students the user may see, as `canSeeStudent` found them earlier in this request. */
  students: readonly ViewedStudent[];
  calendar: LoadedSchoolCalendar;
  /** The school day whose lessons to show, or null (none left this year). */
  day: string | null;
  /** Attendance counts from this date to `today`. */
  yearStartsOn: string;
  today: string;
  now: Date;
  /** The home page's unread notices for this user, worked out against `students`. */
  noticesFor?: SessionUser;
  /** An audit entry written by the same statement, so the view and its record are one. */
  audit?: AuditEntry;
}

/** Subqueries are built apart from the database (whose plugins see statements, not parts). */
const parts = expressionBuilder<DB, never>();

/** A subquery's rows as one JSON column; no rows when there is nothing to ask. */
function rows<O>(query: Expression<O> | null): RawBuilder<Simplify<ShallowDehydrateObject<O>>[]> {
  return query ? jsonArrayFrom(query) : sql`'[]'::json`;
}

/** The row `recordAudit` writes for `entry`, for an insert inside a larger statement. */
function auditRow(entry: AuditEntry): Insertable<AuditLog> {
  return {
    at: entry.at,
    action: entry.action,
    actor_user_id: entry.actorUserId ?? null,
    student_id: entry.studentId ?? null,
    target_user_id: entry.targetUserId ?? null,
    ip: entry.ip ?? null,
    user_agent: entry.userAgent ?? null,
    details: JSON.stringify(entry.details ?? {}),
  };
}

/**
 * Every block of the students' summaries (the day's lessons, attendance this year, the latest
 * behaviour, the newest report) and, for the home page, the unread notices and the audit entry,
 * in ONE statement: each block is its capability's own query, gathered as a JSON column, so the
 * database plans and runs them in one round trip and one transaction. The notices are matched
 * against the students already found rather than working the same access rule out again.
 */
export async function loadSummaries(db: Database, request: SummaryRequest) {
  const ids = request.students.map((s) => s.id);
  const any = ids.length > 0;
  const { now, noticesFor } = request;
  const known = {
    ids,
    yearGroups: request.students.map((s) => s.yearGroup),
    forms: request.students.map((s) => s.form),
  };
  const select = (from: Pick<Database, 'selectNoFrom'>) =>
    from.selectNoFrom([
      rows(request.day ? lessonsOnQuery(parts, ids, request.day, request.calendar) : null).as(
        'lessons',
      ),
      rows(any ? attendanceTotalsQuery(parts, ids, request.yearStartsOn, request.today) : null).as(
        'attendance',
      ),
      rows(latestBehaviourQuery(parts, ids, LATEST_BEHAVIOUR)).as('behaviour'),
      rows(any ? newestReportQuery(parts, ids, now) : null).as('reports'),
      rows(
        noticesFor ? unreadNoticesQuery(parts, noticesFor, now, NEWEST_NOTICES, known) : null,
      ).as('notices'),
    ]);
  // Postgres runs a data-modifying WITH exactly once, whether or not the select reads it.
  const audit = request.audit;
  const row = await (
    audit
      ? select(db.with('audit', (w) => w.insertInto('audit_log').values(auditRow(audit))))
      : select(db)
  ).executeTakeFirstOrThrow();
  return {
    lessons: lessonsOnFromRows(ids, request.day ?? request.today, row.lessons),
    attendance: attendanceTotalsFromRows(ids, row.attendance),
    behaviour: latestBehaviourFromRows(ids, row.behaviour),
    reports: newestReportFromRows(row.reports),
    notices: unreadNoticesFromRows(row.notices, NEWEST_NOTICES),
  };
}
