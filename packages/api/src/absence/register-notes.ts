import type { Kysely } from 'kysely';
import type { DB } from '@schoolgate/db';
import { registerNote, sessionsOf, type Reason, type SessionChoice } from './rules';

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
