import { sql } from 'kysely';
import { schoolDate, type Database } from '@schoolgate/db';
import { holdsAny, type SessionUser } from '../core';
import { canSeeStudent } from '../access';
import type { AllDayEvent } from './ics';

/** How far back the calendar reaches: last year's dates are still worth seeing; older ones are not. */
const DAYS_BACK = 366;

/**
 * Whether `user` may see anything at all right now: not suspended (revoked, or a hold on a child:
 * P13, P14), and for a parent or carer at least one child they may see (a leaver's family, or a
 * contact restricted from every child, has none); for a student, on roll. Staff, while active.
 */
async function inGoodStanding(db: Database, user: SessionUser, now: Date): Promise<boolean> {
  if (user.suspended) return false;
  if (!user.contactId && !user.studentId) return true;
  const row = await db
    .selectFrom('students as s')
    .select(sql<number>`1`.as('one'))
    .where((eb) => canSeeStudent(eb, user, now))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The school calendar one person may see (issue 14): term dates and closures, and the days reports
 * are published for the children they may see (every cycle, for staff who see reports). Empty, at
 * once, for anyone whose access has ended, whatever they subscribed to before.
 */
export async function calendarEventsFor(
  db: Database,
  user: SessionUser,
  now: Date,
): Promise<AllDayEvent[]> {
  if (!(await inGoodStanding(db, user, now))) return [];
  const settings = await db
    .selectFrom('school_settings')
    .select('time_zone')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const from = new Date(now.getTime() - DAYS_BACK * 86_400_000);
  const fromDay = schoolDate(from, settings.time_zone);
  const seesReports = holdsAny(user.roles, ['parent', 'student', 'teacher', 'office', 'admin']);

  const [terms, closures, cycles] = await Promise.all([
    db
      .selectFrom('terms')
      .select(['id', 'name', 'starts_on', 'ends_on'])
      .where('ends_on', '>=', fromDay)
      .orderBy('starts_on')
      .execute(),
    db
      .selectFrom('school_closures')
      .select(['id', 'reason', 'starts_on', 'ends_on'])
      .where('ends_on', '>=', fromDay)
      .orderBy('starts_on')
      .execute(),
    seesReports
      ? db
          .selectFrom('report_cycles as c')
          .select(['c.id', 'c.name', 'c.publish_at'])
          .where('c.publish_at', 'is not', null)
          .where('c.publish_at', '>=', from)
          .$if(!holdsAny(user.roles, ['teacher', 'office', 'admin']), (query) =>
            query.where((eb) =>
              eb.exists(
                eb
                  .selectFrom('reports as r')
                  .innerJoin('students as s', 's.id', 'r.student_id')
                  .select(sql<number>`1`.as('one'))
                  .whereRef('r.cycle_id', '=', 'c.id')
                  .where((inner) => canSeeStudent(inner, user, now)),
              ),
            ),
          )
          .orderBy('c.publish_at')
          .execute()
      : Promise.resolve([]),
  ]);

  const events: AllDayEvent[] = [];
  for (const term of terms) {
    events.push(
      {
        uid: `term-${term.id}-starts`,
        summary: `${term.name} begins`,
        startsOn: term.starts_on,
        endsOn: term.starts_on,
      },
      {
        uid: `term-${term.id}-ends`,
        summary: `${term.name} ends`,
        startsOn: term.ends_on,
        endsOn: term.ends_on,
      },
    );
  }
  for (const closure of closures) {
    events.push({
      uid: `closure-${closure.id}`,
      summary: `School closed: ${closure.reason}`,
      startsOn: closure.starts_on,
      endsOn: closure.ends_on,
    });
  }
  for (const cycle of cycles) {
    const day = schoolDate(cycle.publish_at!, settings.time_zone);
    events.push({
      uid: `reports-${cycle.id}`,
      summary: `Reports published: ${cycle.name}`,
      startsOn: day,
      endsOn: day,
      description: 'Read them in the portal.',
    });
  }
  return events.sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.uid.localeCompare(b.uid));
}
