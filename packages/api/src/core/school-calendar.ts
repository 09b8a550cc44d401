import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '@schoolgate/db';
import type { SchoolCalendar, Term } from './school-days';

/** A term as stored, with when it was last changed (P7). */
export interface StoredTerm extends Term {
  updatedAt: Date;
}

/** The calendar with the school's time zone, which decides what "today" is. */
export interface LoadedSchoolCalendar extends SchoolCalendar {
  /** Every term, earliest first. */
  terms: StoredTerm[];
  timeZone: string;
}

/** A source of subqueries: a Kysely instance, or an expression builder inside another statement. */
type From = Pick<Kysely<DB>, 'selectFrom'>;

/**
 * The school calendar (terms, closures and the timetable cycle) as ONE query, however many terms
 * and closures there are: the settings row with the terms and closures gathered beside it. A
 * builder, so a page can add its own columns to the same statement (the home page adds the
 * students it shows); `toSchoolCalendar` reads the row.
 */
export function schoolCalendarQuery(from: From) {
  return from
    .selectFrom('school_settings')
    .select((eb) => [
      'timetable_cycle_weeks',
      'timetable_cycle_anchor',
      'time_zone',
      jsonArrayFrom(
        eb
          .selectFrom('terms')
          .select(['id', 'name', 'starts_on', 'ends_on', 'updated_at'])
          .orderBy('starts_on'),
      ).as('terms'),
      jsonArrayFrom(
        eb
          .selectFrom('school_closures')
          .select(['starts_on', 'ends_on', 'reason'])
          .orderBy('starts_on'),
      ).as('closures'),
    ])
    .where('id', '=', 1);
}

type CalendarRow = Awaited<
  ReturnType<ReturnType<typeof schoolCalendarQuery>['executeTakeFirstOrThrow']>
>;

/** The calendar in a row of `schoolCalendarQuery`. */
export function toSchoolCalendar(row: CalendarRow): LoadedSchoolCalendar {
  return {
    terms: row.terms.map((t) => ({
      id: String(t.id),
      name: t.name,
      startsOn: t.starts_on,
      endsOn: t.ends_on,
      // JSON carries the timestamp as text.
      updatedAt: new Date(t.updated_at),
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

/** The school calendar, in one query. */
export async function loadSchoolCalendar(db: Kysely<DB>): Promise<LoadedSchoolCalendar> {
  return toSchoolCalendar(await schoolCalendarQuery(db).executeTakeFirstOrThrow());
}
