import { sql } from 'kysely';

/** "Today" in the school's time zone, by the context's clock, computed where the query runs. */
export function schoolToday(now: Date) {
  return sql<string>`((${now}::timestamptz) at time zone (select time_zone from school_settings where id = 1))::date`;
}
