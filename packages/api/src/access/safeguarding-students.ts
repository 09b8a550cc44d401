import { recordAudit } from '@schoolgate/db';
import type { Context, SessionUser } from '../core';
import { schoolToday } from '../core';

const MAX_RESULTS = 20;

/**
 * Finds students by name or form so a DSL can place a hold (P14). DSLs see no other student data,
 * so this answers with only what identifies a student: name, year and form.
 */
export async function searchStudentsForHolds(
  ctx: Context & { user: SessionUser },
  input: { search: string },
) {
  const now = ctx.now();
  const pattern = `%${input.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await ctx.db
    .selectFrom('students as s')
    .select(['s.id', 's.forename', 's.surname', 's.preferred_name', 's.year_group', 's.form'])
    .where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['s.forename']), 'like', pattern),
        eb(eb.fn('lower', ['s.surname']), 'like', pattern),
        eb(eb.fn('lower', ['s.preferred_name']), 'like', pattern),
        eb(eb.fn('lower', ['s.form']), 'like', pattern),
      ]),
    )
    .where((eb) =>
      eb.or([eb('s.leaving_date', 'is', null), eb('s.leaving_date', '>=', schoolToday(now))]),
    )
    .orderBy('s.surname')
    .orderBy('s.forename')
    .limit(MAX_RESULTS)
    .execute();
  await recordAudit(ctx.db, {
    at: now,
    action: 'view.safeguarding_student_search',
    actorUserId: ctx.user.id,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: { student_ids: rows.map((r) => r.id) },
  });
  return rows.map((r) => ({
    id: r.id,
    forename: r.forename,
    surname: r.surname,
    preferredName: r.preferred_name,
    yearGroup: r.year_group,
    form: r.form,
  }));
}
