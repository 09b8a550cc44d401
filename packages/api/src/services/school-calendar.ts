import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '@schoolgate/db';
import type { SchoolCalendar } from '../policy/school-days';

/** The calendar with the school's time zone, which decides what "today" is. */
export type LoadedSchoolCalendar = SchoolCalendar & { timeZone: string };

/**
 * The school calendar (terms, closures and the timetable cycle) in ONE query, however many terms
 * and closures there are: the settings row with the terms and closures gathered beside it.
 */
export async function loadSchoolCalendar(db: Kysely<DB>): Promise<LoadedSchoolCalendar> {
  const row = await db
    .selectFrom('school_settings')
    .select((eb) => [
      'timetable_cycle_weeks',
      'timetable_cycle_anchor',
      'time_zone',
      jsonArrayFrom(
        eb.selectFrom('terms').select(['id', 'name', 'starts_on', 'ends_on']).orderBy('starts_on'),
      ).as('terms'),
      jsonArrayFrom(
        eb
          .selectFrom('school_closures')
          .select(['starts_on', 'ends_on', 'reason'])
          .orderBy('starts_on'),
      ).as('closures'),
    ])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    terms: row.terms.map((t) => ({
      id: String(t.id),
      name: t.name,
      startsOn: t.starts_on,
      endsOn: t.ends_on,
    })),
    closures: row.closures.map((c) => ({
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      reason: c.reason,
    })),
    cycleWeeks: row.timetable_cycle_weeks === 2 ? 2 : 1,
    cycleAnchor: row.timetable_cycle_anchor,
    timeZone: row.time_zone,
  };
}
