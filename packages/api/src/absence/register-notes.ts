import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '@schoolgate/db';
import {
  registerNote,
  sessionsOf,
  type Reason,
  type ReportState,
  type SessionChoice,
} from './rules';

export interface ReportedAbsence {
  reportId: string;
  /** "Reported absent: illness". */
  note: string;
  /** The code the office recorded when it accepted the report. */
  code: string;
}

/**
 * The accepted absence reports that cover `date` and `session` for these students, by student: a
 * register shows them ("Reported absent: illness") and a later save keeps their marks.
 */
export async function acceptedAbsencesOn(
  db: Kysely<DB>,
  studentIds: readonly string[],
  date: string,
  session: 'AM' | 'PM',
): Promise<Map<string, ReportedAbsence>> {
  if (studentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('absence_reports')
    .select(['id', 'student_id', 'reason', 'sessions', 'recorded_code'])
    .where('student_id', 'in', [...studentIds])
    .where('state', '=', 'accepted')
    .where('kind', '=', 'absence')
    .where('first_date', '<=', date)
    .where('last_date', '>=', date)
    .orderBy('decided_at', 'desc')
    .execute();
  const found = new Map<string, ReportedAbsence>();
  for (const row of rows) {
    if (found.has(row.student_id) || !row.recorded_code) continue;
    if (!sessionsOf(row.sessions as SessionChoice).includes(session)) continue;
    found.set(row.student_id, {
      reportId: row.id,
      note: registerNote(row.reason as Reason),
      code: row.recorded_code,
    });
  }
  return found;
}

/** Beside a mark a parent's report covers, by where the report stands. */
const REPORTED_LABELS: Readonly<Record<ReportState, string>> = {
  waiting: 'Reported by a parent: waiting for the school',
  accepted: 'Reported by a parent: accepted by the school',
  more_information: 'Reported by a parent: the school has asked for more information',
  refused: 'Reported by a parent: not accepted by the school',
};

/**
 * What a parent has reported about one child's sessions from `from` to `to`, for the attendance
 * page beside each mark: `date session` → "Reported by a parent: waiting for the school". The most
 * recent report covering a session wins. Dates, sessions and where the report stands only: what
 * the parent wrote stays on the report.
 */
export async function reportedSessions(
  db: Kysely<DB>,
  studentId: string,
  from: string,
  to: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('absence_reports')
    .select(['first_date', 'last_date', 'sessions', 'state', 'kind'])
    .where('student_id', '=', studentId)
    .where('kind', '=', 'absence')
    .where('first_date', '<=', to)
    .where('last_date', '>=', from)
    .orderBy('created_at', 'asc')
    .execute();
  const found = new Map<string, string>();
  for (const row of rows) {
    const label = REPORTED_LABELS[row.state as ReportState];
    for (let day = String(row.first_date); day <= String(row.last_date); day = nextDay(day)) {
      if (day < from || day > to) continue;
      for (const session of sessionsOf(row.sessions as SessionChoice)) {
        found.set(`${day} ${session}`, label);
      }
    }
  }
  return found;
}

/** The calendar day after 'YYYY-MM-DD'. */
function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * True when a parent's absence report that the school has not sent back covers the mark
 * `attendance_marks` (its student, a day from its first to its last, its session): waiting for the
 * school, or accepted and not yet recorded. The home page counts such an unexplained mark as
 * reported rather than needing a reason; one the school refused or asked more about still needs
 * the parent (issue 13).
 */
export function reportCoversMark(
  eb: ExpressionBuilder<DB, 'attendance_marks'>,
): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('absence_reports as r')
      .select(sql<number>`1`.as('one'))
      .whereRef('r.student_id', '=', 'attendance_marks.student_id')
      .where('r.kind', '=', 'absence')
      .where('r.state', 'in', ['waiting', 'accepted'])
      .whereRef('r.first_date', '<=', 'attendance_marks.on_date')
      .whereRef('r.last_date', '>=', 'attendance_marks.on_date')
      .where((w) =>
        w.or([
          w('r.sessions', '=', 'all'),
          w('r.sessions', '=', w.ref('attendance_marks.session')),
        ]),
      ),
  );
}
