import { loadSettings, recordAudit, schoolDate } from '@schoolgate/db';
import { AppError, actorOf, loadSchoolCalendar, type SignedInContext } from '../core';
import { toCsv } from '../audit';
import { studentDisplayName } from '../access';
import { schoolDaysBetween, sessionsOf, type SessionChoice } from './rules';

/** The longest range one export covers, in days: a school year and a little more. */
export const MAX_EXPORT_DAYS = 400;

/**
 * The office's export of accepted absence reports for the school's management system (MIS), for
 * the days `from` to `to`: one row per session in the portal's own attendance import format
 * (docs/imports/attendance.md: upn, student_id, date, session, code), so the same file goes
 * back through the portal's importer unchanged. Only school days the child was on roll, up to
 * today (the importer takes no future marks); a child with neither a UPN nor a roster id cannot be
 * named in the file and is listed instead. Audited with the reports it holds.
 */
export async function exportForMis(ctx: SignedInContext, input: { from: string; to: string }) {
  const now = ctx.now();
  const [calendar, settings] = await Promise.all([
    loadSchoolCalendar(ctx.db),
    loadSettings(ctx.db),
  ]);
  const today = schoolDate(now, calendar.timeZone);
  if (input.to < input.from) {
    throw new AppError('bad_input', 'The last day must be the same as the first day or after it.', {
      fieldErrors: { to: ['The last day must be the same as the first day or after it.'] },
    });
  }
  const last = input.to < today ? input.to : today;
  const rows = await ctx.db
    .selectFrom('absence_reports as r')
    .innerJoin('students as s', 's.id', 'r.student_id')
    .select([
      'r.id',
      'r.first_date',
      'r.last_date',
      'r.sessions',
      'r.recorded_code',
      's.id as student_id',
      's.upn',
      's.source_id',
      's.forename',
      's.preferred_name',
      's.surname',
      's.admission_date',
      's.leaving_date',
    ])
    .where('r.state', '=', 'accepted')
    .where('r.kind', '=', 'absence')
    .where('r.recorded_code', 'is not', null)
    .where('r.first_date', '<=', last)
    .where('r.last_date', '>=', input.from)
    .orderBy('s.surname')
    .orderBy('s.forename')
    .orderBy('s.id')
    .orderBy('r.first_date')
    .execute();

  const lines: string[][] = [];
  const unnamed = new Map<string, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    if (!row.upn && !row.source_id) {
      unnamed.set(row.student_id, studentDisplayName(row));
      continue;
    }
    const from = String(row.first_date) > input.from ? String(row.first_date) : input.from;
    const to = String(row.last_date) < last ? String(row.last_date) : last;
    for (const day of schoolDaysBetween(from, to, calendar)) {
      if (String(row.admission_date) > day) continue;
      if (row.leaving_date !== null && String(row.leaving_date) < day) continue;
      for (const session of sessionsOf(row.sessions as SessionChoice)) {
        // Two accepted reports never cover one session (reports may not overlap), but be sure.
        const key = `${row.student_id}|${day}|${session}`;
        if (seen.has(key)) continue;
        seen.add(key);
        lines.push([row.upn ?? '', row.source_id ?? '', day, session, row.recorded_code ?? '']);
      }
    }
  }
  // No note column: the importer then keeps each mark's own note, so the file changes codes only.
  const csv = toCsv(['upn', 'student_id', 'date', 'session', 'code'], lines);
  await recordAudit(ctx.db, {
    ...actorOf(ctx),
    action: 'absence_report.exported',
    details: {
      from: input.from,
      to: input.to,
      sessions: lines.length,
      report_ids: rows.map((r) => r.id),
    },
  });
  return {
    filename: `absence-reports-${input.from}-to-${last}.csv`,
    csv,
    sessions: lines.length,
    misIsRecord: settings.attendance_record === 'mis',
    /** Children whose accepted reports could not go in the file: no UPN and no roster id. */
    unnamed: [...unnamed.values()],
    /** Days after today are left out: the register takes no marks for days to come. */
    lastDay: last,
  };
}
