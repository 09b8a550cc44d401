import { describe, it, expect, beforeAll } from 'vitest';
import { hashPassword, verifyPassword } from '@schoolgate/auth';
import type { Database } from '@schoolgate/db';
import { DEMO_ACCOUNTS, seedDemoSchool, type SeedDemoResult } from '@schoolgate/db/demo';
import { freshDatabase } from './support/database';

// A Tuesday in the 2026/27 academic year, so Year 7 were aged 11 on 1 September 2026.
const NOW = new Date('2026-11-17T09:30:00Z');
const TODAY = '2026-11-17';
const MONTH_AGO = '2026-10-18';
const TABLES = [
  'students',
  'contacts',
  'student_contacts',
  'users',
  'staff',
  'terms',
  'school_closures',
  'periods',
  'teaching_groups',
  'teaching_group_members',
  'lessons',
  'lesson_changes',
  'attendance_marks',
  'behaviour_events',
  'notices',
  'notice_scopes',
  'notice_reads',
  'report_cycles',
  'reports',
  'report_subjects',
  'info_pages',
  'info_documents',
] as const;
// School Attendance (Pupil Registration) (England) Regulations 2024.
const CODES_2024 = [
  ...['/', '\\', 'L', 'K', 'V', 'P', 'W', 'B', 'D'],
  ...['C1', 'M', 'J1', 'S', 'C2', 'C', 'T', 'R', 'I', 'E', 'G', 'N', 'O', 'U'],
  ...['X', 'Q', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7', 'Z', '#'],
];
const PRESENT = ['/', '\\', 'L', 'K', 'V', 'P', 'W', 'B', 'D'];

let db: Database;
let result: SeedDemoResult;
let links: Awaited<ReturnType<typeof loadLinks>>;
let roles: { staff_id: string; role: string }[];

const loadLinks = () =>
  db
    .selectFrom('student_contacts as sc')
    .innerJoin('students as s', 's.id', 'sc.student_id')
    .innerJoin('contacts as c', 'c.id', 'sc.contact_id')
    .select(['sc.student_id', 'sc.contact_id', 'sc.relationship', 'sc.status'])
    .select(['sc.parental_responsibility as pr', 'sc.verified_by_staff_id', 'sc.verified_at'])
    .select(['s.year_group', 's.surname', 's.leaving_date', 'c.address_line1', 'c.postcode'])
    .execute();
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
/** The children of the demo parent: Daniel (the demo student, Year 10) and Amara (Year 8). */
const demoChildren = async () => {
  const { contact_id } = await userFor('demo.parent');
  const { student_id } = await userFor('demo.student');
  const amara = links.find((l) => l.contact_id === contact_id && l.student_id !== student_id);
  if (!student_id || !amara) throw new Error('no demo children');
  return { daniel: student_id, amara: amara.student_id };
};
/** School days from the terms and closures in the database. */
const loadCalendar = async () => {
  const terms = await db.selectFrom('terms').selectAll().orderBy('starts_on').execute();
  const closures = await db.selectFrom('school_closures').selectAll().execute();
  const isSchoolDay = (date: string) =>
    weekday(date) >= 1 &&
    weekday(date) <= 5 &&
    terms.some((t) => t.starts_on <= date && date <= t.ends_on) &&
    !closures.some((c) => c.starts_on <= date && date <= c.ends_on);
  return { terms, closures, isSchoolDay };
};
const onRoll = (row: { leaving_date: string | null }) =>
  !row.leaving_date || row.leaving_date > TODAY;
const count = async (table: (typeof TABLES)[number]) =>
  (await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
const userFor = (role: string) =>
  db.selectFrom('users').selectAll().where('username', '=', role).executeTakeFirstOrThrow();
const rolesOf = (staffId: string | null) =>
  roles.filter((r) => r.staff_id === staffId).map((r) => r.role);
// Whole years of age on a calendar date.
const ageOn = (dob: string, date: string) =>
  Number(date.slice(0, 4)) - Number(dob.slice(0, 4)) - (dob.slice(5) > date.slice(5) ? 1 : 0);

beforeAll(async () => {
  db = await freshDatabase();
  result = await seedDemoSchool(db, { now: NOW, hashPassword });
  links = await loadLinks();
  roles = await db.selectFrom('staff_roles').selectAll().execute();
});

describe('the demo school seed', () => {
  it('seeds Northfield Academy: 120+ students on roll in Years 7–11, 200+ contacts', async () => {
    expect(result).toMatchObject({ seeded: true, accounts: DEMO_ACCOUNTS });
    expect(result.students).toBe(await count('students'));
    expect(result.contacts).toBe(await count('contacts'));
    expect(result.contacts).toBeGreaterThanOrEqual(200);
    const settings = await db.selectFrom('school_settings').selectAll().executeTakeFirstOrThrow();
    expect(settings.school_name).toBe('Northfield Academy');

    const students = await db.selectFrom('students').selectAll().execute();
    const current = students.filter(onRoll);
    expect(current.length).toBeGreaterThanOrEqual(120);
    for (const s of current) {
      expect(s.year_group).toBeGreaterThanOrEqual(7);
      expect(s.year_group).toBeLessThanOrEqual(11);
      expect(s.form).toMatch(new RegExp(`^${s.year_group}[A-Z]$`));
      // The English rule: Year 7 are 11 on 1 September, Year 8 are 12, and so on.
      expect(ageOn(s.date_of_birth, '2026-09-01')).toBe(s.year_group + 4);
      expect(s.admission_date <= TODAY).toBe(true);
    }
    expect(new Set(current.map((s) => s.form)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(students.map((s) => s.upn)).size).toBe(students.length);
  });

  it('links the demo parent to exactly two siblings on roll, in different years', async () => {
    const { contact_id } = await userFor('demo.parent');
    const mine = links.filter((l) => l.contact_id === contact_id);
    expect(mine).toHaveLength(2);
    expect(mine.every((l) => l.status === 'verified' && l.pr && onRoll(l))).toBe(true);
    expect(new Set(mine.map((l) => l.year_group)).size).toBe(2);
    expect(new Set(mine.map((l) => l.surname)).size).toBe(1);
    expect(mine.map((l) => l.student_id)).toContain((await userFor('demo.student')).student_id);

    // Both children: the other parent (verified, same home, no account) and a step-parent
    // without PR.
    const others = mine.map((m) => links.filter((l) => l.student_id === m.student_id));
    const otherParent = others[0]?.find(
      (l) => l.contact_id !== contact_id && l.status === 'verified',
    );
    expect(otherParent?.address_line1).toBe(mine[0]?.address_line1);
    const users = await db.selectFrom('users').select('contact_id').execute();
    expect(users.map((u) => u.contact_id)).not.toContain(otherParent?.contact_id);
    for (const family of others) {
      expect(family.map((l) => l.contact_id)).toContain(otherParent?.contact_id);
      const step = family.find((l) => l.relationship.startsWith('Step-'));
      expect(step).toMatchObject({ pr: false, status: 'unverified' });
    }
  });

  it('has the family shapes the policies are about', () => {
    const verified = links.filter((l) => l.status === 'verified');
    expect(verified.length).toBeGreaterThan(links.length / 2);
    // P3: some PR still to be checked; verified links by the office manager or admin, in the past.
    expect(links.some((l) => l.pr && l.status === 'unverified')).toBe(true);
    for (const l of verified) {
      expect(l.verified_at && l.verified_at < NOW).toBe(true);
      expect(['office', 'admin']).toContain(rolesOf(l.verified_by_staff_id)[0]);
    }

    // Separated parents: two verified PR contacts of one student at different addresses.
    const home = (l: (typeof links)[number]) => `${l.address_line1} ${l.postcode}`;
    const separated = verified.some((a) =>
      verified.some((b) => a.student_id === b.student_id && home(a) !== home(b)),
    );
    expect(separated).toBe(true);

    // A sibling group across three year groups.
    const yearsOf = (contactId: string) =>
      new Set(links.filter((l) => l.contact_id === contactId).map((l) => l.year_group));
    expect(links.some((l) => yearsOf(l.contact_id).size >= 3)).toBe(true);

    // P1: a leaver (left a month or more ago) whose verified parent has no child on roll.
    const leftOnly = verified.filter(
      (l) =>
        l.leaving_date !== null &&
        l.leaving_date <= MONTH_AGO &&
        !links.some((o) => o.contact_id === l.contact_id && onRoll(o)),
    );
    expect(leftOnly.length).toBeGreaterThan(0);
  });

  it('creates the nine demo accounts, each signing in with its published password', async () => {
    const users = await db.selectFrom('users').selectAll().execute();
    const usernames = DEMO_ACCOUNTS.map((a) => a.username);
    expect(users.map((u) => u.username).sort()).toEqual(usernames.sort());
    for (const account of DEMO_ACCOUNTS) {
      const user = await userFor(account.username);
      expect(user).toMatchObject({ status: 'active', email: account.email });
      expect(await verifyPassword(user.password_hash, account.password)).toBe(true);
      expect(JSON.stringify(users)).not.toContain(account.password);
      if (user.staff_id) expect(rolesOf(user.staff_id)).toEqual([account.role]);
      // P11: no part (3+ letters) of the person's name is in the password.
      for (const part of account.name.split(/\s+/).filter((p) => p.length >= 3)) {
        expect(account.password.toLowerCase()).not.toContain(part.toLowerCase());
      }
    }
  });

  it('has a demo parent whose only child is in Year 9 and one whose only child is in Year 7', async () => {
    // The seven accounts the demo began with keep their usernames and passwords.
    expect(DEMO_ACCOUNTS.slice(0, 7).map((a) => `${a.username} ${a.password}`)).toEqual([
      'demo.parent Harbour-Lantern-27',
      'demo.student Copper-Kettle-58',
      'demo.teacher Maple-Compass-31',
      'demo.office Granite-Orchard-64',
      'demo.dsl Willow-Beacon-49',
      'demo.governor Saffron-Bridge-72',
      'demo.admin Cobalt-Thistle-85',
    ]);
    for (const [username, year] of [
      ['demo.parent9', 9],
      ['demo.parent7', 7],
    ] as const) {
      const account = DEMO_ACCOUNTS.find((a) => a.username === username);
      expect(account).toMatchObject({ role: 'parent' });
      const { contact_id } = await userFor(username);
      const contact = await db
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', contact_id ?? '')
        .executeTakeFirstOrThrow();
      // P4: the account's emails go to the contact's registered address.
      expect(contact.email).toBe(account?.email);
      expect(`${contact.forename} ${contact.surname}`).toBe(account?.name);
      const mine = links.filter((l) => l.contact_id === contact_id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ status: 'verified', pr: true, year_group: year });
      expect(mine[0] && onRoll(mine[0])).toBe(true);
    }
    // Nobody else has those names: lists and searches find one person.
    const named = await db
      .selectFrom('contacts')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('forename', '=', 'Rachel'), eb('surname', '=', 'Whitcombe')]),
          eb.and([eb('forename', '=', 'Callum'), eb('surname', '=', 'Fenwick')]),
        ]),
      )
      .execute();
    expect(named).toHaveLength(2);
  });

  it('publishes one policy version, in force today, published by the admin, accepted by nobody', async () => {
    const versions = await db.selectFrom('policy_versions').selectAll().execute();
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      title: 'Parent Portal Acceptable Usage Policy',
      effective_date: TODAY,
      published_by_user_id: (await userFor('demo.admin')).id,
    });
    expect(versions[0]?.body_markdown).toContain('## Passwords');
    const acceptances = await db.selectFrom('policy_acceptances').select('user_id').execute();
    expect(acceptances).toEqual([]);
  });

  it('has terms for last year and this, with half-terms and an INSET day', async () => {
    const { terms, closures } = await loadCalendar();
    expect(terms.map((t) => t.name)).toEqual([
      'Autumn 2025',
      'Spring 2026',
      'Summer 2026',
      'Autumn 2026',
      'Spring 2027',
      'Summer 2027',
    ]);
    const autumn = terms[3];
    expect(autumn?.starts_on).toBe('2026-09-01');
    expect(autumn && autumn.starts_on <= TODAY && TODAY <= autumn.ends_on).toBe(true);
    const halfTerms = closures.filter((c) => c.reason.startsWith('Half-term'));
    expect(halfTerms.map((c) => c.starts_on.slice(5, 7))).toEqual(
      expect.arrayContaining(['10', '02', '05']),
    );
    for (const c of halfTerms) {
      expect([weekday(c.starts_on), weekday(c.ends_on)]).toEqual([1, 5]);
    }
    expect(closures.filter((c) => c.reason.includes('INSET'))).toHaveLength(1);
    const settings = await db.selectFrom('school_settings').selectAll().executeTakeFirstOrThrow();
    expect(settings.timetable_cycle_weeks).toBe(2);
    // The Monday of the week of 1 September (a Tuesday in 2026).
    expect(String(settings.timetable_cycle_anchor)).toBe('2026-08-31');
  });

  it('runs a two-week timetable with no teacher or room in two places at once', async () => {
    const periods = await db.selectFrom('periods').selectAll().orderBy('sort_order').execute();
    expect(
      periods.map((p) => `${p.name} ${p.starts_at.slice(0, 5)}-${p.ends_at.slice(0, 5)}`),
    ).toEqual([
      'Period 1 08:50-09:50',
      'Period 2 09:50-10:50',
      'Period 3 11:10-12:10',
      'Period 4 12:10-13:10',
      'Period 5 14:00-15:00',
    ]);
    const lessons = await db
      .selectFrom('lessons as l')
      .innerJoin('teaching_groups as g', 'g.id', 'l.group_id')
      .select(['l.id', 'l.cycle_week', 'l.weekday', 'l.period_id', 'g.year_group', 'g.code'])
      .select((eb) => [
        eb.fn.coalesce('l.teacher_staff_id', 'g.teacher_staff_id').as('teacher'),
        eb.fn.coalesce('l.room', 'g.room').as('room'),
      ])
      .execute();
    const slots = new Map<string, typeof lessons>();
    for (const l of lessons) {
      const key = `${l.cycle_week}/${l.weekday}/${l.period_id}`;
      slots.set(key, [...(slots.get(key) ?? []), l]);
    }
    // Two weeks of five days of five periods; every year group has a lesson in every slot.
    expect(slots.size).toBe(50);
    for (const inSlot of slots.values()) {
      expect(inSlot.map((l) => l.year_group).sort()).toEqual([10, 11, 7, 8, 9]);
      expect(new Set(inSlot.map((l) => l.teacher)).size).toBe(inSlot.length);
      expect(new Set(inSlot.map((l) => l.room)).size).toBe(inSlot.length);
      expect(inSlot.every((l) => l.teacher && l.room)).toBe(true);
    }
    // English, maths and science get the most lessons.
    const perSubject = new Map<string, number>();
    for (const l of lessons.filter((l) => l.year_group === 10)) {
      const subject = l.code.split('/')[1] ?? '';
      perSubject.set(subject, (perSubject.get(subject) ?? 0) + 1);
    }
    const ranked = [...perSubject.entries()].sort((a, b) => b[1] - a[1]).map(([s]) => s);
    expect(ranked.slice(0, 3).sort()).toEqual(['En', 'Ma', 'Sc']);
    expect(perSubject.size).toBe(11);

    // Every student on roll is in each of their year's groups.
    const members = await db
      .selectFrom('teaching_group_members as m')
      .innerJoin('teaching_groups as g', 'g.id', 'm.group_id')
      .innerJoin('students as s', 's.id', 'm.student_id')
      .select(['m.student_id', 'g.year_group as group_year', 's.year_group', 's.leaving_date'])
      .execute();
    expect(members.every((m) => m.group_year === m.year_group && onRoll(m))).toBe(true);
    const students = await db.selectFrom('students').selectAll().execute();
    for (const s of students.filter(onRoll)) {
      expect(members.filter((m) => m.student_id === s.id)).toHaveLength(11);
    }

    // A few changes in the coming week, on days the lesson happens, with a free cover teacher.
    const { isSchoolDay } = await loadCalendar();
    const changes = await db.selectFrom('lesson_changes').selectAll().execute();
    expect(changes.length).toBeGreaterThanOrEqual(2);
    expect(changes.some((c) => c.cover_staff_id !== null)).toBe(true);
    expect(changes.some((c) => c.room !== null)).toBe(true);
    for (const c of changes) {
      expect(c.on_date > TODAY && c.on_date <= addDays(TODAY, 7)).toBe(true);
      expect(isSchoolDay(c.on_date)).toBe(true);
      const lesson = lessons.find((l) => l.id === c.lesson_id);
      expect(lesson?.weekday).toBe(weekday(c.on_date));
      const inSlot = slots.get(`${lesson?.cycle_week}/${lesson?.weekday}/${lesson?.period_id}`);
      const weeksFromAnchor = Math.floor(
        (Date.parse(`${c.on_date}T00:00:00Z`) - Date.parse('2026-08-31T00:00:00Z')) / 604_800_000,
      );
      expect(lesson?.cycle_week).toBe((weeksFromAnchor % 2) + 1);
      if (c.cover_staff_id) expect(inSlot?.map((l) => l.teacher)).not.toContain(c.cover_staff_id);
      if (c.room) expect(inSlot?.map((l) => l.room)).not.toContain(c.room);
    }
  });

  it('has the demo teacher teach Daniel (Year 10) and not Amara (Year 8)', async () => {
    const { daniel, amara } = await demoChildren();
    const { staff_id } = await userFor('demo.teacher');
    const taught = await db
      .selectFrom('teaching_groups as g')
      .innerJoin('teaching_group_members as m', 'm.group_id', 'g.id')
      .select(['g.code', 'g.year_group', 'm.student_id'])
      .where('g.teacher_staff_id', '=', staff_id)
      .execute();
    const pupils = taught.map((t) => t.student_id);
    expect(pupils).toContain(daniel);
    expect(pupils).not.toContain(amara);
    expect(taught.some((t) => t.year_group === 10)).toBe(true);
    expect(taught.some((t) => t.year_group === 8)).toBe(false);
  });

  it('records AM and PM marks with the 2024 codes on school days only, up to this morning', async () => {
    const { terms, isSchoolDay } = await loadCalendar();
    const marks = await db
      .selectFrom('attendance_marks')
      .select(['student_id', 'on_date', 'session', 'code', 'recorded_at', 'recorded_by_staff_id'])
      .execute();
    const summer = terms[2]?.starts_on ?? '';
    const days = new Set(marks.map((m) => m.on_date));
    let expected = 0;
    for (let date = summer; date <= TODAY; date = addDays(date, 1)) {
      if (isSchoolDay(date)) expected++;
    }
    expect(days.size).toBe(expected);
    expect(marks.length).toBeGreaterThan(20_000);
    const teachers = new Set(roles.filter((r) => r.role === 'teacher').map((r) => r.staff_id));
    // One expectation for the lot: 30,000 marks, and a failure names the marks that are wrong.
    const wrong = marks.filter(
      (m) =>
        !CODES_2024.includes(m.code) ||
        !isSchoolDay(m.on_date) ||
        m.on_date < summer ||
        m.on_date > TODAY ||
        m.recorded_at > NOW ||
        !teachers.has(m.recorded_by_staff_id ?? ''),
    );
    expect(wrong).toEqual([]);
    // 09:30 on a Tuesday: the morning register is in, the afternoon's is not.
    const today = marks.filter((m) => m.on_date === TODAY);
    expect(today.length).toBeGreaterThan(100);
    expect(today.every((m) => m.session === 'AM')).toBe(true);
    const present = marks.filter((m) => PRESENT.includes(m.code)).length / marks.length;
    expect(present).toBeGreaterThan(0.92);
    expect(present).toBeLessThan(0.97);
    expect(new Set(marks.map((m) => m.code)).size).toBeGreaterThanOrEqual(10);

    const { daniel, amara } = await demoChildren();
    const autumn = terms[3]?.starts_on ?? '';
    const absences = (id: string) =>
      marks.filter((m) => m.student_id === id && !PRESENT.includes(m.code));
    // Daniel: unexplained (N) in the last two weeks, and other absences this term.
    const danielsAbsences = absences(daniel).filter((m) => m.on_date >= autumn);
    const unexplained = danielsAbsences.filter((m) => m.code === 'N');
    expect(unexplained.some((m) => m.on_date >= addDays(TODAY, -14))).toBe(true);
    expect(danielsAbsences.some((m) => m.code !== 'N')).toBe(true);
    expect(absences(amara).filter((m) => m.on_date >= autumn).length).toBeGreaterThanOrEqual(2);
  });

  it('records praise and sanctions, with detentions, for the demo children too', async () => {
    const events = await db.selectFrom('behaviour_events').selectAll().execute();
    const { isSchoolDay } = await loadCalendar();
    for (const e of events) {
      expect(e.occurred_on < TODAY && isSchoolDay(e.occurred_on)).toBe(true);
      expect(e.kind === 'positive' ? e.points > 0 : e.points < 0).toBe(true);
      if (e.action_taken === 'Detention') expect(e.action_date! > e.occurred_on).toBe(true);
    }
    expect(events.some((e) => e.lesson_id !== null)).toBe(true);
    expect(events.some((e) => e.place === 'Playground' || e.place === 'Corridor')).toBe(true);
    const { daniel, amara } = await demoChildren();
    for (const child of [daniel, amara]) {
      const mine = events.filter((e) => e.student_id === child);
      expect(mine.filter((e) => e.kind === 'positive').length).toBeGreaterThanOrEqual(3);
      expect(mine.filter((e) => e.kind === 'negative').length).toBeGreaterThanOrEqual(2);
      expect(mine.some((e) => e.action_taken === 'Detention' && e.action_date)).toBe(true);
    }
    // A lesson an event is linked to is one the student has.
    const linked = await db
      .selectFrom('behaviour_events as e')
      .innerJoin('lessons as l', 'l.id', 'e.lesson_id')
      .leftJoin('teaching_group_members as m', (join) =>
        join.onRef('m.group_id', '=', 'l.group_id').onRef('m.student_id', '=', 'e.student_id'),
      )
      .select(['e.occurred_on', 'l.weekday', 'm.student_id'])
      .execute();
    for (const row of linked) {
      expect(row.student_id).not.toBeNull();
      expect(row.weekday).toBe(weekday(row.occurred_on));
    }
  });

  it('publishes notices for every audience, some unread by the demo users', async () => {
    const notices = await db.selectFrom('notices').selectAll().execute();
    const scopes = await db.selectFrom('notice_scopes').selectAll().execute();
    const scoped = (id: string) => scopes.filter((s) => s.notice_id === id);
    expect(notices.length).toBeGreaterThanOrEqual(10);
    const only = (n: (typeof notices)[number]) =>
      [n.for_parents, n.for_students, n.for_staff, n.for_governors].map(Number).join('');
    const governors = notices.filter((n) => only(n) === '0001');
    expect(governors.some((n) => n.title.includes('Governors'))).toBe(true);
    expect(notices.some((n) => only(n) === '0010')).toBe(true);
    expect(notices.some((n) => only(n) === '1111')).toBe(true);
    const concert = notices.find((n) => n.title === 'Winter concert');
    expect(concert && only(concert) === '1100' && scoped(concert.id).length === 0).toBe(true);
    const mocks = notices.find((n) => n.title === 'Year 10 mock exams');
    expect(mocks?.for_parents).toBe(true);
    expect(scoped(mocks?.id ?? '')).toMatchObject([{ year_group: 10 }]);
    expect(scopes.some((s) => s.form !== null)).toBe(true);
    expect(scopes.some((s) => s.group_id !== null)).toBe(true);
    const trip = notices.find((n) => n.attachment_name === 'trip-consent-form.pdf');
    expect(trip?.attachment_type).toBe('application/pdf');
    expect(
      Buffer.from(trip?.attachment_data ?? [])
        .subarray(0, 8)
        .toString(),
    ).toBe('%PDF-1.4');
    expect(scoped(trip?.id ?? '')).toMatchObject([{ year_group: 8 }]);
    expect(notices.some((n) => n.expires_at && n.expires_at < NOW)).toBe(true);
    expect(notices.some((n) => n.publish_at && n.publish_at > NOW)).toBe(true);
    expect(notices.every((n) => n.body_markdown.includes('## '))).toBe(true);

    const reads = await db.selectFrom('notice_reads').selectAll().execute();
    const { id: parent } = await userFor('demo.parent');
    expect(reads.some((r) => r.user_id === parent)).toBe(false);
    // Each staff or governor account has read some of its notices, not all.
    const { id: governor } = await userFor('demo.governor');
    const governorsRead = reads.filter((r) => r.user_id === governor).map((r) => r.notice_id);
    expect(governorsRead.length).toBeGreaterThan(0);
    expect(governors.some((n) => !governorsRead.includes(n.id))).toBe(true);
    expect(new Set(reads.map((r) => r.user_id)).size).toBeGreaterThanOrEqual(4);
    expect(reads.every((r) => r.read_at <= NOW)).toBe(true);
  });

  it('publishes report cycles for Years 10, 8 and 11 and keeps Year 9 Spring a draft', async () => {
    const cycles = await db.selectFrom('report_cycles').selectAll().execute();
    const cycle = (name: string) => cycles.find((c) => c.name === name);
    for (const name of ['Year 10 Autumn', 'Year 8 Autumn', 'Year 11 Mocks']) {
      expect(cycle(name)?.publish_at?.getTime()).toBeLessThan(NOW.getTime());
    }
    expect(cycle('Year 9 Spring')?.publish_at).toBeNull();
    const reports = await db
      .selectFrom('reports as r')
      .innerJoin('students as s', 's.id', 'r.student_id')
      .select(['r.id', 'r.cycle_id', 'r.student_id', 'r.tutor_staff_id', 'r.tutor_comment'])
      .select(['s.year_group', 's.forename', 's.preferred_name', 's.leaving_date'])
      .execute();
    const subjects = await db.selectFrom('report_subjects').selectAll().execute();
    const students = await db.selectFrom('students').selectAll().execute();
    for (const c of cycles) {
      const mine = reports.filter((r) => r.cycle_id === c.id);
      const year = students.filter((s) => s.year_group === c.year_group && onRoll(s));
      expect(mine.map((r) => r.student_id).sort()).toEqual(year.map((s) => s.id).sort());
    }
    const { daniel, amara } = await demoChildren();
    const danielsReport = reports.find(
      (r) => r.student_id === daniel && r.cycle_id === cycle('Year 10 Autumn')?.id,
    );
    const danielsSubjects = subjects.filter((s) => s.report_id === danielsReport?.id);
    expect(danielsSubjects).toHaveLength(11);
    expect(danielsReport?.tutor_comment).toContain('Daniel');
    for (const s of danielsSubjects) {
      expect(s.attainment).toMatch(/^[1-9]$/);
      expect(s.target).toMatch(/^[1-9]$/);
      expect(s.effort).toMatch(/^[1-4]$/);
      expect(s.comment).toContain('Daniel');
      expect(s.teacher_staff_id).not.toBeNull();
    }
    const amarasReport = reports.find(
      (r) => r.student_id === amara && r.cycle_id === cycle('Year 8 Autumn')?.id,
    );
    const amarasSubjects = subjects.filter((s) => s.report_id === amarasReport?.id);
    expect(amarasSubjects).toHaveLength(11);
    for (const s of amarasSubjects) {
      expect(['Emerging', 'Developing', 'Secure', 'Mastered']).toContain(s.attainment);
    }
  });

  it('has information pages for each audience, with documents', async () => {
    const pages = await db.selectFrom('info_pages').selectAll().execute();
    const page = (slug: string) => pages.find((p) => p.slug === slug);
    for (const slug of ['term-dates', 'uniform', 'school-day', 'attendance-policy']) {
      expect(page(slug)).toMatchObject({
        for_parents: true,
        for_students: true,
        for_staff: true,
        for_governors: true,
      });
    }
    expect(page('staff-handbook')).toMatchObject({
      for_parents: false,
      for_students: false,
      for_staff: true,
      for_governors: false,
    });
    expect(page('governors-handbook')).toMatchObject({
      for_parents: false,
      for_students: false,
      for_staff: false,
      for_governors: true,
    });
    expect(page('term-dates')?.body_markdown).toContain('Monday 26 October 2026');
    expect(page('school-day')?.body_markdown).toContain('| 14:00–15:00 | Period 5 |');
    const { id: admin } = await userFor('demo.admin');
    expect(pages.every((p) => p.updated_by_user_id === admin)).toBe(true);
    const documents = await db.selectFrom('info_documents').selectAll().execute();
    const priceList = documents.find((d) => d.title === 'Uniform price list');
    expect(priceList?.page_id).toBe(page('uniform')?.id);
    expect(
      Buffer.from(priceList?.data ?? [])
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('does nothing when run again', async () => {
    const counts = () => Promise.all(TABLES.map(count));
    const before = await counts();
    const again = await seedDemoSchool(db, { now: NOW, hashPassword });
    expect(again).toMatchObject({ seeded: false, students: 0, contacts: 0 });
    expect(again.accounts).toEqual(DEMO_ACCOUNTS);
    expect(await counts()).toEqual(before);
  });
});
