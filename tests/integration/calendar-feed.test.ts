import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  anonymousCaller,
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  type TestUser,
} from './support/factories';
import { placeHold } from './support/notices-data';

// Issue 14: a private iCalendar subscription per person, holding only what they may see, read
// back here with an independent iCalendar parser (ical.js, Mozilla's), as a calendar app would.

let db: Database;
let dsl: TestUser;
let cycleForChild: string;
beforeAll(async () => {
  db = await freshDatabase();
  dsl = await newStaff(db, ['dsl']);
  await db
    .insertInto('terms')
    .values([
      { name: 'Autumn 2026', starts_on: '2026-09-03', ends_on: '2026-12-18' },
      { name: 'Spring 2027', starts_on: '2027-01-05', ends_on: '2027-03-26' },
      // Ended more than a year ago: not worth a calendar's space.
      { name: 'Autumn 2024', starts_on: '2024-09-03', ends_on: '2024-12-18' },
    ])
    .execute();
  await db
    .insertInto('school_closures')
    .values({
      reason: 'Half term; staff training, too',
      starts_on: '2026-10-26',
      ends_on: '2026-10-30',
    })
    .execute();
  const cycles = await db
    .insertInto('report_cycles')
    .values([
      { name: 'Autumn progress', publish_at: new Date('2026-12-10T16:00:00Z'), year_group: 9 },
      { name: 'Year 11 mocks', publish_at: new Date('2026-12-11T16:00:00Z'), year_group: 11 },
    ])
    .returning('id')
    .execute();
  cycleForChild = cycles[0]!.id;
});

/** A parent with parental responsibility for one new child who has a report in the first cycle. */
async function family() {
  const parent = await newParent(db);
  const { studentId } = await newStudent(db, { yearGroup: 9 });
  await link(db, parent.contactId, studentId);
  await db
    .insertInto('reports')
    .values({ cycle_id: cycleForChild, student_id: studentId })
    .execute();
  return { parent, studentId };
}

const fetchFeed = async (token: string) => (await anonymousCaller(db)).calendar.feed({ token });

/** The events a calendar app would show, as `summary start..end` (end exclusive, as iCalendar has it). */
function eventsIn(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return `${event.summary} ${event.startDate.toString()}..${event.endDate.toString()}`;
  });
}

describe('a calendar subscription', () => {
  it('holds the term dates, closures and the child’s report days, and parses as iCalendar', async () => {
    const { parent } = await family();
    const caller = await callerFor(db, parent);
    expect((await caller.calendar.mine()).feed).toBeNull();
    const { token, replaced } = await caller.calendar.resetFeed();
    expect(replaced).toBe(false);
    expect(token).toMatch(/^[a-z2-7]{32}$/);

    const text = await fetchFeed(token);
    expect(eventsIn(text!)).toEqual([
      'Autumn 2026 begins 2026-09-03..2026-09-04',
      'School closed: Half term; staff training, too 2026-10-26..2026-10-31',
      'Reports published: Autumn progress 2026-12-10..2026-12-11',
      'Autumn 2026 ends 2026-12-18..2026-12-19',
      'Spring 2027 begins 2027-01-05..2027-01-06',
      'Spring 2027 ends 2027-03-26..2027-03-27',
    ]);
    const page = await caller.calendar.mine();
    expect(page.events.map((e) => e.summary)).toContain('Reports published: Autumn progress');
    expect(page.feed?.lastFetchedAt).toEqual(TEST_NOW);
    // The secret itself is never kept.
    const stored = await db
      .selectFrom('calendar_feeds')
      .select('token_hash')
      .where('user_id', '=', parent.userId)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
  });

  it('stops the old address at once when reset, and every address when stopped', async () => {
    const { parent } = await family();
    const caller = await callerFor(db, parent);
    const first = await caller.calendar.resetFeed();
    const second = await caller.calendar.resetFeed();
    expect(second.replaced).toBe(true);
    expect(await fetchFeed(first.token)).toBeNull();
    expect(await fetchFeed(second.token)).toContain('BEGIN:VCALENDAR');
    expect(await caller.calendar.stopFeed()).toEqual({ stopped: true });
    expect(await fetchFeed(second.token)).toBeNull();
    expect(await caller.calendar.stopFeed()).toEqual({ stopped: false });
    const actions = await db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_user_id', '=', parent.userId)
      .where('action', 'like', 'calendar.%')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'calendar.feed_created',
      'calendar.feed_reset',
      'calendar.feed_stopped',
    ]);
  });

  it('leaves one working address when reset five times at once', async () => {
    const { parent } = await family();
    const callers = await Promise.all(Array.from({ length: 5 }, () => callerFor(db, parent)));
    const results = await Promise.allSettled(callers.map((c) => c.calendar.resetFeed()));
    const tokens = results.map((r) => (r.status === 'fulfilled' ? r.value.token : null));
    expect(tokens.every(Boolean)).toBe(true);
    const working = [];
    for (const token of tokens) if (await fetchFeed(token!)) working.push(token);
    expect(working).toHaveLength(1);
    const rows = await db
      .selectFrom('calendar_feeds')
      .select('user_id')
      .where('user_id', '=', parent.userId)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it.each([
    [
      'a hold on the child for all access',
      async (f: Awaited<ReturnType<typeof family>>) =>
        placeHold(db, f.studentId, dsl.userId, 'all_access'),
    ],
    [
      'a hold on this child only, their only child',
      async (f: Awaited<ReturnType<typeof family>>) => placeHold(db, f.studentId, dsl.userId),
    ],
    [
      'the child leaving',
      async (f: Awaited<ReturnType<typeof family>>) => {
        await db
          .updateTable('students')
          .set({ leaving_date: '2026-10-01' })
          .where('id', '=', f.studentId)
          .execute();
      },
    ],
    [
      'the account being disabled',
      async (f: Awaited<ReturnType<typeof family>>) => {
        await db
          .updateTable('users')
          .set({ status: 'disabled' })
          .where('id', '=', f.parent.userId)
          .execute();
      },
    ],
  ])('empties at once on %s, and is still a calendar the app can read', async (_, end) => {
    const f = await family();
    const { token } = await (await callerFor(db, f.parent)).calendar.resetFeed();
    expect(eventsIn((await fetchFeed(token))!)).toHaveLength(6);
    await end(f);
    const text = await fetchFeed(token);
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(eventsIn(text!)).toEqual([]);
  });

  it('gives staff who see reports every report day, and governors the school’s dates only', async () => {
    const teacher = await newStaff(db, ['teacher']);
    const governor = await newStaff(db, ['governor']);
    const teacherToken = (await (await callerFor(db, teacher)).calendar.resetFeed()).token;
    const governorToken = (await (await callerFor(db, governor)).calendar.resetFeed()).token;
    const reportDays = (text: string | null) =>
      eventsIn(text!).filter((e) => e.startsWith('Reports'));
    expect(reportDays(await fetchFeed(teacherToken))).toHaveLength(2);
    expect(reportDays(await fetchFeed(governorToken))).toEqual([]);
    expect(eventsIn((await fetchFeed(governorToken))!)).toHaveLength(5);
  });

  it.each(['', 'x', 'A'.repeat(32), 'a'.repeat(32), '../../etc/passwd', 'a'.repeat(100)])(
    'answers “not found” for the address %j',
    async (token) => {
      expect(await fetchFeed(token)).toBeNull();
    },
  );
});
